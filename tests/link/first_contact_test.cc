// SMC-R first contact over two simulated RNICs through the LinkLayer seam: the Accept and
// Confirm carry the real QP numbers, PSNs, MTU, rkeys and RMB addresses; the LLC Confirm Link
// exchange confirms the link on both sides; data written with write_to_peer() lands in the
// peer's RMB and CDC messages reach the connection that owns the alert token.
#include <doctest/doctest.h>

#include <cstring>

#include "protocol/buffer/rmbe_size.h"
#include "tests/link/link_fixture.h"

namespace smc::link::testing {
namespace {

using negotiation::PathKind;

// The QP number the device itself reports for the link's QP (ibv_query_qp).
std::uint32_t device_qpn(SimHost& h, SmcrConnection& c) {
  SmcLink* l = c.link_group()->link(0);
  auto a = h.rnic->query_qp(l->qp());
  REQUIRE(a.ok());
  return a->qp_num;
}

ports::QpState qp_state(SimHost& h, SmcrConnection& c) {
  auto a = h.rnic->query_qp(c.link_group()->link(0)->qp());
  REQUIRE(a.ok());
  return a->qp_state;
}

TEST_CASE("first contact (SMC-Rv1): Accept/Confirm carry the real link values and both sides confirm") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f));
  const auto& acc = **p.accept;
  const auto& conf = **p.confirm;

  // QP numbers are the devices' own; MACs are the ports'.
  CHECK(acc.qpn == device_qpn(f.server, *p.server));
  CHECK(conf.qpn == device_qpn(f.client, *p.client));
  CHECK(acc.qpn != 0);
  CHECK(acc.mac == mac(LinkFixture::kServer));
  CHECK(conf.mac == mac(LinkFixture::kClient));
  // PSNs are 24-bit values; the peer's RTR uses them.
  CHECK(acc.psn <= 0xffffff);
  CHECK(conf.psn <= 0xffffff);
  // Default port MTU of the simulated ConnectX is 1024 (ibv_mtu 3); Confirm = min(own, Accept).
  CHECK(acc.mtu == 3);
  CHECK(conf.mtu == 3);
  // RMB: 64 KiB wanted -> size code 2 (wire-format.md §5: 16 KiB << 2).
  CHECK(acc.rmbe_size == 2);
  CHECK(conf.rmbe_size == 2);
  CHECK(acc.rkey != 0);
  CHECK(acc.rmb_addr != 0);
  CHECK(acc.token != 0);
  CHECK(conf.token != 0);
  CHECK(acc.token == p.server->local_token());
  CHECK(p.client->peer_token() == acc.token);
  CHECK(p.server->peer_token() == conf.token);
  CHECK(p.client->peer_rmbe_size() == 65536);

  // Each QP was connected with the values the other side announced.
  auto cq = f.client.rnic->query_qp(p.client->link_group()->link(0)->qp());
  auto sq = f.server.rnic->query_qp(p.server->link_group()->link(0)->qp());
  REQUIRE(cq.ok());
  REQUIRE(sq.ok());
  CHECK(cq->dest_qp_num == acc.qpn);
  CHECK(cq->rq_psn == acc.psn);
  CHECK(sq->dest_qp_num == conf.qpn);
  CHECK(sq->rq_psn == conf.psn);
  CHECK(acc.psn != conf.psn);

  // Before the LLC exchange: server QP at RTS, client at RTR (it waits for Confirm Link).
  CHECK(qp_state(f.server, *p.server) == ports::QpState::Rts);
  CHECK(qp_state(f.client, *p.client) == ports::QpState::Rtr);

  f.run(sim::ms(10));
  CHECK(p.server_confirmed == 1);
  CHECK(p.client_confirmed == 1);
  CHECK_FALSE(p.server_failed);
  CHECK_FALSE(p.client_failed);
  CHECK(qp_state(f.client, *p.client) == ports::QpState::Rts);
  REQUIRE(p.client->current_link());
  REQUIRE(p.server->current_link());
  CHECK(p.client->current_link()->state() == LinkState::Active);
  // The server numbers the first link 1; the client learns it from Confirm Link.
  CHECK(p.server->current_link()->link_num() == 1);
  CHECK(p.client->current_link()->link_num() == 1);
  CHECK(p.client->current_link()->peer().qpn == acc.qpn);
  CHECK(p.server->current_link()->peer().qpn == conf.qpn);
}

TEST_CASE("MTU: the Accept has the server port's, the Confirm min(client, Accept); both QPs use the min") {
  LinkFixture f({}, [](int side, ports::RnicAttributes& a) {
    a.ports[0].active_mtu = side == LinkFixture::kServer ? ports::PathMtu::Mtu2048 : ports::PathMtu::Mtu1024;
  });
  ConnectionPair p;
  REQUIRE(p.setup(f));
  CHECK((**p.accept).mtu == 4);
  CHECK((**p.confirm).mtu == 3);
  auto sq = f.server.rnic->query_qp(p.server->link_group()->link(0)->qp());
  auto cq = f.client.rnic->query_qp(p.client->link_group()->link(0)->qp());
  CHECK(sq->path_mtu == ports::PathMtu::Mtu1024);
  CHECK(cq->path_mtu == ports::PathMtu::Mtu1024);
}

TEST_CASE("first contact (SMC-Rv2): link confirmed with v2 LLC, max_links from the negotiation") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f, PathKind::SmcRv2));
  f.run(sim::ms(10));
  CHECK(p.server_confirmed == 1);
  CHECK(p.client_confirmed == 1);
  CHECK(p.client->link_group()->v2());
  CHECK(p.client->link_group()->max_links() == 2);
}

TEST_CASE("write_to_peer lands in the peer's RMB element, in both directions") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f));
  f.run(sim::ms(10));
  REQUIRE(p.client_confirmed == 1);

  const char hello[] = "hello, server";
  auto w = p.client->write_to_peer(100, wire::ByteView(reinterpret_cast<const std::uint8_t*>(hello), sizeof hello));
  REQUIRE(w.ok());
  const char back[] = "hi client";
  REQUIRE(p.server->write_to_peer(65536 - sizeof back,
                                  wire::ByteView(reinterpret_cast<const std::uint8_t*>(back), sizeof back))
              .ok());
  f.run(sim::ms(1));
  auto srmb = p.server->rmb();
  REQUIRE(srmb.size() == 65536);
  CHECK(std::memcmp(srmb.data() + 100, hello, sizeof hello) == 0);
  CHECK(srmb[99] == 0);
  auto crmb = p.client->rmb();
  CHECK(std::memcmp(crmb.data() + 65536 - sizeof back, back, sizeof back) == 0);
  // Out of the peer's element: refused before anything is posted.
  CHECK(p.client->write_to_peer(65530, wire::ByteView(reinterpret_cast<const std::uint8_t*>(hello), 7)).error() ==
        datapath::LinkError::Rejected);
  // Every send work request completed: the slots are free again.
  CHECK(p.client->current_link()->outstanding_sends() == 0);
}

TEST_CASE("CDC messages are delivered by alert token; an unknown token is dropped") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f));
  f.run(sim::ms(10));
  std::vector<cdc::CdcMessage> at_server;
  p.server->set_cdc_handler([&](const cdc::CdcMessage& m) { at_server.push_back(m); });

  cdc::CdcMessage m;
  m.seqno = 1;
  m.token = p.client->peer_token();
  m.producer.count = 1024;
  REQUIRE(p.client->send_cdc(m).ok());
  cdc::CdcMessage stray = m;
  stray.token = p.client->peer_token() + 1000;
  REQUIRE(p.client->send_cdc(stray).ok());
  f.run(sim::ms(1));
  REQUIRE(at_server.size() == 1);
  CHECK(at_server[0] == m);
  CHECK(p.server->link_group()->cdc_dropped_unknown_token() == 1);
}

TEST_CASE("send slots are bounded: the 17th outstanding send reports NoBuffers") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f));
  f.run(sim::ms(10));
  cdc::CdcMessage m;
  m.token = p.client->peer_token();
  int ok = 0;
  std::optional<datapath::LinkError> first_error;
  for (int i = 0; i < 20; ++i) {
    m.seqno = static_cast<std::uint16_t>(i + 1);
    auto r = p.client->send_cdc(m);
    if (r) ++ok;
    else if (!first_error) first_error = r.error();
  }
  CHECK(ok == 16);  // Linux: 16 send work-request slots per link
  REQUIRE(first_error);
  CHECK(*first_error == datapath::LinkError::NoBuffers);
  f.run(sim::ms(1));
  CHECK(p.client->current_link()->outstanding_sends() == 0);
  CHECK(p.client->send_cdc(m).ok());
}

TEST_CASE("deterministic: the same seed gives the same Accept and Confirm, another seed other PSNs") {
  auto run = [](std::uint64_t psn_seed) {
    LinkConfig c;
    c.psn_seed = psn_seed;
    LinkFixture f(c);
    ConnectionPair p;
    REQUIRE(p.setup(f));
    return std::make_pair(**p.accept, **p.confirm);
  };
  auto a = run(1);
  auto b = run(1);
  auto c = run(2);
  CHECK(a.first == b.first);
  CHECK(a.second == b.second);
  CHECK(a.first.psn != c.first.psn);
}

TEST_CASE("nothing leaks: every PD, MR, CQ and QP is gone after the connections and link groups") {
  LinkFixture f;
  {
    ConnectionPair p;
    REQUIRE(p.setup(f));
    f.run(sim::ms(10));
    REQUIRE(p.client_confirmed == 1);
    // PD + CQ + QP + WR-area MR + RMB MR + send-buffer MR per side.
    CHECK(f.client.counted->live().pds == 1);
    CHECK(f.client.counted->live().qps == 1);
    CHECK(f.client.counted->live().cqs == 1);
    CHECK(f.client.counted->live().mrs == 3);
  }
  // Connections gone: the link group stays for reuse (Linux keeps it 600/610 s).
  CHECK(f.client.links->link_groups().size() == 1);
  f.client.links->shutdown();
  f.server.links->shutdown();
  CHECK(f.client.counted->live().total() == 0);
  CHECK(f.server.counted->live().total() == 0);
}

}  // namespace
}  // namespace smc::link::testing
