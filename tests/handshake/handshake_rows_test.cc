// fallback-causes.md §12 scenario rows decided by the CLC handshake and the negotiation:
// both state machines run against each other (tests/handshake/handshake_harness.h) from the
// baseline pair B plus the row's difference; expected values are the table's columns.
// Rows needing links/LLC/data beyond the first Confirm Link (1-3, 5-7, 48, 59-62, 66-72) are
// for part 2 (link layer).
#include <doctest/doctest.h>

#include <cerrno>

#include "protocol/clc/clc_message.h"
#include "protocol/handshake/clc_adapter.h"
#include "protocol/negotiation/client_offer.h"
#include "tests/handshake/handshake_harness.h"

using namespace smc::test;
using smc::clc::DeclineCode;

namespace {

void v1_only(PairSetup& s) { s.client.ueids.clear(); }
void rocev2_only(HostSnapshot& h) {
  auto& gids = h.rdma[0].ports[0].gids;
  std::erase_if(gids, [](const GidEntry& g) { return g.type == GidType::RoceV1; });
}
void add_loopback(HostSnapshot& h, std::uint64_t gid) {
  IsmDevice lo;
  lo.name = "loopback-ism";
  lo.gid = gid;
  lo.chid = 0xffff;
  lo.v2_capable = true;
  lo.loopback = true;
  lo.reachable_gids = {gid};
  h.ism.push_back(lo);
}
void different_subnets(PairSetup& s) {
  // client 10.0.1.1/24, server 10.0.2.2/24, routed through gateways.
  s.client.netdevs[0].addresses = {InterfaceAddress{IpAddress::v4(10, 0, 1, 1), 24}};
  s.server.netdevs[0].addresses = {InterfaceAddress{IpAddress::v4(10, 0, 2, 2), 24}};
  s.client.rdma[0].ports[0].gids[1].gid = IpAddress::v4(10, 0, 1, 1);
  s.server.rdma[0].ports[0].gids[1].gid = IpAddress::v4(10, 0, 2, 2);
  s.client.routes.push_back(Route{IpAddress::v4(10, 0, 2, 0), 24, IpAddress::v4(10, 0, 1, 254), false, false, "eth0"});
  s.server.routes.push_back(Route{IpAddress::v4(10, 0, 1, 0), 24, IpAddress::v4(10, 0, 2, 254), false, false, "eth0"});
  s.client_conn.local = IpAddress::v4(10, 0, 1, 1);
  s.client_conn.peer = IpAddress::v4(10, 0, 2, 2);
  s.server_conn.local = IpAddress::v4(10, 0, 2, 2);
  s.server_conn.peer = IpAddress::v4(10, 0, 1, 1);
}
smc::wire::Bytes client_proposal(const PairSetup& s) {
  auto offer = build_client_offer(s.client, s.client_conn, s.client_profile);
  REQUIRE(offer.ok());
  return smc::handshake::encode_proposal(offer->proposal);
}

}  // namespace

#define CHECK_ROW(o, cmode, smode, wire_text_)  \
  CHECK((o).client_mode() == (cmode));          \
  CHECK((o).server_mode() == (smode));          \
  CHECK((o).wire_text() == (wire_text_))

TEST_CASE("row 0a: baseline B is SMC-Rv2 on both sides") {
  PairSetup s;
  auto o = run_pair(s);
  CHECK_ROW(o, "SMCR", "SMCR", "P,A,C");
}

TEST_CASE("row 0b: v1-only (no client UEID) is SMC-R v1") {
  PairSetup s;
  v1_only(s);
  auto o = run_pair(s);
  CHECK_ROW(o, "SMCR", "SMCR", "P,A,C");
}

TEST_CASE("row 0c: same host, loopback-ism on, UEID set: SMC-D") {
  PairSetup s;
  s.client.rdma.clear();
  s.server = s.client;
  add_loopback(s.client, 0x1111);
  add_loopback(s.server, 0x1111);
  s.server_conn = s.client_conn;
  std::swap(s.server_conn.local, s.server_conn.peer);
  auto o = run_pair(s);
  CHECK_ROW(o, "SMCD", "SMCD", "P,A,C");
}

TEST_CASE("row 4: RDMA dead, TCP fine: server declines at 3 s, client PEERDECL at 4 s") {
  PairSetup s;
  s.rdma_works = false;
  auto o = run_pair(s);
  CHECK_ROW(o, "TCP 0x05000000/0x02010000", "TCP 0x02010000", "P,A,C,D(S->C v2 0x02010000)");
  CHECK(o.server_done_at == 3 * kSecond);
  CHECK(o.client_done_at == 4 * kSecond);
}

TEST_CASE("row 8: v1-only over IPv6 link-local only: client 0x03000000") {
  PairSetup s;
  v1_only(s);
  IpAddress ll1 = *IpAddress::parse("fe80::1"), ll2 = *IpAddress::parse("fe80::2");
  s.client.netdevs[0].addresses.push_back(InterfaceAddress{ll1, 64});
  s.server.netdevs[0].addresses.push_back(InterfaceAddress{ll2, 64});
  s.client_conn = ConnectionContext{SocketFamily::Inet6, ll1, ll2};
  s.server_conn = ConnectionContext{SocketFamily::Inet6, ll2, ll1};
  auto o = run_pair(s);
  CHECK_ROW(o, "TCP 0x03000000", "TCP 0x05000000/0x03000000", "D(C->S v1 0x03000000)");
}

TEST_CASE("row 9: v1-only, VIP source address on lo: client 0x03000000") {
  PairSetup s;
  v1_only(s);
  s.client.netdevs.push_back(NetDevice{"lo", {InterfaceAddress{IpAddress::v4(192, 168, 9, 9), 32}}, "", 0, "", "init"});
  s.client_conn.local = IpAddress::v4(192, 168, 9, 9);
  auto o = run_pair(s);
  CHECK_ROW(o, "TCP 0x03000000", "TCP 0x05000000/0x03000000", "D(C->S v1 0x03000000)");
}

TEST_CASE("rows 10, 11, 15: one side without the option: 0x03010000, no CLC") {
  PairSetup s10;
  s10.server_smc = false;
  auto o10 = run_pair(s10);
  CHECK_ROW(o10, "TCP 0x03010000", "-", "");
  PairSetup s11;
  s11.client_smc = false;
  auto o11 = run_pair(s11);
  CHECK_ROW(o11, "-", "TCP 0x03010000", "");
  PairSetup s15;
  s15.strip_syn = true;
  auto o15 = run_pair(s15);
  CHECK_ROW(o15, "TCP 0x03010000", "TCP 0x03010000", "");
}

TEST_CASE("row 16: SYN-ACK option stripped, client speaks first: server drops with RST") {
  PairSetup s;
  s.strip_synack = true;
  s.client_app_data = std::string(16384, 'x');
  auto o = run_pair(s);
  CHECK(o.client_mode() == "TCP 0x03010000");
  CHECK(o.server_dropped);
  CHECK(o.server_reset);
  CHECK(o.client_saw_reset);
  CHECK(o.server_done_at == 0);  // at once, not after the 6 s wait
  PairSetup four;  // only 4 bytes: dropped after the 6 s Proposal wait
  four.strip_synack = true;
  four.client_app_data = "ping";
  auto o4 = run_pair(four);
  CHECK(o4.server_dropped);
  CHECK(o4.server_done_at == 6 * kSecond);
}

TEST_CASE("row 18: crafted v2 Proposal offering no type: server declines 0x03010000") {
  PairSetup s;
  ProposalContent p;
  p.version = 2;
  p.v1 = TypeSet{};
  p.v2 = TypeSet{};
  s.crafted_proposal = smc::handshake::encode_proposal(p);
  auto o = run_pair(s);
  CHECK(o.server_mode() == "TCP 0x03010000");
  CHECK(o.wire_text() == "D(S->C v2 0x03010000)");
}

TEST_CASE("rows 20, 21: per-socket IPsec policy") {
  PairSetup c;
  c.client_conn.ipsec_policy = true;
  auto oc = run_pair(c);
  CHECK_ROW(oc, "TCP 0x03020000", "TCP 0x05000000/0x03020000", "D(C->S v1 0x03020000)");
  PairSetup sv;
  sv.server_conn.ipsec_policy = true;
  auto os = run_pair(sv);
  CHECK_ROW(os, "TCP 0x05000000/0x03020000", "TCP 0x03020000", "P,D(S->C v2 0x03020000)");
}

TEST_CASE("rows 23-28: client finds nothing usable: Decline 0x03030000 instead of a Proposal") {
  auto expect_client_nodev = [](PairSetup s) {
    auto o = run_pair(s);
    CHECK_ROW(o, "TCP 0x03030000", "TCP 0x05000000/0x03030000", "D(C->S v1 0x03030000)");
  };
  PairSetup s23;
  s23.client.rdma.clear();
  expect_client_nodev(s23);
  PairSetup s24;  // RDMA port bound to another netdev
  s24.client.rdma[0].ports[0].netdev = "eth1";
  expect_client_nodev(s24);
  PairSetup s25;  // exclusive RDMA netns, device elsewhere
  s25.client.rdma_netns_exclusive = true;
  s25.client.rdma[0].netns = "other";
  expect_client_nodev(s25);
  PairSetup s26;  // RoCEv2-only device, IPv6 socket
  rocev2_only(s26.client);
  IpAddress c6 = *IpAddress::parse("fd00::1"), s6 = *IpAddress::parse("fd00::2");
  s26.client.netdevs[0].addresses.push_back(InterfaceAddress{c6, 64});
  s26.server.netdevs[0].addresses.push_back(InterfaceAddress{s6, 64});
  s26.client_conn = ConnectionContext{SocketFamily::Inet6, c6, s6};
  s26.server_conn = ConnectionContext{SocketFamily::Inet6, s6, c6};
  expect_client_nodev(s26);
  PairSetup s26m;  // [lab 6.12] AF_INET6 socket to a v4-mapped peer: no SMC-Rv2 either
  rocev2_only(s26m.client);
  s26m.client_conn.family = SocketFamily::Inet6;
  expect_client_nodev(s26m);
  PairSetup s27;  // RoCEv2-only, no UEID
  rocev2_only(s27.client);
  s27.client.ueids.clear();
  expect_client_nodev(s27);
  PairSetup s28;  // port down
  s28.client.rdma[0].ports[0].active = false;
  expect_client_nodev(s28);
}

TEST_CASE("rows 29-31, 33, 34: the server's search declines") {
  PairSetup s29;  // v1-only, server without RDMA
  v1_only(s29);
  s29.server.rdma.clear();
  auto o29 = run_pair(s29);
  CHECK_ROW(o29, "TCP 0x05000000/0x03030000", "TCP 0x03030000", "P,D(S->C v2 0x03030000)");
  PairSetup s30 = s29;  // server profile 5.10
  s30.server_profile = EngineProfile::linux_5_10();
  auto o30 = run_pair(s30);
  CHECK(o30.server_mode() == "TCP 0x03030002");
  CHECK(o30.client_mode() == "TCP 0x05000000/0x03030002");
  PairSetup s31;  // client v2-only, UEIDs differ
  rocev2_only(s31.client);
  s31.server.ueids = {"OTHER-UEID"};
  auto o31 = run_pair(s31);
  CHECK_ROW(o31, "TCP 0x05000000/0x03030000", "TCP 0x03030000", "P,D(S->C v2 0x03030000)");
  PairSetup s33;  // server device unusable (port down): v2 stores 0x03030002 first
  s33.server.rdma[0].ports[0].active = false;
  auto o33 = run_pair(s33);
  CHECK_ROW(o33, "TCP 0x05000000/0x03030002", "TCP 0x03030002", "P,D(S->C v2 0x03030002)");
  PairSetup s34;  // client v2-only, server RoCE netdev without an address in its TCP subnet
  rocev2_only(s34.client);
  s34.server.rdma[0].ports[0].gids[1].netdev = "eth9";
  s34.server.netdevs.push_back(NetDevice{"eth9", {InterfaceAddress{IpAddress::v4(172, 16, 0, 2), 24}}, "", 0, "", "init"});
  auto o34 = run_pair(s34);
  CHECK(o34.server_mode() == "TCP 0x03030002");
}

TEST_CASE("rows 35, 39-41: loopback-ism") {
  PairSetup s35;  // client loopback only, remote server without ISM
  s35.client.rdma.clear();
  add_loopback(s35.client, 0x1111);
  auto o35 = run_pair(s35);
  CHECK_ROW(o35, "TCP 0x05000000/0x03030003", "TCP 0x03030003", "P,D(S->C v2 0x03030003)");
  PairSetup s39 = s35;  // both loopback, remote hosts
  add_loopback(s39.server, 0x2222);
  s39.server.rdma.clear();
  auto o39 = run_pair(s39);
  CHECK(o39.server_mode() == "TCP 0x03030007");
  PairSetup s40;  // B + loopback on both, server RDMA missing
  add_loopback(s40.client, 0x1111);
  add_loopback(s40.server, 0x2222);
  s40.server.rdma.clear();
  auto o40 = run_pair(s40);
  CHECK_ROW(o40, "TCP 0x05000000/0x03030007", "TCP 0x03030007", "P,D(S->C v2 0x03030007)");
  PairSetup s41 = s35;  // single host, no UEID
  s41.client.ueids.clear();
  s41.server = s41.client;
  auto o41 = run_pair(s41);
  CHECK_ROW(o41, "TCP 0x05000000/0x03030008", "TCP 0x03030008", "P,D(S->C v2 0x03030008)");
}

TEST_CASE("rows 36-38: crafted v2 Proposals without their extensions") {
  PairSetup base;
  rocev2_only(base.client);
  smc::wire::Bytes p = client_proposal(base);  // v2 Proposal, typev2 = R, no v1
  // Remove the v2 extension: offset 0, truncate, fix the length.
  smc::wire::Bytes crafted(p.begin(), p.begin() + 80);
  crafted[50] = crafted[51] = 0;
  crafted.insert(crafted.end(), {0xe2, 0xd4, 0xc3, 0xd9});
  crafted[5] = 0;
  crafted[6] = static_cast<std::uint8_t>(crafted.size());
  PairSetup s36;
  s36.crafted_proposal = crafted;
  s36.server_profile = EngineProfile::linux_6_12();
  auto o36 = run_pair(s36);
  CHECK(o36.server_mode() == "TCP 0x03030004");
  CHECK(o36.wire_text() == "D(S->C v2 0x03030004)");
  PairSetup s37 = s36;
  s37.server_profile = EngineProfile::linux_6_18();
  auto o37 = run_pair(s37);
  CHECK(o37.server_dropped);
  CHECK(o37.wire_text().empty());
}

TEST_CASE("rows 43-45, 47: crafted v2.1 limits and modes") {
  PairSetup s43;
  auto offer = build_client_offer(s43.client, s43.client_conn, s43.client_profile);
  REQUIRE(offer.ok());
  ProposalContent p = offer->proposal;
  p.max_conns = 8;
  s43.crafted_proposal = smc::handshake::encode_proposal(p);
  auto o43 = run_pair(s43);
  CHECK(o43.server_mode() == "TCP 0x0303000a");
  p.max_conns = 255;
  p.max_links = 0;
  PairSetup s45;
  s45.crafted_proposal = smc::handshake::encode_proposal(p);
  CHECK(run_pair(s45).server_mode() == "TCP 0x0303000b");

  auto crafted_accept = [](std::uint8_t type, std::uint8_t version, std::uint8_t max_conns, std::uint8_t max_links) {
    AcceptConfirmContent a;
    a.version = version;
    a.type_code = type;
    a.first_contact = true;
    a.gid = IpAddress::v4(10, 0, 0, 2);
    a.eid = "SMC-TEST-UEID";
    FirstContactExt f;
    f.release = 1;
    f.max_conns = max_conns;
    f.max_links = max_links;
    a.fce = f;
    return smc::handshake::encode_accept_confirm(a, false);
  };
  PairSetup s44;
  s44.crafted_accept = crafted_accept(0, 2, 8, 2);
  auto o44 = run_pair(s44);
  CHECK(o44.client_mode() == "TCP 0x0303000a");
  CHECK(o44.wire_text() == "P,D(C->S v2 0x0303000a)");
  PairSetup s45c;
  s45c.crafted_accept = crafted_accept(0, 2, 255, 3);
  CHECK(run_pair(s45c).client_mode() == "TCP 0x0303000b");
  PairSetup s47;  // SMC-D Accept to an R-only Proposal
  s47.crafted_accept = crafted_accept(1, 2, 0, 0);
  auto o47 = run_pair(s47);
  CHECK(o47.client_mode() == "TCP 0x03040000");
  CHECK(o47.wire_text() == "P,D(C->S v2 0x03040000)");
}

TEST_CASE("rows 53-55: prefix mismatch, old prefix rule, v2 rescue") {
  PairSetup s53;
  different_subnets(s53);
  v1_only(s53);
  auto o53 = run_pair(s53);
  CHECK_ROW(o53, "TCP 0x05000000/0x03070000", "TCP 0x03070000", "P,D(S->C v2 0x03070000)");
  PairSetup s54 = s53;
  s54.server_profile = EngineProfile::linux_6_1();
  auto o54 = run_pair(s54);
  CHECK(o54.server_mode() == "TCP 0x03030000");
  PairSetup s55;
  different_subnets(s55);
  auto o55 = run_pair(s55);
  CHECK_ROW(o55, "SMCR", "SMCR", "P,A,C");
}

TEST_CASE("rows 56, 57: VLAN lookup failures") {
  PairSetup s56;
  s56.server_conn.vlan_lookup_fails = true;
  auto o56 = run_pair(s56);
  CHECK(o56.server_mode() == "TCP 0x03080000");
  CHECK(o56.client_mode() == "TCP 0x05000000/0x03080000");
  PairSetup s57;
  s57.client_profile = EngineProfile::linux_5_10();
  s57.client_conn.vlan_lookup_fails = true;
  auto o57 = run_pair(s57);
  CHECK_ROW(o57, "TCP 0x03080000", "TCP 0x05000000/0x03080000", "D(C->S v1 0x03080000)");
}

TEST_CASE("rows 63, 64: SMC-Rv2 indirect paths") {
  PairSetup s63;  // server via gateway; client has no route to the server's RoCE IP
  different_subnets(s63);
  // [lab 6.12 layout] the server's GID IP is another address of its netdev (10.0.3.2);
  // the client's route to it is unreachable while its route to 10.0.2.2 works.
  s63.server.netdevs[0].addresses.insert(s63.server.netdevs[0].addresses.begin(),
                                         InterfaceAddress{IpAddress::v4(10, 0, 3, 2), 24});
  s63.server.rdma[0].ports[0].gids[1].gid = IpAddress::v4(10, 0, 3, 2);
  s63.client.routes.push_back(Route{IpAddress::v4(10, 0, 3, 2), 32, std::nullopt, false, true, "eth0"});
  auto o63 = run_pair(s63);
  CHECK_ROW(o63, "TCP 0x030e0000", "TCP 0x05000000/0x030e0000", "P,A,D(C->S v2 0x030e0000)");
  PairSetup s64;  // client /16 sees the server on-link; server routes back via a gateway
  different_subnets(s64);
  s64.client.routes.clear();
  s64.client.netdevs[0].addresses[0].prefix_len = 16;
  s64.client.rdma[0].ports[0].gids.pop_back();
  s64.client.rdma[0].ports[0].gids.push_back(GidEntry{GidType::RoceV2, IpAddress::v4(10, 0, 1, 1), "eth0"});
  auto o64 = run_pair(s64);
  CHECK_ROW(o64, "TCP 0x030f0000", "TCP 0x05000000/0x030f0000", "P,A,D(C->S v2 0x030f0000)");
}

TEST_CASE("row 65: server reuses a link group the client lost: SYNCERR with out-of-sync") {
  PairSetup s;
  LinkGroupSnapshot g;
  g.server_role = true;
  g.v2 = true;
  g.peer_system_id = {};  // a v2-only Proposal carries a zero system id
  g.peer_gid = IpAddress::v4(10, 0, 0, 1);
  rocev2_only(s.client);
  s.server.link_groups.push_back(g);
  auto o = run_pair(s);
  CHECK_ROW(o, "TCP 0x04000000", "TCP 0x05000000/0x04000000", "P,A,D(C->S v2 0x04000000 oos)");
}

TEST_CASE("rows 73, 74: echoed option and a silent server") {
  for (auto [peer, err] : {std::pair{PlainPeer::RepliesData, EPROTO}, std::pair{PlainPeer::Closes, ECONNRESET},
                           std::pair{PlainPeer::Silent, ETIMEDOUT}}) {
    PairSetup s;
    s.server_smc = false;
    s.echo_option = true;
    s.plain_peer = peer;
    auto o = run_pair(s);
    REQUIRE(o.client_errno.has_value());
    CHECK(*o.client_errno == err);
    CHECK(o.wire_text() == "P");
  }
  PairSetup old;  // EAGAIN before ≈6.1
  old.server_smc = false;
  old.echo_option = true;
  old.plain_peer = PlainPeer::Silent;
  old.client_profile = EngineProfile::linux_5_10();
  auto oo = run_pair(old);
  REQUIRE(oo.client_errno.has_value());
  CHECK(*oo.client_errno == EAGAIN);
  CHECK(oo.client_done_at == 6 * kSecond);
}

TEST_CASE("§3.2: early client Declines are v2 only with a v2-capable ISM device") {
  PairSetup s;
  s.client_conn.ipsec_policy = true;
  add_loopback(s.client, 0x1111);
  auto o = run_pair(s);
  CHECK(o.wire_text() == "D(C->S v2 0x03020000)");
}
