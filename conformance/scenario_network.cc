#include "conformance/scenario_network.h"

#include <algorithm>

namespace smc::conformance {

namespace {

std::optional<world::NetworkFaultKind> network_kind(const std::string& k) {
  using K = world::NetworkFaultKind;
  if (k == "loss-mask") return K::LossMask;
  if (k == "loss") return K::Loss;
  if (k == "delay") return K::Delay;
  if (k == "duplicate") return K::Duplicate;
  if (k == "reorder") return K::Reorder;
  if (k == "partition") return K::Partition;
  if (k == "heal") return K::Heal;
  if (k == "link-down") return K::LinkDown;
  if (k == "link-up") return K::LinkUp;
  if (k == "rdma-blackhole") return K::RdmaBlackhole;
  return std::nullopt;
}

const scenarios::HostSpec* find_host(const scenarios::Scenario& s, const std::string& name) {
  for (const auto& h : s.hosts)
    if (h.name == name) return &h;
  return nullptr;
}

}  // namespace

bool is_network_fault(const scenarios::FaultSpec& f) {
  if (f.kind == "rdma-blackhole") return f.direction != "both";
  return network_kind(f.kind).has_value();
}

std::optional<std::string> apply_network(const scenarios::Scenario& s, world::WorldSetup& w) {
  for (const auto& seg : s.segments) {
    world::NetworkSegment n;
    n.name = seg.name;
    n.delay_ns = seg.delay_ns;
    n.bandwidth_bps = static_cast<std::uint64_t>(seg.bandwidth_bps.value_or(0));
    n.pps = static_cast<std::uint64_t>(seg.pps.value_or(0));
    n.mtu = static_cast<std::uint32_t>(seg.mtu);
    w.network.segments.push_back(n);
  }
  for (const auto& h : s.hosts)
    for (const auto& i : h.interfaces) {
      // Only init_net's devices carry the world's connections; a VLAN device rides on its lower.
      if (i.segment.empty() || i.netns != "init") continue;
      w.network.ports.push_back(world::NetworkPort{h.name, i.name, i.segment, static_cast<std::uint32_t>(i.mtu)});
    }
  for (const auto& f : s.faults) {
    if (!is_network_fault(f)) continue;
    const std::string what = "fault '" + f.kind + "' (line " + std::to_string(f.line) + ")";
    world::NetworkFault n;
    n.kind = *network_kind(f.kind);
    // The target: a segment, host/interface, or a host.
    auto slash = f.target.find('/');
    bool is_segment = std::any_of(s.segments.begin(), s.segments.end(), [&](const auto& g) { return g.name == f.target; });
    if (is_segment) {
      n.segment = f.target;
    } else if (slash == std::string::npos) {
      if (!find_host(s, f.target)) return what + ": target '" + f.target + "' is neither a segment nor a host";
      n.host = f.target;
    } else {
      n.host = f.target.substr(0, slash);
      const std::string ifname = f.target.substr(slash + 1);
      const auto* h = find_host(s, n.host);
      if (!h) return what + ": no host '" + n.host + "'";
      for (const auto& i : h->interfaces)
        if (i.name == ifname) n.segment = i.segment;
      if (n.segment.empty()) return what + ": target '" + f.target + "' is not an interface plugged into a segment";
    }
    if (f.direction == "client-to-server") n.direction = world::FaultDirection::ClientToServer;
    else if (f.direction == "server-to-client") n.direction = world::FaultDirection::ServerToClient;
    else if (f.direction != "both") return what + ": direction '" + f.direction + "'";
    n.at_ns = f.at_ns.value_or(0);
    n.delay_ns = f.delay_ns.value_or(0);
    n.packets.assign(f.packets.begin(), f.packets.end());
    using K = world::NetworkFaultKind;
    if (n.kind == K::Loss || n.kind == K::Reorder) {
      if (!f.probability) return what + ": needs 'probability'";
    }
    n.probability = f.probability.value_or(1.0);
    if (n.kind == K::Delay && n.delay_ns <= 0) return what + ": needs 'delay'";
    if ((n.kind == K::Heal || n.kind == K::LinkUp) && !f.at_ns) return what + ": needs 'at'";
    w.network.faults.push_back(std::move(n));
  }
  return std::nullopt;
}

}  // namespace smc::conformance
