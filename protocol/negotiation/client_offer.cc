#include "protocol/negotiation/client_offer.h"

#include "protocol/negotiation/vendor_options.h"

namespace smc::negotiation {

namespace {

// C8: fills the prefix area; false when the prefix cannot be read (VIP on lo/dummy, IPv6 with
// link-local addresses only, no egress device).
bool fill_prefix(const HostSnapshot& host, const ConnectionContext& conn, const std::string& egress,
                 ProposalContent& p) {
  const NetDevice* dev = host.netdev(egress);
  if (!dev) return false;
  if (conn.family == SocketFamily::Inet6 && !conn.peer.unmapped().is_v4()) {
    p.ipv6_prefixes.clear();
    for (const auto& a : dev->addresses) {
      if (a.address.is_v4() || a.address.is_link_local() || p.ipv6_prefixes.size() >= 8) continue;
      p.ipv6_prefixes.push_back(IpPrefix{a.address, a.prefix_len}.network());
    }
    return !p.ipv6_prefixes.empty();
  }
  for (const auto& a : dev->addresses) {
    if (!a.address.is_v4() || !IpPrefix{a.address, a.prefix_len}.contains(conn.local)) continue;
    p.ipv4_subnet = IpPrefix{conn.local.unmapped(), a.prefix_len}.network().address;
    p.ipv4_prefix_len = a.prefix_len;
    return true;
  }
  return false;
}

}  // namespace

std::uint8_t client_early_decline_version(const HostSnapshot& host, const EngineProfile& profile) {
  return profile.smcd_v2 && host.has_v2_ism() ? 2 : 1;
}

Result<ClientOffer, DeclineCode> build_client_offer(const HostSnapshot& host, const ConnectionContext& conn,
                                              const EngineProfile& profile) {
  ClientOffer out;
  RouteResult route = lookup_route(host, conn.peer);
  out.egress = route.found ? route.device : std::string{};

  bool want_d1 = true, want_r1 = true, want_d2 = profile.smcd_v2, want_r2 = profile.smcr_v2;
  // C5: the VLAN lookup needs the connection's route and device.
  if (conn.vlan_lookup_fails || !route.found) {
    if (profile.client_vlan_failure_declines) return unexpected(DeclineCode::GetVlanError);
    want_d1 = false;
    want_r1 = false;
    want_r2 = false;
  } else {
    out.vlan = chain_vlan(host, out.egress);
  }

  // C6, in the kernel's order.
  if (want_d1) out.d_v1 = find_ism_v1(host, out.egress);
  if (want_r1) out.r_v1 = find_rdma_port(host, RdmaQuery{out.egress, out.vlan, false, conn.local, {}, conn.netns});
  if (want_d2) out.d_v2 = list_ism_v2(host, out.d_v1 ? out.d_v1->device : std::string{});
  bool v4_socket = conn.family == SocketFamily::Inet || (profile.v4_mapped_offers_v2 && conn.peer.unmapped().is_v4());
  // Test-only broken engine: hidden state outside the seed (a process-wide counter) decides
  // the offer, which the campaign's determinism re-run must notice.
  if (profile.mutated(EngineMutation::NondeterministicOffer)) {
    static unsigned calls = 0;
    if (++calls % 2 == 0) want_r2 = false;
  }
  if (want_r2 && v4_socket && !host.ueids.empty())
    out.r_v2 = find_rdma_port(host, RdmaQuery{out.egress, out.vlan, true, conn.local, {}, conn.netns});

  ProposalContent& p = out.proposal;
  p.version = profile.smcd_v2 ? 2 : 1;
  p.v1 = TypeSet{out.r_v1.has_value(), out.d_v1.has_value()};
  p.v2 = TypeSet{out.r_v2.has_value(), !out.d_v2.empty()};
  if (p.v1.none() && p.v2.none()) return unexpected(DeclineCode::NoSmcDevice);

  // C8
  if (!p.v1.none() && !fill_prefix(host, conn, out.egress, p)) {
    if (p.v2.none()) return unexpected(DeclineCode::ConfigError);
    p.v1 = TypeSet{};
    out.r_v1.reset();
    out.d_v1.reset();
  }

  if (p.v1.r) {
    p.system_id = host.system_id;
    p.r_gid = out.r_v1->gid;
    p.mac = out.r_v1->mac;
  }
  p.has_smcd_area = p.version >= 2 || p.v1.d;
  if (p.has_smcd_area) p.vendor_options = client_vendor_offer(host, profile);  // Anolis (§5 0x0303000c)
  if (out.d_v1) p.ism = IsmOffer{out.d_v1->gid, out.d_v1->chid};
  if (!p.v2.none()) {
    p.has_v2_ext = true;
    p.release = profile.release;
    p.ueids = host.ueids;
    if (p.release >= 1) {
      p.max_conns = 255;
      p.max_links = 2;
      p.feature_mask = profile.feature_mask;
    }
    if (out.r_v2) p.roce_v2_gid = out.r_v2->gid;
    if (p.v2.d) {
      p.has_smcd_v2_ext = true;
      p.seid_flag = host.seid_enabled;
      if (host.seid_enabled) p.seid = host.seid;
      for (const auto& d : out.d_v2) p.ism_v2.push_back(IsmOffer{d.gid, d.chid});
    }
  }
  return out;
}

}  // namespace smc::negotiation
