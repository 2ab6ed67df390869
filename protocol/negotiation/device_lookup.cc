#include "protocol/negotiation/device_lookup.h"

namespace smc::negotiation {

namespace {

bool port_maps_to_egress(const HostSnapshot& host, const RdmaPort& port, const std::string& egress) {
  std::string pnetid = effective_pnetid(host, egress);
  if (!pnetid.empty()) return port.pnetid == pnetid;
  const NetDevice* base = base_netdev(host, egress);
  return base && port.netdev == base->name;
}

std::optional<IpAddress> pick_gid(const HostSnapshot& host, const RdmaPort& port, const RdmaQuery& q,
                                  bool& uses_gateway) {
  for (const auto& g : port.gids) {
    if (!q.v2) {
      if (g.type == GidType::RoceV1 && chain_vlan(host, g.netdev) == q.vlan) return g.gid;
      continue;
    }
    if (g.type != GidType::RoceV2 || !g.gid.unmapped().is_v4()) continue;
    const NetDevice* nd = host.netdev(g.netdev);
    if (!nd || !netdev_has_subnet_of(*nd, q.local)) continue;
    if (q.peer_roce) {
      RouteResult r = lookup_route(host, *q.peer_roce);
      if (!r.found || (r.via_gateway && r.gateway_is_v6)) continue;
      uses_gateway = r.via_gateway;
    }
    return g.gid.unmapped();  // one form for IPv4 GIDs, however the host listed it
  }
  return std::nullopt;
}

}  // namespace

std::optional<RdmaChoice> find_rdma_port(const HostSnapshot& host, const RdmaQuery& q) {
  for (const auto& dev : host.rdma) {
    if (dev.being_removed) continue;
    if (host.rdma_netns_exclusive && dev.netns != q.netns) continue;
    for (const auto& port : dev.ports) {
      if (!port.active || !port_maps_to_egress(host, port, q.egress)) continue;
      bool gw = false;
      auto gid = pick_gid(host, port, q, gw);
      if (!gid) continue;
      return RdmaChoice{dev.name, port.number, *gid, port.mac, gw};
    }
  }
  return std::nullopt;
}

std::optional<IsmChoice> find_ism_v1(const HostSnapshot& host, const std::string& egress) {
  std::string pnetid = effective_pnetid(host, egress);
  if (pnetid.empty()) return std::nullopt;
  for (const auto& d : host.ism) {
    if (d.loopback || d.being_removed || d.pnetid != pnetid) continue;
    return IsmChoice{d.name, d.gid, d.chid};
  }
  return std::nullopt;
}

std::vector<IsmChoice> list_ism_v2(const HostSnapshot& host, const std::string& except) {
  std::vector<IsmChoice> out;
  for (const auto& d : host.ism) {
    if (!d.v2_capable || d.being_removed || d.name == except) continue;
    if (!d.pnetid.empty()) {
      bool carried = false;
      for (const auto& nd : host.netdevs) carried = carried || nd.pnetid == d.pnetid;
      if (!carried) continue;
    }
    bool dup = false;
    for (const auto& c : out) dup = dup || c.chid == d.chid;
    if (dup || out.size() >= 8) continue;
    out.push_back(IsmChoice{d.name, d.gid, d.chid});
  }
  return out;
}

}  // namespace smc::negotiation
