#include "sim/world/world_roce_fabric.h"

#include <algorithm>

#include "sim/net/link.h"

namespace smc::world {

namespace {
std::pair<std::string, std::string> ordered(const std::string& a, const std::string& b) {
  return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}
bool is_request(sim::RoceOpcode op) { return op != sim::RoceOpcode::Ack && op != sim::RoceOpcode::Nak; }
}  // namespace

WorldRoceFabric::WorldRoceFabric(sim::Simulator& sim, std::string name, std::int64_t default_delay_ns)
    : Actor(sim, std::move(name)), default_delay_ns_(default_delay_ns) {}

void WorldRoceFabric::attach(const ports::Gid& gid, sim::RoceEndpoint* endpoint) { endpoints_.emplace(gid, endpoint); }

void WorldRoceFabric::detach(const ports::Gid& gid) { endpoints_.erase(gid); }

void WorldRoceFabric::assign_host(const ports::Gid& gid, const std::string& host) { host_of_.emplace(gid, host); }

void WorldRoceFabric::set_path(const std::string& a, const std::string& b, std::int64_t delay_ns, bool reachable,
                               std::uint64_t bandwidth_bps) {
  Path fresh_path;
  fresh_path.delay_ns = delay_ns;
  fresh_path.bandwidth_bps = bandwidth_bps;
  auto [it, fresh] = paths_.emplace(ordered(a, b), fresh_path);
  if (!reachable) it->second.blackholed = {true, true};
}

void WorldRoceFabric::blackhole(const std::string& from, const std::string& to) {
  auto it = paths_.find(ordered(from, to));
  if (it == paths_.end()) return;
  it->second.blackholed[from < to ? 0 : 1] = true;
}

WorldRoceFabric::Route WorldRoceFabric::route_of(const ports::Gid& from, const ports::Gid& to) {
  auto f = host_of_.find(from);
  auto t = host_of_.find(to);
  if (f == host_of_.end() || t == host_of_.end()) return {};
  auto it = paths_.find(ordered(f->second, t->second));
  if (it == paths_.end()) return {};
  return Route{&it->second, f->second < t->second ? 0 : 1, &f->second, &t->second};
}

void WorldRoceFabric::transmit(sim::RocePacket packet) {
  Route route = route_of(packet.src_gid, packet.dst_gid);
  Path* path = route.path;
  const bool cut = path && probe_ && *route.from != *route.to && !probe_(*route.from, *route.to);
  const bool drop = path && (path->blackholed[static_cast<std::size_t>(route.direction)] || cut);
  std::int64_t arrive_after = path ? path->delay_ns : default_delay_ns_;
  if (path && path->bandwidth_bps > 0 && !drop) {
    // FIFO per direction: a message waits until the one before it has left.
    auto& busy = path->busy_until[static_cast<std::size_t>(route.direction)];
    std::uint64_t bytes = packet.length + std::uint64_t{packet.packets} * kRoceHeaderBytes;
    std::int64_t start = std::max(busy, now().ns());
    busy = start + sim::net::serialization_time(bytes, path->bandwidth_bps).ns();
    arrive_after += busy - now().ns();
  }
  std::optional<std::size_t> token;
  if (is_request(packet.opcode))
    if (auto w = watchers_.find({packet.src_gid, packet.src_qpn}); w != watchers_.end())
      token = w->second->sent(packet, drop, now().ns());
  if (drop) {
    counters_.messages_dropped += 1;
    counters_.packets_dropped += packet.packets;
    sim::trace_packet(simulator().trace(), now(), name(), cut ? "fabric.drop-cable" : "fabric.drop", packet);
    return;
  }
  auto p = std::make_shared<sim::RocePacket>(std::move(packet));
  schedule_after(sim::ns(arrive_after), [this, p, token, src = std::make_pair(p->src_gid, p->src_qpn)] {
    auto it = endpoints_.find(p->dst_gid);
    if (it == endpoints_.end()) {
      counters_.messages_dropped += 1;
      counters_.packets_dropped += p->packets;
      sim::trace_packet(simulator().trace(), now(), name(), "fabric.drop-no-gid", *p);
      return;
    }
    counters_.messages_delivered += 1;
    counters_.packets_delivered += p->packets;
    counters_.bytes_delivered += p->length;
    // Looked up again: the watcher may have gone while the message was in flight.
    if (token)
      if (auto w = watchers_.find(src); w != watchers_.end()) w->second->arrived(*token, now().ns());
    it->second->receive(*p);
  });
}

}  // namespace smc::world
