// Client offer building (C5–C8), server S7/S8 and the Accept/Confirm checks, against
// fallback-causes.md §2 and wire-format.md §6.7.
#include <doctest/doctest.h>

#include "protocol/negotiation/accept_checks.h"
#include "protocol/negotiation/client_offer.h"
#include "protocol/negotiation/server_version_check.h"
#include "tests/handshake/handshake_harness.h"

using namespace smc::negotiation;
using smc::test::baseline_conn;
using smc::test::baseline_host;

TEST_CASE("baseline client offers SMC-R v1 and v2 in a version-2 Proposal") {
  auto o = build_client_offer(baseline_host(1), baseline_conn(1), EngineProfile::linux_6_18());
  REQUIRE(o.ok());
  CHECK(o->proposal.version == 2);
  CHECK(o->proposal.v1 == TypeSet{true, false});
  CHECK(o->proposal.v2 == TypeSet{true, false});
  CHECK(o->proposal.ipv4_subnet == IpAddress::v4(10, 0, 0, 0));
  CHECK(o->proposal.ipv4_prefix_len == 24);
  CHECK(o->proposal.roce_v2_gid == IpAddress::v4(10, 0, 0, 1));
  CHECK(o->proposal.max_conns == 255);
  CHECK(o->proposal.max_links == 2);
  CHECK(o->proposal.release == 1);
  CHECK(client_early_decline_version(baseline_host(1), EngineProfile::linux_6_18()) == 1);
}

TEST_CASE("C8: unreadable prefix drops v1 silently when v2 is offered") {
  HostSnapshot h = baseline_host(1);
  h.netdevs.push_back(NetDevice{"lo", {InterfaceAddress{IpAddress::v4(192, 168, 9, 9), 32}}, "", 0, "", "init"});
  ConnectionContext c = baseline_conn(1);
  c.local = IpAddress::v4(192, 168, 9, 9);
  auto o = build_client_offer(h, c, EngineProfile::linux_6_18());
  // The VIP is not in the RoCE netdev's subnet, so v2 finds no GID either: nothing left.
  CHECK_FALSE(o.ok());
  h.netdevs[0].addresses.push_back(InterfaceAddress{IpAddress::v4(192, 168, 9, 1), 24});
  o = build_client_offer(h, c, EngineProfile::linux_6_18());
  REQUIRE(o.ok());  // v2 GID's netdev now holds the VIP's subnet; the prefix is readable too
}

TEST_CASE("S7: fails only when nothing is left, with the last code set") {
  HostSnapshot server = baseline_host(2);
  ProposalContent p;
  p.version = 2;
  p.v2 = TypeSet{true, true};
  p.has_v2_ext = true;
  p.has_smcd_v2_ext = true;
  // D: no ISMv2 on the server → 0x03030003; R: no UEID → 0x03030008 (set last, wins).
  auto r = server_version_check(p, server, EngineProfile::linux_6_18());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == DeclineCode::NoUeid);
  p.v1 = TypeSet{true, false};  // a v1 path remains: no error
  CHECK(server_version_check(p, server, EngineProfile::linux_6_18()).ok());
}

TEST_CASE("S8: limits against the sysctl ranges, before any device search") {
  HostSnapshot server = baseline_host(2);
  ProposalContent p;
  p.version = 2;
  p.v1 = TypeSet{true, false};
  p.v2 = TypeSet{true, false};
  p.has_v2_ext = true;
  p.release = 1;
  p.ueids = {"X"};
  p.max_conns = 255;
  p.max_links = 2;
  server.sysctls.max_conns_per_lgr = 16;
  server.sysctls.max_links_per_lgr = 1;
  auto ok = server_version_check(p, server, EngineProfile::linux_6_18());
  REQUIRE(ok.ok());
  CHECK(ok->max_conns == 16);
  CHECK(ok->max_links == 1);
  p.max_conns = 15;
  CHECK(server_version_check(p, server, EngineProfile::linux_6_18()).error() == DeclineCode::MaxConnsMismatch);
  // Release 0 (6.1 server): no v2.1 negotiation at all.
  CHECK(server_version_check(p, server, EngineProfile::linux_6_1()).ok());
}

TEST_CASE("S12: Confirm FCE must repeat the Accept's release and limits") {
  NegotiatedPath acc;
  acc.kind = PathKind::SmcRv2;
  acc.first_contact = true;
  acc.release = 1;
  acc.max_conns = 255;
  acc.max_links = 2;
  AcceptConfirmContent c;
  c.version = 2;
  c.first_contact = true;
  c.fce = FirstContactExt{true, 2, 1, "client", 255, 2, 1};
  CHECK(server_check_confirm(acc, c) == std::nullopt);
  c.fce->release = 0;
  CHECK(server_check_confirm(acc, c) == DeclineCode::ReleaseMismatch);
  c.fce->release = 1;
  c.fce->max_conns = 16;
  CHECK(server_check_confirm(acc, c) == DeclineCode::MaxConnsMismatch);
  c.fce->max_conns = 255;
  c.fce->max_links = 1;
  CHECK(server_check_confirm(acc, c) == DeclineCode::MaxLinksMismatch);
}

TEST_CASE("socket record: last write wins, PEERDECL with peer diagnosis") {
  smc::socket::SmcSocketRecord r;
  CHECK(r.smcss_mode() == "SMCR");
  r.switch_to_fallback(DeclineCode::NoSmcDevice);
  r.switch_to_fallback(DeclineCode::PeerNoSmc);
  CHECK(r.smcss_mode() == "TCP 0x03010000");
  smc::socket::SmcSocketRecord d;
  d.record_peer_decline(DeclineCode::NoSmcDevice);
  CHECK(d.fallback_rsn() == DeclineCode::PeerDeclined);
  CHECK(d.smcss_mode() == "TCP 0x05000000/0x03030000");
  CHECK(d.diag_mode() == smc::diag::DiagMode::FallbackTcp);
}
