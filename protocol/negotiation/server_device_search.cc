#include "protocol/negotiation/server_device_search.h"

#include <algorithm>

namespace smc::negotiation {

namespace {

bool has_ueid(const HostSnapshot& host, const std::string& id) {
  return std::find(host.ueids.begin(), host.ueids.end(), id) != host.ueids.end();
}

bool can_talk(const IsmDevice& d, std::uint64_t peer_gid) {
  return std::find(d.reachable_gids.begin(), d.reachable_gids.end(), peer_gid) != d.reachable_gids.end();
}

// An existing server link group this connection would join (wire-format.md §6.3).
const LinkGroupSnapshot* find_server_lgr(const HostSnapshot& host, bool smcd, bool v2, const SystemId& peer,
                                         const IpAddress& peer_gid, std::uint64_t peer_ism_gid,
                                         std::uint16_t vlan) {
  for (const auto& g : host.link_groups) {
    if (!g.server_role || g.smcd != smcd || g.v2 != v2 || g.conns >= g.max_conns) continue;
    if (smcd ? g.peer_ism_gid != peer_ism_gid : (g.peer_system_id != peer || g.peer_gid != peer_gid)) continue;
    if (!v2 && g.vlan != vlan) continue;
    return &g;
  }
  return nullptr;
}

}  // namespace

std::string negotiate_eid_smcd(const ProposalContent& p, const HostSnapshot& host) {
  if (p.seid_flag && host.seid_enabled && p.seid == host.seid) return host.seid;
  for (const auto& u : p.ueids)
    if (has_ueid(host, u)) return u;
  return {};
}

std::string negotiate_eid_smcr(const ProposalContent& p, const HostSnapshot& host) {
  for (const auto& u : p.ueids)
    if (has_ueid(host, u)) return u;
  return {};
}

bool server_prefix_matches(const ProposalContent& p, const HostSnapshot& host, const std::string& egress) {
  const NetDevice* dev = host.netdev(egress);
  if (!dev) return false;
  if (p.ipv6_prefixes.empty()) {
    for (const auto& a : dev->addresses)
      if (a.address.is_v4() && a.prefix_len == p.ipv4_prefix_len &&
          IpPrefix{a.address, a.prefix_len}.contains(p.ipv4_subnet))
        return true;
    return false;
  }
  for (const auto& pp : p.ipv6_prefixes)
    for (const auto& a : dev->addresses)
      if (!a.address.is_v4() && !a.address.is_link_local() && a.prefix_len == pp.length &&
          IpPrefix{a.address, a.prefix_len}.network() == pp.network())
        return true;
  return false;
}

Result<ServerChoice, DeclineCode> server_device_search(const ProposalContent& p, const ServerOfferPlan& plan,
                                                 const HostSnapshot& host, const ConnectionContext& conn,
                                                 const EngineProfile& profile, const PathSetupOutcomes& setup) {
  // Test-only broken engine: proves the campaign's oracle notices a server that never finds
  // a device (conformance/campaign tests).
  if (profile.mutated(EngineMutation::ServerDeclinesAlways)) return unexpected(DeclineCode::NoSmcDevice);
  std::optional<DeclineCode> rc;
  auto store = [&rc](DeclineCode c) {
    if (rc == std::nullopt) rc = c;
  };
  auto rc_or = [&rc](DeclineCode c) { return unexpected(rc ? *rc : c); };
  RouteResult route = lookup_route(host, conn.peer);
  std::string egress = route.found ? route.device : std::string{};

  auto make_path = [&](PathKind k) {
    NegotiatedPath path;
    path.kind = k;
    path.release = is_v2(k) ? plan.release : 0;
    path.max_conns = k == PathKind::SmcRv2 ? plan.max_conns : 255;
    path.max_links = k == PathKind::SmcRv2 ? plan.max_links : 2;
    path.feature_mask = is_v2(k) && plan.release >= 1 ? profile.feature_mask : 0;
    return path;
  };

  // 1. ISM v2: a local device with a proposed CHID that can reach the proposed GID.
  if (plan.d_v2) {
    std::vector<IsmOffer> proposed;
    if (p.ism.chid || p.ism.gid) proposed.push_back(p.ism);
    proposed.insert(proposed.end(), p.ism_v2.begin(), p.ism_v2.end());
    const IsmDevice* match = nullptr;
    IsmOffer peer{};
    for (const auto& o : proposed) {
      for (const auto& d : host.ism)
        if (!match && d.v2_capable && !d.being_removed && d.chid == o.chid && can_talk(d, o.gid)) {
          match = &d;
          peer = o;
        }
      if (match) break;
    }
    if (!match) {
      store(DeclineCode::NoSmcDV2Device);
    } else if (std::string eid = negotiate_eid_smcd(p, host); !eid.empty()) {
      std::optional<DeclineCode> c = setup.ism_v2;
      if (c == std::nullopt) {
        NegotiatedPath path = make_path(PathKind::SmcDv2);
        path.device = match->name;
        path.chid = match->chid;
        path.local_ism_gid = match->gid;
        path.peer_ism_gid = peer.gid;
        path.eid = eid;
        path.first_contact = !find_server_lgr(host, true, true, {}, {}, peer.gid, 0);
        return ServerChoice{path, match->gid};
      }
      store(*c);
    }
  }

  // 2. prefix (v1 paths only)
  std::optional<DeclineCode> prefix_rc;
  if (!p.v1.none() && !server_prefix_matches(p, host, egress)) {
    prefix_rc = DeclineCode::DifferentPrefix;
    if (profile.server_prefix_mismatch_code == DeclineCode::DifferentPrefix) store(DeclineCode::DifferentPrefix);
  }

  // 3. VLAN of the accepted socket's device
  if (conn.vlan_lookup_fails || !route.found) return rc_or(DeclineCode::GetVlanError);
  std::uint16_t vlan = chain_vlan(host, egress);

  // 4. ISM v1
  if (prefix_rc == std::nullopt && plan.d_v1) {
    std::optional<IsmChoice> dev = find_ism_v1(host, egress);
    const IsmDevice* d = nullptr;
    for (const auto& cand : host.ism)
      if (dev && cand.name == dev->device) d = &cand;
    if (!d || !can_talk(*d, p.ism.gid)) {
      store(DeclineCode::NoSmcDDevice);
    } else {
      std::optional<DeclineCode> c = setup.ism_v1;
      if (c == std::nullopt && vlan && d->vlan_table_full) c = DeclineCode::IsmVlanError;
      if (c == std::nullopt) {
        NegotiatedPath path = make_path(PathKind::SmcDv1);
        path.device = d->name;
        path.chid = d->chid;
        path.local_ism_gid = d->gid;
        path.peer_ism_gid = p.ism.gid;
        path.first_contact = !find_server_lgr(host, true, false, {}, {}, p.ism.gid, vlan);
        return ServerChoice{path, d->gid};
      }
      store(*c);
    }
  }

  // 5. no SMC-R offered at all
  if (!p.v1.r && !p.v2.r) return rc_or(DeclineCode::NoSmcDDevice);

  auto try_rdma = [&](PathKind k, const RdmaChoice& ch, const IpAddress& peer_gid, std::uint16_t lgr_vlan,
                      std::optional<DeclineCode> injected) -> Result<ServerChoice, DeclineCode> {
    const LinkGroupSnapshot* g = find_server_lgr(host, false, k == PathKind::SmcRv2, p.system_id, peer_gid, 0, lgr_vlan);
    std::optional<DeclineCode> c = injected;
    if (c == std::nullopt && g && !g->has_usable_link) c = DeclineCode::NoActiveLink;
    if (c) return unexpected(*c);
    NegotiatedPath path = make_path(k);
    path.device = ch.device;
    path.port = ch.port;
    path.local_gid = ch.gid;
    path.peer_gid = peer_gid;
    path.v2_direct = !ch.uses_gateway;
    path.first_contact = g == nullptr;
    return ServerChoice{path, 0};
  };

  // 6. RDMA v2
  if (plan.r_v2) {
    std::string eid = negotiate_eid_smcr(p, host);
    if (!eid.empty()) {
      RdmaQuery q{egress, vlan, true, conn.local, p.roce_v2_gid, conn.netns};
      std::optional<RdmaChoice> ch = find_rdma_port(host, q);
      if (!ch) {
        store(DeclineCode::NoSmcRDevice);
      } else {
        auto r = try_rdma(PathKind::SmcRv2, *ch, p.roce_v2_gid, 0, setup.rdma_v2);
        if (r) {
          r->path.eid = eid;
          return r;
        }
        store(r.error());
      }
    }
  }

  // 7. RDMA v1
  if (prefix_rc == std::nullopt) {
    DeclineCode no_dev = profile.server_rv1_no_device_code;
    if (!plan.r_v1) return rc_or(DeclineCode::NoSmcDevice);
    std::optional<RdmaChoice> ch = find_rdma_port(host, RdmaQuery{egress, vlan, false, conn.local, {}, conn.netns});
    if (!ch) return rc_or(no_dev);
    auto r = try_rdma(PathKind::SmcRv1, *ch, p.r_gid, vlan, setup.rdma_v1);
    if (r) return r;
    store(r.error());
    return unexpected(*rc);  // stored just above
  }

  // 8. the prefix check failed and SMC-R was offered
  return unexpected(profile.server_prefix_mismatch_code);
}

}  // namespace smc::negotiation
