#include "protocol/negotiation/host_snapshot.h"

namespace smc::negotiation {

const NetDevice* HostSnapshot::netdev(const std::string& name) const {
  for (const auto& d : netdevs)
    if (d.name == name) return &d;
  return nullptr;
}

bool HostSnapshot::has_v2_ism() const {
  for (const auto& d : ism)
    if (d.v2_capable) return true;
  return false;
}

RouteResult lookup_route(const HostSnapshot& host, const IpAddress& destination) {
  RouteResult best;
  int best_len = -1;
  bool best_explicit = false;
  auto consider = [&](const IpAddress& dst, std::uint8_t len, bool is_explicit, const Route* r, const std::string& dev) {
    if (!IpPrefix{dst, len}.contains(destination)) return;
    if (len < best_len || (len == best_len && (best_explicit || !is_explicit))) return;
    best_len = len;
    best_explicit = is_explicit;
    best = RouteResult{};
    if (r && r->unreachable) return;  // found stays false
    best.found = true;
    best.device = dev;
    if (r && r->gateway) {
      best.via_gateway = true;
      best.gateway_is_v6 = r->gateway_is_v6;
    }
  };
  for (const auto& r : host.routes) consider(r.destination, r.prefix_len, true, &r, r.device);
  for (const auto& d : host.netdevs)
    for (const auto& a : d.addresses) consider(a.address, a.prefix_len, false, nullptr, d.name);
  return best;
}

const NetDevice* base_netdev(const HostSnapshot& host, const std::string& name) {
  const NetDevice* d = host.netdev(name);
  for (int depth = 0; d && !d->lower.empty() && depth < 8; ++depth) d = host.netdev(d->lower);
  return d;
}

std::string effective_pnetid(const HostSnapshot& host, const std::string& name) {
  const NetDevice* d = host.netdev(name);
  for (int depth = 0; d && depth < 8; ++depth) {
    if (!d->pnetid.empty()) return d->pnetid;
    if (d->lower.empty()) break;
    d = host.netdev(d->lower);
  }
  return {};
}

std::uint16_t chain_vlan(const HostSnapshot& host, const std::string& name) {
  const NetDevice* d = host.netdev(name);
  for (int depth = 0; d && depth < 8; ++depth) {
    if (d->vlan_id) return d->vlan_id;
    if (d->lower.empty()) break;
    d = host.netdev(d->lower);
  }
  return 0;
}

bool netdev_has_subnet_of(const NetDevice& dev, const IpAddress& addr) {
  for (const auto& a : dev.addresses)
    if (IpPrefix{a.address, a.prefix_len}.contains(addr)) return true;
  return false;
}

}  // namespace smc::negotiation
