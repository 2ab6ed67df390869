// Link-level failures and the codes the reference gives for them (fallback-causes.md §5:
// 0x01010000, 0x09990000–0x09990003, 0x03050000, 0x04000000, 0x030a0000; 0x02010000 comes
// from the handshake's timers and is checked in handshake_link_test.cc).
#include <doctest/doctest.h>

#include "tests/link/link_fixture.h"

namespace smc::link::testing {
namespace {

using clc::DeclineCode;
using negotiation::PathKind;

TEST_CASE("QP creation out of memory (ENOMEM) -> 0x01010000") {
  LinkFixture f;
  f.server.rnic->faults().fail_create_qp = 1;
  ConnectionPair p;
  CHECK_FALSE(p.setup(f));
  REQUIRE_FALSE(*p.accept);
  CHECK(p.accept->error() == DeclineCode::Mem);
}

TEST_CASE("QP creation refused otherwise (work requests beyond the device's max_qp_wr) -> 0x09990000") {
  LinkFixture f({}, [](int side, ports::RnicAttributes& a) {
    if (side == LinkFixture::kServer) a.limits.max_qp_wr = 8;  // the link asks for 16 sends, 48 receives
  });
  ConnectionPair p;
  CHECK_FALSE(p.setup(f));
  REQUIRE_FALSE(*p.accept);
  CHECK(p.accept->error() == DeclineCode::InternalError);
}

TEST_CASE("CQ creation out of memory on the client -> 0x01010000 in its Decline") {
  LinkFixture f;
  f.client.rnic->faults().fail_create_cq = 1;
  ConnectionPair p;
  CHECK_FALSE(p.setup(f));
  REQUIRE(*p.accept);
  REQUIRE_FALSE(*p.confirm);
  CHECK(p.confirm->error() == DeclineCode::Mem);
}

TEST_CASE("RMB registration: device max_mr exhausted -> every size class fails -> 0x01010000 (upstream)") {
  // One MR for the link's work-request buffers, none left for the RMB.
  auto tweak = [](int side, ports::RnicAttributes& a) {
    if (side == LinkFixture::kServer) a.limits.max_mr = 1;
  };
  {
    LinkFixture f({}, tweak);
    ConnectionPair p;
    CHECK_FALSE(p.setup(f));
    REQUIRE_FALSE(*p.accept);
    CHECK(p.accept->error() == DeclineCode::Mem);
  }
  {
    LinkConfig c;
    c.mr_failure = RmbRegistrationFailure::RegisterBufferError;  // the registration-WR story
    LinkFixture f(c, tweak);
    ConnectionPair p;
    CHECK_FALSE(p.setup(f));
    REQUIRE_FALSE(*p.accept);
    CHECK(p.accept->error() == DeclineCode::RegisterBufferError);
  }
}

TEST_CASE("RMB registration refused for the wanted size -> the next smaller size class is offered") {
  LinkFixture f;
  f.server.counted->refuse_rmb_above = 32768;  // 64 KiB wanted (code 2) cannot be registered
  ConnectionPair p;
  REQUIRE(p.setup(f));
  CHECK((*p.accept)->rmbe_size == 1);  // 32 KiB
  CHECK(p.server->rmbe_size() == 32768);
  CHECK(p.client->peer_rmbe_size() == 32768);
}

TEST_CASE("client QP to RTR fails -> 0x09990002; server QP to RTS fails -> 0x09990002") {
  {
    LinkFixture f;
    f.client.rnic->faults().fail_modify_qp = 1;
    f.client.rnic->faults().fail_modify_qp_to = ports::QpState::Rtr;
    ConnectionPair p;
    CHECK_FALSE(p.setup(f));
    REQUIRE_FALSE(*p.confirm);
    CHECK(p.confirm->error() == DeclineCode::ReadyLinkError);
  }
  {
    LinkFixture f;
    f.server.rnic->faults().fail_modify_qp = 1;
    f.server.rnic->faults().fail_modify_qp_to = ports::QpState::Rts;
    ConnectionPair p;
    CHECK_FALSE(p.setup(f));
    REQUIRE(p.server_prepare_error);
    CHECK(*p.server_prepare_error == DeclineCode::ReadyLinkError);
  }
}

TEST_CASE("client QP to RTS fails on the Confirm Link request -> on_link_failed(0x09990002)") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f, PathKind::SmcRv1, true, false));
  f.client.rnic->faults().fail_modify_qp = 1;
  f.client.rnic->faults().fail_modify_qp_to = ports::QpState::Rts;
  p.server->start_link_setup();
  f.run(sim::ms(10));
  REQUIRE(p.client_failed);
  CHECK(*p.client_failed == DeclineCode::ReadyLinkError);
  CHECK(p.client_confirmed == 0);
}

TEST_CASE("rtoken table full -> 0x09990001") {
  LinkConfig c;
  c.max_rtokens = 0;
  LinkFixture f(c);
  ConnectionPair p;
  CHECK_FALSE(p.setup(f));
  REQUIRE_FALSE(*p.confirm);
  CHECK(p.confirm->error() == DeclineCode::RtokenError);
}

TEST_CASE("Confirm Link without the no-RMBE-eyecatcher flag -> the client fails with 0x03050000") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f, PathKind::SmcRv1, true, false));
  SmcLink* link = p.server->link_group()->link(0);
  llc::LlcConfirmLink m;
  m.no_rmbe_eyecatcher = false;
  m.link_num = 1;
  m.sender_qp_num = link->local().qpn;
  REQUIRE(p.server->link_group()->send_llc(*link, m).ok());
  f.run(sim::ms(10));
  REQUIRE(p.client_failed);
  CHECK(*p.client_failed == DeclineCode::RmbeEyecatcher);
}

TEST_CASE("blackholed server QP: no Confirm Link result on either side (the handshake timers decide)") {
  LinkFixture f;
  ConnectionPair p;
  REQUIRE(p.setup(f, PathKind::SmcRv1, true, false));
  f.server.rnic->set_qp_blackhole(p.server->link_group()->link(0)->qp(), true);
  p.server->start_link_setup();
  f.run(sim::seconds(5));
  CHECK(p.server_confirmed == 0);
  CHECK(p.client_confirmed == 0);
  CHECK_FALSE(p.server_failed);
  CHECK_FALSE(p.client_failed);
  // The handshakes give up (0x02010000) and abandon their connections: the first-contact
  // groups go and take every verbs object with them.
  p.server->abandon();
  p.client->abandon();
  f.run(sim::ms(1));
  CHECK(f.client.links->link_groups().empty());
  CHECK(f.server.links->link_groups().empty());
  CHECK(f.client.counted->live().total() == 0);
  CHECK(f.server.counted->live().total() == 0);
}

TEST_CASE("reuse without a matching link group: client 0x04000000, server 0x030a0000") {
  LinkFixture f;
  auto server = f.server.links->create_connection();
  handshake::SmcrLinkFields hello;
  hello.peer_id = system_id(LinkFixture::kClient);
  auto acc = server->prepare_accept(LinkFixture::path(LinkFixture::kServer, PathKind::SmcRv1, false), hello);
  REQUIRE_FALSE(acc);
  CHECK(acc.error() == DeclineCode::NoActiveLink);

  auto client = f.client.links->create_connection();
  handshake::SmcrLinkFields accept;
  accept.peer_id = system_id(LinkFixture::kServer);
  accept.qpn = 0x123;
  auto conf = client->prepare_confirm(LinkFixture::path(LinkFixture::kClient, PathKind::SmcRv1, false), accept);
  REQUIRE_FALSE(conf);
  CHECK(conf.error() == DeclineCode::SyncError);
}

// The client's link-group match compares each active link's peer QP number with the
// Accept's (the kernel's SMC-R LGR match on the client side), so a QP the client has no link
// to matches no group: a reuse Accept then finds nothing to reuse, which is the out-of-sync
// case. 0x030b0000 needs the matched group's link to vanish between match and lookup (row 60).
TEST_CASE("reuse: the server names a QP the client has no link to -> 0x04000000") {
  LinkFixture f;
  ConnectionPair first;
  REQUIRE(first.setup(f));
  f.run(sim::ms(10));
  REQUIRE(first.client_confirmed == 1);
  auto client = f.client.links->create_connection();
  handshake::SmcrLinkFields accept = **first.accept;
  accept.peer_id = system_id(LinkFixture::kServer);
  accept.qpn ^= 0x1;
  auto conf = client->prepare_confirm(LinkFixture::path(LinkFixture::kClient, PathKind::SmcRv1, false), accept);
  REQUIRE_FALSE(conf);
  CHECK(conf.error() == DeclineCode::SyncError);
}

}  // namespace
}  // namespace smc::link::testing
