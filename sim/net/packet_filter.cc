#include "sim/net/packet_filter.h"

#include <algorithm>

namespace smc::sim::net {

void FilterChain::remove(const PacketFilter* f) {
  filters_.erase(std::remove_if(filters_.begin(), filters_.end(), [&](const auto& p) { return p.get() == f; }),
                 filters_.end());
}

std::vector<Emission> FilterChain::apply(Packet packet, std::string* dropped_by) const {
  std::vector<Emission> current;
  current.push_back(Emission{std::move(packet), SimDuration::zero()});
  std::vector<Emission> next;
  for (const auto& f : filters_) {
    next.clear();
    for (auto& e : current) {
      if (!f->matches(e.packet)) {
        next.push_back(std::move(e));
        continue;
      }
      f->process(std::move(e), next);
    }
    current.swap(next);
    if (current.empty()) {
      if (dropped_by) *dropped_by = f->name();
      break;
    }
  }
  return current;
}

PacketMatch match_tcp_flags(std::uint8_t all_of, std::uint8_t none_of) {
  return [=](const Packet& p) {
    const auto* t = p.tcp();
    return t && (t->flags & all_of) == all_of && (t->flags & none_of) == 0;
  };
}

PacketMatch match_tcp_payload() {
  return [](const Packet& p) {
    const auto* t = p.tcp();
    return t && !t->payload.empty();
  };
}

PacketMatch match_from(ports::IpAddress src) {
  return [src](const Packet& p) { return p.src == src.unmapped(); };
}

PacketMatch match_to_port(ports::IpAddress dst, std::uint16_t port) {
  return [dst, port](const Packet& p) {
    const auto* t = p.tcp();
    return t && p.dst == dst.unmapped() && t->dst_port == port;
  };
}

PacketMatch match_all_of(PacketMatch a, PacketMatch b) {
  return [a = std::move(a), b = std::move(b)](const Packet& p) { return (!a || a(p)) && (!b || b(p)); };
}

}  // namespace smc::sim::net
