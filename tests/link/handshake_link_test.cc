// The real CLC handshakes (ClientHandshake / ServerHandshake) with the link layer plugged
// into their LinkLayer seam, over two simulated RNICs: the Accept/Confirm bytes carry the
// links' QP numbers and RMB rkeys, first contact ends SMC-R on both sides with the LLC
// Confirm Link exchange, and a broken RDMA path gives the outcome the reference gives
// (fallback-causes.md 0x02010000: server TCP 0x02010000, client TCP 0x05000000/0x02010000).
#include <doctest/doctest.h>

#include <map>
#include <optional>

#include "protocol/clc/clc_accept_confirm.h"
#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"
#include "tests/handshake/handshake_harness.h"
#include "tests/link/link_fixture.h"

namespace smc::link::testing {
namespace {

using handshake::Actions;
using handshake::ClientHandshake;
using handshake::ServerHandshake;
using handshake::TimerName;

// Both handshakes on the simulator: CLC bytes travel with a 50 us delay, timers are
// simulated events, StartLinkSetup starts the link layer's LLC exchange.
struct HandshakeRun {
  static constexpr int kC = LinkFixture::kClient;
  static constexpr int kS = LinkFixture::kServer;

  explicit HandshakeRun(LinkFixture& fixture)
      : f(fixture),
        client_link(f.client.links->create_connection()),
        server_link(f.server.links->create_connection()),
        client(with_groups(test::baseline_host(1), *f.client.links), test::baseline_conn(1),
               negotiation::EngineProfile::linux_6_18(), client_link.get()),
        server(with_groups(test::baseline_host(2), *f.server.links), test::baseline_conn(2),
               negotiation::EngineProfile::linux_6_18(), server_link.get()) {
    client_link->set_setup_callbacks([this] { apply(kC, client.on_link_confirmed()); },
                                     [this](clc::DeclineCode c) { apply(kC, client.on_link_failed(c)); });
    client_link->set_add_link_callback([this] { apply(kC, client.on_add_link_done()); });
    server_link->set_setup_callbacks([this] { apply(kS, server.on_link_confirmed()); },
                                     [this](clc::DeclineCode c) { apply(kS, server.on_link_failed(c)); });
    // Reuse: the Accept waits for the new RMB's Confirm RKey response.
    server_link->set_accept_ready_callback([this](std::optional<clc::DeclineCode> r) { apply(kS, server.on_accept_ready(r)); });
  }

  static negotiation::HostSnapshot with_groups(negotiation::HostSnapshot h, const LinkManager& links) {
    h.link_groups = links.snapshot();
    return h;
  }

  void start() {
    apply(kS, server.on_established(true));
    apply(kC, client.on_established(true));
  }

  void apply(int side, Actions actions) {
    for (auto& a : actions) {
      if (auto* s = std::get_if<handshake::SendClc>(&a)) {
        if (side == kS && s->kind == handshake::ClcKind::Accept) accept_bytes = s->bytes;
        if (side == kC && s->kind == handshake::ClcKind::Confirm) confirm_bytes = s->bytes;
        const int to = side == kC ? kS : kC;
        f.timers.arm(50 * ports::kMicrosecond, [this, to, bytes = s->bytes] {
          if (to == kS) apply(kS, server.on_bytes(bytes));
          else apply(kC, client.on_bytes(bytes));
        });
      } else if (auto* arm = std::get_if<handshake::ArmTimer>(&a)) {
        const TimerName name = arm->name;
        timers[{side, name}] = f.timers.arm(arm->after, [this, side, name] {
          timers.erase({side, name});
          if (side == kS) apply(kS, server.on_timer(name));
          else apply(kC, client.on_timer(name));
        });
      } else if (auto* c = std::get_if<handshake::CancelTimer>(&a)) {
        auto it = timers.find({side, c->name});
        if (it != timers.end()) {
          f.timers.cancel(it->second);
          timers.erase(it);
        }
      } else if (std::get_if<handshake::StartLinkSetup>(&a)) {
        (side == kS ? server_link : client_link)->start_link_setup();
      } else if (auto* fb = std::get_if<handshake::FallBack>(&a)) {
        (side == kS ? server_fallback : client_fallback) = *fb;
        (side == kS ? server_done_at : client_done_at) = f.timers.now();
      } else if (std::get_if<handshake::SmcEstablished>(&a)) {
        (side == kS ? server_smc : client_smc) = true;
        (side == kS ? server_done_at : client_done_at) = f.timers.now();
      }
    }
  }

  LinkFixture& f;
  std::unique_ptr<SmcrConnection> client_link;
  std::unique_ptr<SmcrConnection> server_link;
  ClientHandshake client;
  ServerHandshake server;
  std::map<std::pair<int, TimerName>, ports::TimerId> timers;
  wire::Bytes accept_bytes, confirm_bytes;
  bool client_smc = false, server_smc = false;
  std::optional<handshake::FallBack> client_fallback, server_fallback;
  ports::Nanos client_done_at = -1, server_done_at = -1;
};

const clc::SmcrAcceptFields& smcr(const clc::ClcAcceptConfirm& m) { return std::get<clc::SmcrAcceptFields>(m.path); }

TEST_CASE("handshake + link layer: first contact ends SMC-R on both sides with the real link values") {
  LinkFixture f;
  HandshakeRun run(f);
  run.start();
  f.run(sim::seconds(10));
  REQUIRE(run.server_smc);
  REQUIRE(run.client_smc);
  CHECK_FALSE(run.server_fallback);
  CHECK_FALSE(run.client_fallback);

  auto acc = clc::ClcAcceptConfirm::decode(run.accept_bytes);
  auto conf = clc::ClcAcceptConfirm::decode(run.confirm_bytes);
  REQUIRE(acc.ok());
  REQUIRE(conf.ok());
  CHECK(acc->first_contact);
  SmcLink* sl = run.server_link->current_link();
  SmcLink* cl = run.client_link->current_link();
  REQUIRE(sl);
  REQUIRE(cl);
  // What the device reports for each QP is what went on the wire.
  CHECK(smcr(*acc).qp_number == f.server.rnic->query_qp(sl->qp())->qp_num);
  CHECK(smcr(*conf).qp_number == f.client.rnic->query_qp(cl->qp())->qp_num);
  CHECK(smcr(*acc).rmbe_alert_token == run.server_link->local_token());
  CHECK(smcr(*conf).rmbe_alert_token == run.client_link->local_token());
  CHECK(smcr(*acc).mac == mac(LinkFixture::kServer));
  CHECK(smcr(*acc).rmb_rkey != 0);

  // The rkey and address the Accept announced are the ones the client's writes use.
  const std::uint8_t data[] = {1, 2, 3, 4, 5};
  REQUIRE(run.client_link->write_to_peer(8, data).ok());
  f.run(sim::ms(1));
  CHECK(run.server_link->rmb()[8] == 1);
  CHECK(run.server_link->rmb()[12] == 5);
}

TEST_CASE("handshake + link layer: with a second RNIC per host the client's Add Link wait ends with the new link") {
  LinkFixture f;
  f.add_second_device(LinkFixture::kClient);
  f.add_second_device(LinkFixture::kServer);
  HandshakeRun run(f);
  run.start();
  f.run(sim::seconds(10));
  REQUIRE(run.client_smc);
  REQUIRE(run.server_smc);
  // Without a second link the client would wait the full 2 s Add Link wait + 1 s (C20).
  CHECK(run.client_done_at < 100 * ports::kMillisecond);
  CHECK(run.client_link->link_group()->active_links() == 2);
}

TEST_CASE("handshake + link layer: one RNIC per host: the Add Link offer is rejected at once, one link") {
  // Linux: the server offers an asymmetric link on its only port; the client, with one port
  // too, rejects it, and its C20 wait ends there (not after 2 s + 1 s).
  LinkFixture f;
  HandshakeRun run(f);
  run.start();
  f.run(sim::seconds(10));
  REQUIRE(run.client_smc);
  CHECK(run.client_done_at < 10 * ports::kMillisecond);
  CHECK(run.server_link->link_group()->active_links() == 1);
  CHECK(run.client_link->link_group()->active_links() == 1);
}

TEST_CASE("handshake + link layer: a second connection reuses the link group (Accept FC = 0, no new QP)") {
  LinkFixture f;
  {
    HandshakeRun first(f);
    first.start();
    f.run(sim::seconds(10));
    REQUIRE(first.server_smc);
    REQUIRE(first.client_smc);
    // The first connection stays open while the second one is set up.
    HandshakeRun second(f);
    second.start();
    f.run(sim::seconds(10));
    REQUIRE(second.server_smc);
    REQUIRE(second.client_smc);
    auto acc = clc::ClcAcceptConfirm::decode(second.accept_bytes);
    REQUIRE(acc.ok());
    CHECK_FALSE(acc->first_contact);
    auto acc1 = clc::ClcAcceptConfirm::decode(first.accept_bytes);
    CHECK(smcr(*acc).qp_number == smcr(*acc1).qp_number);
    CHECK(smcr(*acc).rmbe_alert_token != smcr(*acc1).rmbe_alert_token);
    CHECK(f.server.counted->live().qps == 1);
    CHECK(f.client.counted->live().qps == 1);
    CHECK(second.server_link->link_group()->connection_count() == 2);
  }
  f.client.links->shutdown();
  f.server.links->shutdown();
  CHECK(f.client.counted->live().total() == 0);
  CHECK(f.server.counted->live().total() == 0);
}

TEST_CASE("handshake + link layer: RDMA path broken -> server TCP 0x02010000, client TCP 0x05000000/0x02010000") {
  LinkFixture f;
  f.fabric.set_all_reachable(false);  // TCP (the CLC pipe) still works
  HandshakeRun run(f);
  run.start();
  f.run(sim::seconds(10));
  REQUIRE(run.server_fallback);
  REQUIRE(run.client_fallback);
  CHECK(run.server_fallback->local == clc::DeclineCode::TimeoutConfirmLink);
  CHECK_FALSE(run.server_fallback->peer);
  CHECK(run.client_fallback->local == clc::DeclineCode::PeerDeclined);
  REQUIRE(run.client_fallback->peer);
  CHECK(*run.client_fallback->peer == clc::DeclineCode::TimeoutConfirmLink);
  // Server: 2 s Confirm Link wait + 1 s Decline wait; client: 4 s, then reads the Decline.
  CHECK(run.server_done_at >= 3 * ports::kSecond);
  CHECK(run.server_done_at < 3 * ports::kSecond + 10 * ports::kMillisecond);
  CHECK(run.client_done_at >= 4 * ports::kSecond);
  CHECK(run.client_done_at < 4 * ports::kSecond + 10 * ports::kMillisecond);
  // Both first-contact groups were abandoned and freed.
  f.run(sim::ms(1));
  CHECK(f.client.links->link_groups().empty());
  CHECK(f.server.links->link_groups().empty());
  CHECK(f.client.counted->live().total() == 0);
  CHECK(f.server.counted->live().total() == 0);
}

TEST_CASE("handshake + link layer: client RMB cannot be registered -> Decline 0x01010000, server PEERDECL") {
  LinkFixture f({}, [](int side, ports::RnicAttributes& a) {
    if (side == LinkFixture::kClient) a.limits.max_mr = 1;
  });
  HandshakeRun run(f);
  run.start();
  f.run(sim::seconds(10));
  REQUIRE(run.client_fallback);
  REQUIRE(run.server_fallback);
  CHECK(run.client_fallback->local == clc::DeclineCode::Mem);
  CHECK(run.server_fallback->local == clc::DeclineCode::PeerDeclined);
  REQUIRE(run.server_fallback->peer);
  CHECK(*run.server_fallback->peer == clc::DeclineCode::Mem);
  f.run(sim::ms(1));
  CHECK(f.server.counted->live().total() == 0);
  CHECK(f.client.counted->live().total() == 0);
}

}  // namespace
}  // namespace smc::link::testing
