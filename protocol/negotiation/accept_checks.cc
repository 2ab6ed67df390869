#include "protocol/negotiation/accept_checks.h"

#include <algorithm>

#include "protocol/negotiation/vendor_options.h"

namespace smc::negotiation {

namespace {

Unexpected<ClientAcceptError> decline(DeclineCode c) { return unexpected(ClientAcceptError{c, false}); }

bool client_has_lgr(const HostSnapshot& host, const AcceptConfirmContent& a, bool smcd, bool v2) {
  for (const auto& g : host.link_groups) {
    if (g.server_role || g.smcd != smcd || g.v2 != v2 || !g.has_usable_link) continue;
    if (smcd ? g.peer_ism_gid == a.ism_gid
             : g.peer_system_id == a.peer_id && g.peer_qpn == a.qpn && g.peer_gid == a.gid)
      return true;
  }
  return false;
}

}  // namespace

Result<NegotiatedPath, ClientAcceptError> client_check_accept(const ClientOffer& offer,
                                                              const AcceptConfirmContent& a,
                                                              const HostSnapshot& host,
                                                              const ConnectionContext& conn,
                                                              const EngineProfile& profile) {
  const ProposalContent& p = offer.proposal;
  // C11
  if (a.type_code != 0 && a.type_code != 1) return decline(DeclineCode::ModeUnsupported);
  bool smcd = a.type_code == 1;
  bool v2 = a.version >= 2;
  const TypeSet& offered = v2 ? p.v2 : p.v1;
  if ((smcd && !offered.d) || (!smcd && !offered.r)) return decline(DeclineCode::ModeUnsupported);

  NegotiatedPath path;
  path.kind = smcd ? (v2 ? PathKind::SmcDv2 : PathKind::SmcDv1) : (v2 ? PathKind::SmcRv2 : PathKind::SmcRv1);
  path.first_contact = a.first_contact;
  path.eid = a.eid;

  if (!smcd) {
    const RdmaChoice& ch = v2 ? *offer.r_v2 : *offer.r_v1;
    path.device = ch.device;
    path.port = ch.port;
    path.local_gid = ch.gid;
    path.peer_gid = a.gid;
    // C12
    if (v2 && a.first_contact && a.fce) {
      path.v2_direct = a.fce->v2_direct;
      if (!a.fce->v2_direct) {
        RouteResult r = lookup_route(host, a.gid);
        if (!r.found || (r.via_gateway && r.gateway_is_v6)) return decline(DeclineCode::NoRoute);
        if (!r.via_gateway) return decline(DeclineCode::NoIndirect);
      }
      if (profile.anolis && a.fce->release > profile.release) return decline(DeclineCode::VersionMismatch);
      path.release = std::min(a.fce->release, profile.release);
      if (path.release >= 1) {
        if (a.fce->max_conns < 16) return decline(DeclineCode::MaxConnsMismatch);
        if (a.fce->max_links < 1 || a.fce->max_links > 2) return decline(DeclineCode::MaxLinksMismatch);
        path.max_conns = a.fce->max_conns;
        path.max_links = a.fce->max_links;
        path.feature_mask = static_cast<std::uint16_t>(a.fce->feature_mask & profile.feature_mask);
      }
      if (auto e = client_check_vendor(a.fce->vendor_options, host, profile)) return decline(*e);
      path.vendor_options = a.fce->vendor_options;
    }
  } else {
    // C12'
    if (v2 && a.first_contact && a.fce) {
      if (profile.anolis && a.fce->release > profile.release) return decline(DeclineCode::VersionMismatch);
      path.release = std::min(a.fce->release, profile.release);
      if (path.release >= 1) path.feature_mask = static_cast<std::uint16_t>(a.fce->feature_mask & profile.feature_mask);
      if (auto e = client_check_vendor(a.fce->vendor_options, host, profile)) return decline(*e);
      path.vendor_options = a.fce->vendor_options;
    }
    const IsmChoice* dev = nullptr;
    if (v2) {
      for (const auto& d : offer.d_v2)
        if (d.chid == a.chid) dev = &d;
      if (!dev && offer.d_v1 && offer.d_v1->chid == a.chid) dev = &*offer.d_v1;
      if (!dev) return unexpected(ClientAcceptError{std::nullopt, true});
    } else {
      dev = &*offer.d_v1;
    }
    path.device = dev->device;
    path.chid = dev->chid;
    path.local_ism_gid = dev->gid;
    path.peer_ism_gid = a.ism_gid;
  }
  (void)conn;
  // C13
  if (!a.first_contact && !client_has_lgr(host, a, smcd, v2)) return decline(DeclineCode::SyncError);
  return path;
}

std::optional<DeclineCode> server_check_confirm(const NegotiatedPath& accepted, const AcceptConfirmContent& c) {
  if (!accepted.first_contact || !is_v2(accepted.kind) || c.version < 2 || !c.fce) return std::nullopt;
  if (c.fce->release != accepted.release) return DeclineCode::ReleaseMismatch;
  if (accepted.release >= 1 && !is_smcd(accepted.kind)) {
    if (c.fce->max_conns != accepted.max_conns) return DeclineCode::MaxConnsMismatch;
    if (c.fce->max_links != accepted.max_links) return DeclineCode::MaxLinksMismatch;
  }
  return std::nullopt;
}

}  // namespace smc::negotiation
