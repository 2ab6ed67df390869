// Link-group life after first contact: a second connection reuses the group (same QP, new
// RMB announced with Confirm RKey, wire-format.md §6.3), freed RMBs are reused, max_conns
// bounds reuse, Test Link keeps an idle link checked, and a link that goes down or a Delete
// Link "all" terminates the group and tells its connections (§6.6).
#include <doctest/doctest.h>

#include "tests/link/link_fixture.h"

namespace smc::link::testing {
namespace {

using negotiation::PathKind;

struct Confirmed {
  LinkFixture f;
  ConnectionPair first;
  explicit Confirmed(LinkConfig c = {}) : f(c) {
    REQUIRE(first.setup(f));
    f.run(sim::ms(10));
    REQUIRE(first.client_confirmed == 1);
    REQUIRE(first.server_confirmed == 1);
  }
};

TEST_CASE("a second connection reuses the link group: same QP, its own RMB and token, Confirm RKey both ways") {
  Confirmed c;
  ConnectionPair second;
  REQUIRE(second.setup(c.f, PathKind::SmcRv1, false));
  const auto& a1 = **c.first.accept;
  const auto& a2 = **second.accept;
  CHECK(a2.qpn == a1.qpn);  // the QP number names the link the server assigned
  CHECK(a2.token != a1.token);
  CHECK(a2.rmb_addr != a1.rmb_addr);
  CHECK((**second.confirm).qpn == (**c.first.confirm).qpn);
  CHECK(second.server->link_group() == c.first.server->link_group());
  CHECK(second.client->link_group() == c.first.client->link_group());
  CHECK(c.f.server.counted->live().qps == 1);
  CHECK(c.f.client.counted->live().qps == 1);
  CHECK(c.f.server.links->link_groups().size() == 1);
  CHECK(second.server->link_group()->connection_count() == 2);
  c.f.run(sim::ms(1));
  // Each side announced its new RMB and got the echo back.
  CHECK(second.server->link_group()->confirm_rkey_responses() == 1);
  CHECK(second.client->link_group()->confirm_rkey_responses() == 1);
  CHECK(second.server_confirmed == 0);  // no Confirm Link on reuse

  // Data and CDC reach the second connection only.
  std::vector<cdc::CdcMessage> at1, at2;
  c.first.server->set_cdc_handler([&](const cdc::CdcMessage& m) { at1.push_back(m); });
  second.server->set_cdc_handler([&](const cdc::CdcMessage& m) { at2.push_back(m); });
  const std::uint8_t data[] = {0xaa, 0xbb};
  REQUIRE(second.client->write_to_peer(0, data).ok());
  cdc::CdcMessage m;
  m.seqno = 1;
  m.token = second.client->peer_token();
  m.producer.count = 2;
  REQUIRE(second.client->send_cdc(m).ok());
  c.f.run(sim::ms(1));
  CHECK(second.server->rmb()[0] == 0xaa);
  CHECK(c.first.server->rmb()[0] == 0);
  CHECK(at1.empty());
  REQUIRE(at2.size() == 1);
  CHECK(at2[0].producer.count == 2);
}

TEST_CASE("a freed RMB is reused by the next connection of the group") {
  Confirmed c;
  std::uint64_t addr = 0;
  std::uint32_t rkey = 0;
  {
    ConnectionPair second;
    REQUIRE(second.setup(c.f, PathKind::SmcRv1, false));
    addr = (**second.accept).rmb_addr;
    rkey = (**second.accept).rkey;
    c.f.run(sim::ms(1));
  }
  const std::size_t buffers = c.first.server->link_group()->buffers().size();
  ConnectionPair third;
  REQUIRE(third.setup(c.f, PathKind::SmcRv1, false));
  CHECK((**third.accept).rmb_addr == addr);
  CHECK((**third.accept).rkey == rkey);
  CHECK(c.first.server->link_group()->buffers().size() == buffers);
}

TEST_CASE("max_conns bounds reuse: a full group is not offered again") {
  Confirmed c;
  c.first.server->link_group()->set_limits(2, 1);
  auto snap = c.f.server.links->snapshot();
  REQUIRE(snap.size() == 1);
  CHECK(snap[0].conns == 1);
  CHECK(snap[0].max_conns == 1);
  CHECK(snap[0].server_role);
  auto s = c.f.server.links->create_connection();
  handshake::SmcrLinkFields hello;
  hello.peer_id = system_id(LinkFixture::kClient);
  auto acc = s->prepare_accept(LinkFixture::path(LinkFixture::kServer, PathKind::SmcRv1, false), hello);
  REQUIRE_FALSE(acc);
  CHECK(acc.error() == clc::DeclineCode::NoActiveLink);
}

TEST_CASE("Test Link: an idle link is probed after 30 s and stays up while the peer answers") {
  Confirmed c;
  // The Add Link offer and its reject arrive right after Confirm Link: the first 30 s
  // window saw traffic, the second one is idle.
  c.f.run(sim::seconds(61));
  auto* sg = c.first.server->link_group();
  auto* cg = c.first.client->link_group();
  REQUIRE(sg);
  REQUIRE(cg);
  CHECK(sg->test_links_sent() + cg->test_links_sent() >= 1);
  CHECK(c.first.server->current_link());
  CHECK(c.first.client->current_link());
}

TEST_CASE("Test Link: no answer -> link down -> the single-link group terminates and tells its connection") {
  Confirmed c;
  int lost = 0;
  c.first.client->set_group_lost_handler([&] { ++lost; });
  c.f.server.rnic->set_qp_blackhole(c.first.server->link_group()->link(0)->qp(), true);
  c.f.run(sim::seconds(70));  // the first window had the Add Link exchange in it
  CHECK(lost == 1);
  CHECK(c.first.client->current_link() == nullptr);
  const std::uint8_t data[] = {1};
  CHECK(c.first.client->write_to_peer(0, data).error() == datapath::LinkError::LinkDown);
  CHECK(c.f.client.links->link_groups().empty());
}

TEST_CASE("port down: link down at once, group lost, verbs objects freed") {
  Confirmed c;
  int lost = 0;
  c.first.client->set_group_lost_handler([&] { ++lost; });
  c.f.client.rnic->set_port_state(1, ports::PortState::Down);
  c.f.run(sim::ms(1));
  CHECK(lost == 1);
  CHECK(c.first.client->rmb().size() == 65536);  // still readable by the data path
  CHECK(c.f.client.links->link_groups().empty());
  CHECK(c.f.client.counted->live().total() == 0);
}

TEST_CASE("link-group termination: Delete Link (all) reaches the peer, both groups end") {
  Confirmed c;
  int server_lost = 0, client_lost = 0;
  c.first.server->set_group_lost_handler([&] { ++server_lost; });
  c.first.client->set_group_lost_handler([&] { ++client_lost; });
  c.first.server->link_group()->terminate(llc::DeleteLinkReason::OperatorInitiated, true);
  c.f.run(sim::seconds(3));  // the terminating side keeps its link for the LLC wait
  CHECK(server_lost == 1);
  CHECK(client_lost == 1);
  CHECK(c.f.client.links->link_groups().empty());
  CHECK(c.f.server.links->link_groups().empty());
  CHECK(c.f.client.counted->live().total() == 0);
  CHECK(c.f.server.counted->live().total() == 0);
}

}  // namespace
}  // namespace smc::link::testing
