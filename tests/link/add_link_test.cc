// Add Link (wire-format.md §6.5) and failover (§6.6) with two RNICs per host: after first
// contact the server adds a second link on the alternate devices (v1 with Add Link
// Continuations for the rkeys, v2 with the rkey list in Add Link), the client's C20 wait ends,
// and when a port fails the connection carries on over the surviving link.
#include <doctest/doctest.h>

#include "tests/link/link_fixture.h"

namespace smc::link::testing {
namespace {

using negotiation::PathKind;

struct TwoPorts {
  LinkFixture f;
  ConnectionPair p;
  int add_link_done = 0;
  explicit TwoPorts(PathKind kind) {
    f.add_second_device(LinkFixture::kClient);
    f.add_second_device(LinkFixture::kServer);
    REQUIRE(p.setup(f, kind, true, false));
    p.client->set_add_link_callback([this] { ++add_link_done; });
    p.server->start_link_setup();
    f.run(sim::ms(50));
    REQUIRE(p.server_confirmed == 1);
    REQUIRE(p.client_confirmed == 1);
  }
};

void check_two_links(TwoPorts& t) {
  LinkGroup* sg = t.p.server->link_group();
  LinkGroup* cg = t.p.client->link_group();
  REQUIRE(sg);
  REQUIRE(cg);
  CHECK(sg->active_links() == 2);
  CHECK(cg->active_links() == 2);
  CHECK(t.add_link_done == 1);
  REQUIRE(sg->link(1));
  REQUIRE(cg->link(1));
  CHECK(sg->link(1)->link_num() == 2);
  CHECK(cg->link(1)->link_num() == 2);
  // The new links are on the second devices, connected to each other.
  CHECK(&sg->link(1)->device().rnic() == t.f.server.counted2.get());
  CHECK(&cg->link(1)->device().rnic() == t.f.client.counted2.get());
  CHECK(sg->link(1)->peer().qpn == cg->link(1)->local().qpn);
  CHECK(cg->link(1)->peer().qpn == sg->link(1)->local().qpn);
  CHECK(t.f.server.counted2->live().qps == 1);
  CHECK(t.f.client.counted2->live().qps == 1);
}

TEST_CASE("SMC-Rv1: the server adds a second link after first contact (Add Link + Continuations)") {
  TwoPorts t(PathKind::SmcRv1);
  check_two_links(t);
  CHECK_FALSE(t.p.server->link_group()->add_link_in_progress());
}

TEST_CASE("SMC-Rv2: the second link is added with the rkey list in Add Link") {
  TwoPorts t(PathKind::SmcRv2);
  check_two_links(t);
}

TEST_CASE("one port per host: the asymmetric Add Link offer is rejected, the group keeps one link") {
  LinkFixture f;
  ConnectionPair p;
  int done = 0;
  REQUIRE(p.setup(f, PathKind::SmcRv1, true, false));
  p.client->set_add_link_callback([&] { ++done; });
  p.server->start_link_setup();
  f.run(sim::ms(50));
  CHECK(p.server->link_group()->active_links() == 1);
  CHECK(p.server->link_group()->links().size() == 1);  // the offered link is gone again
  CHECK(p.client->link_group()->links().size() == 1);
  CHECK_FALSE(p.server->link_group()->add_link_in_progress());
  CHECK(done == 1);  // the client's C20 wait ends with the reject
}

TEST_CASE("failover: the first link's port fails, data and CDC go over the second link") {
  for (PathKind kind : {PathKind::SmcRv1, PathKind::SmcRv2}) {
    CAPTURE(static_cast<int>(kind));
    TwoPorts t(kind);
    int lost = 0;
    t.p.client->set_group_lost_handler([&] { ++lost; });
    std::vector<cdc::CdcMessage> at_server;
    t.p.server->set_cdc_handler([&](const cdc::CdcMessage& m) { at_server.push_back(m); });

    t.f.client.rnic->set_port_state(1, ports::PortState::Down);
    t.f.run(sim::ms(10));
    CHECK(lost == 0);
    REQUIRE(t.p.client->current_link());
    CHECK(t.p.client->current_link()->link_idx() == 1);
    // The client told the server (Delete Link, lost path): the server dropped link 1 too.
    REQUIRE(t.p.server->current_link());
    CHECK(t.p.server->current_link()->link_idx() == 1);
    CHECK(t.p.server->link_group()->active_links() == 1);

    const std::uint8_t data[] = {7, 8, 9};
    REQUIRE(t.p.client->write_to_peer(40, data).ok());
    cdc::CdcMessage m;
    m.seqno = 1;
    m.token = t.p.client->peer_token();
    m.producer.count = 43;
    REQUIRE(t.p.client->send_cdc(m).ok());
    const std::uint8_t back[] = {5};
    REQUIRE(t.p.server->write_to_peer(0, back).ok());
    t.f.run(sim::ms(1));
    CHECK(t.p.server->rmb()[40] == 7);
    CHECK(t.p.server->rmb()[42] == 9);
    CHECK(t.p.client->rmb()[0] == 5);
    REQUIRE(at_server.size() == 1);
    CHECK(at_server[0].producer.count == 43);
  }
}

TEST_CASE("Delete Link for one link: the peer drops it (and frees its QP), the other link stays") {
  TwoPorts t(PathKind::SmcRv1);
  LinkGroup* sg = t.p.server->link_group();
  llc::LlcDeleteLink d;
  d.orderly = true;
  d.link_num = 2;
  d.reason = llc::DeleteLinkReason::AsymmetricNotNeeded;
  REQUIRE(sg->send_llc(*sg->link(0), d).ok());
  t.f.run(sim::ms(5));
  LinkGroup* cg = t.p.client->link_group();
  REQUIRE(cg);
  CHECK(cg->active_links() == 1);
  CHECK(cg->link(1) == nullptr);
  CHECK(t.f.client.counted2->live().qps == 0);
  CHECK(t.f.client.counted2->live().mrs == 0);
  CHECK(t.f.client.counted->live().qps == 1);
  REQUIRE(t.p.client->current_link());
  CHECK(t.p.client->current_link()->link_num() == 1);
}

TEST_CASE("two links: nothing leaks on either device after shutdown") {
  TwoPorts t(PathKind::SmcRv1);
  t.p.server.reset();
  t.p.client.reset();
  t.f.client.links->shutdown();
  t.f.server.links->shutdown();
  CHECK(t.f.client.counted->live().total() == 0);
  CHECK(t.f.client.counted2->live().total() == 0);
  CHECK(t.f.server.counted->live().total() == 0);
  CHECK(t.f.server.counted2->live().total() == 0);
}

}  // namespace
}  // namespace smc::link::testing
