#include "sim/rnic/roce_fabric.h"

#include <memory>

namespace smc::sim {

DirectRoceFabric::DirectRoceFabric(Simulator& sim, std::string name, SimDuration one_way_latency)
    : Actor(sim, std::move(name)), latency_(one_way_latency) {}

void DirectRoceFabric::attach(const ports::Gid& gid, RoceEndpoint* endpoint) { endpoints_[gid] = endpoint; }

void DirectRoceFabric::detach(const ports::Gid& gid) { endpoints_.erase(gid); }

void DirectRoceFabric::set_reachable(const ports::Gid& from, const ports::Gid& to, bool reachable) {
  if (reachable)
    blocked_.erase({from, to});
  else
    blocked_.insert({from, to});
}

void DirectRoceFabric::transmit(RocePacket packet) {
  const std::uint64_t index = ++transmitted_;
  const bool drop = !all_reachable_ || blocked_.count({packet.src_gid, packet.dst_gid}) != 0 ||
                    drop_indices_.count(index) != 0;
  if (drop) {
    counters_.messages_dropped += 1;
    counters_.packets_dropped += packet.packets;
    trace_packet(simulator().trace(), now(), name(), "fabric.drop", packet);
    return;
  }
  // Reachability is decided at send time; whether anyone owns the GID at arrival time
  // (the device may be gone by then) is decided at delivery.
  auto p = std::make_shared<RocePacket>(std::move(packet));
  schedule_after(latency_, [this, p] {
    auto it = endpoints_.find(p->dst_gid);
    if (it == endpoints_.end()) {
      counters_.messages_dropped += 1;
      counters_.packets_dropped += p->packets;
      trace_packet(simulator().trace(), now(), name(), "fabric.drop-no-gid", *p);
      return;
    }
    counters_.messages_delivered += 1;
    counters_.packets_delivered += p->packets;
    counters_.bytes_delivered += p->length;
    it->second->receive(*p);
  });
}

}  // namespace smc::sim
