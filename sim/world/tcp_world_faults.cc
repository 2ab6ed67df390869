// TcpWorld's network faults (NetworkFault): which cables a fault hits, in which directions,
// and what it installs or switches there, at its instant.
#include <algorithm>
#include <set>

#include "sim/world/tcp_world.h"

namespace smc::world {

namespace net = sim::net;

namespace {

std::string_view kind_name(NetworkFaultKind k) {
  switch (k) {
    case NetworkFaultKind::LossMask: return "loss-mask";
    case NetworkFaultKind::Loss: return "loss";
    case NetworkFaultKind::Delay: return "delay";
    case NetworkFaultKind::Duplicate: return "duplicate";
    case NetworkFaultKind::Reorder: return "reorder";
    case NetworkFaultKind::Partition: return "partition";
    case NetworkFaultKind::Heal: return "heal";
    case NetworkFaultKind::LinkDown: return "link-down";
    case NetworkFaultKind::LinkUp: return "link-up";
    case NetworkFaultKind::RdmaBlackhole: return "rdma-blackhole";
  }
  return "?";
}

// The cable ends (0: the client's, 1: the server's) whose outgoing direction the fault acts on.
std::vector<int> ends_of(FaultDirection d) {
  switch (d) {
    case FaultDirection::ClientToServer: return {0};
    case FaultDirection::ServerToClient: return {1};
    case FaultDirection::Both: break;
  }
  return {0, 1};
}

// A duplicate trails its original by this much; a reordered packet without a `delay` is held
// this long (long enough for the next segments of a window to overtake it).
constexpr std::int64_t kDuplicateGapNs = 1'000;
constexpr std::int64_t kDefaultReorderHoldNs = 1'000'000;

}  // namespace

void TcpWorld::schedule_fault(const NetworkFault& f, std::size_t index) {
  if (f.at_ns <= 0) {
    apply_fault(f, index);
    return;
  }
  sim_.schedule_at(sim::at_ns(f.at_ns), [this, f, index] { apply_fault(f, index); });
}

void TcpWorld::apply_fault(const NetworkFault& f, std::size_t index) {
  // Cables in name order of their hosts: the order filters are made in, and so their names.
  for (auto& [key, cable] : cables_) {
    if (!f.segment.empty() && std::find(cable.segments.begin(), cable.segments.end(), f.segment) == cable.segments.end())
      continue;
    if (!f.host.empty() && f.host != cable.client && f.host != cable.server) continue;
    net::Link& link = *cable.link;
    sim_.trace().record(sim_.now(), "world", "net.fault",
                        {{"kind", std::string(kind_name(f.kind))}, {"link", link.name()}, {"index", index}});
    const std::string base = "fault" + std::to_string(index + 1) + ":" + std::string(kind_name(f.kind)) + ":";
    const auto ends = ends_of(f.direction);
    auto add = [&](const std::shared_ptr<net::PacketFilter>& filter) {
      for (int end : ends) link.filters(end).add(filter);
    };
    // Probabilistic filters draw from a stream named after the filter: one per direction, so
    // the draws of one direction do not depend on the traffic of the other.
    auto dir_name = [&](int end) { return base + (end == 0 ? "c2s:" : "s2c:") + link.name(); };
    switch (f.kind) {
      case NetworkFaultKind::LossMask: {
        // One mask for all the directions it covers: packet n is the n-th either way.
        std::set<std::uint64_t> drop(f.packets.begin(), f.packets.end());
        add(std::make_shared<net::LossMask>(base + link.name(), std::move(drop)));
        break;
      }
      case NetworkFaultKind::Loss:
        for (int end : ends)
          link.filters(end).add(std::make_shared<net::RandomLoss>(dir_name(end), sim_.seed(), f.probability));
        break;
      case NetworkFaultKind::Delay:
        add(std::make_shared<net::FixedDelay>(base + link.name(), sim::ns(f.delay_ns)));
        break;
      case NetworkFaultKind::Duplicate:
        for (int end : ends)
          link.filters(end).add(
              std::make_shared<net::Duplicate>(dir_name(end), sim_.seed(), f.probability, sim::ns(kDuplicateGapNs)));
        break;
      case NetworkFaultKind::Reorder:
        for (int end : ends)
          link.filters(end).add(std::make_shared<net::Reorder>(
              dir_name(end), sim_.seed(), f.probability, sim::ns(f.delay_ns > 0 ? f.delay_ns : kDefaultReorderHoldNs)));
        break;
      case NetworkFaultKind::Partition:
        for (int end : ends) cable.partition[static_cast<std::size_t>(end)]->partition();
        break;
      case NetworkFaultKind::Heal:
        for (int end : ends) cable.partition[static_cast<std::size_t>(end)]->heal();
        break;
      case NetworkFaultKind::LinkDown:
        network_.set_link_up(link, false);
        break;
      case NetworkFaultKind::LinkUp:
        network_.set_link_up(link, true);
        break;
      case NetworkFaultKind::RdmaBlackhole:
        for (int end : ends) {
          const std::string& from = end == 0 ? cable.client : cable.server;
          fabric_->blackhole(from, end == 0 ? cable.server : cable.client);
        }
        break;
    }
  }
}

}  // namespace smc::world
