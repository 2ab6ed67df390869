// Issue 5 in the TCP world: the catalogue's lifecycle cases (scenarios/catalogue/lifecycle)
// end in the close sequences docs/data-path.md §6 gives, both sides' smcss states are the
// kernel's, a port dying under a two-link group loses nothing, a one-link group dying
// aborts both ends, and nothing is left: after the close every connection has left its link
// group (buffers back in the pool), and after the teardown's LinkManager::shutdown the
// SimRnics hold no PD, MR, CQ or QP.
#include <doctest/doctest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "sim/world/tcp_world.h"
#include "sim/world/world_observation.h"
#include "tests/world/world_cases.h"

using namespace smc;
using namespace smc::world;
using diag::SmcState;

namespace {

WorldSetup setup_of(const std::string& id) { return test::catalogue_setup(id); }

struct Finished {
  ConnectionOutcome outcome;
  WorldObservation observation;
  std::size_t conns_in_groups = 0;      // before the teardown
  std::size_t rnic_objects_left = 0;    // after LinkManager::shutdown
  std::size_t rnics = 0;
};

// Runs the world on our simulator, observes it, then does what the teardown does first
// (each host's LinkManager::shutdown) and counts what is left on the devices.
Finished run_and_tear_down(const WorldSetup& setup) {
  sim::Simulator sim(sim::Seed(setup.seed));
  TcpWorld world(sim, setup);
  auto outcomes = world.run();
  REQUIRE(world.run_error().empty());
  REQUIRE(outcomes.size() == 1);
  observe_connections(world, outcomes);
  Finished f;
  f.outcome = outcomes[0];
  f.observation = observe_world(world, setup, outcomes);
  for (const char* host : {"client", "server"}) {
    SmcrHostStack* stack = world.smcr_host(host);
    REQUIRE(stack != nullptr);
    for (const auto& [id, g] : stack->links().link_groups()) f.conns_in_groups += g->connection_count();
    stack->links().shutdown();
    for (const char* dev : {"roce0", "roce1"})
      if (sim::SimRnic* r = stack->rnic(dev)) {
        ++f.rnics;
        auto res = r->resources();
        f.rnic_objects_left += res.pds + res.mrs + res.cqs + res.qps;
      }
  }
  return f;
}

std::vector<SmcState> trail(const std::optional<ConnectionOutcome::SmcSide>& s) {
  REQUIRE(s.has_value());
  return s->trail;
}

}  // namespace

TEST_CASE("orderly close, client first: ACTIVE -> PEERCLW1 -> CLOSED and ACTIVE -> APPLCLW1 -> CLOSED") {
  auto f = run_and_tear_down(setup_of("success/lifecycle-close-client-first"));
  CHECK(f.outcome.data_intact);
  // docs/data-path.md §6: the active closer waits in PEERCLW1 for the peer's close; the
  // passive side sees the close (APPLCLW1) and closes from there straight to CLOSED.
  CHECK(trail(f.outcome.client_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerCloseWait1, SmcState::Closed});
  CHECK(trail(f.outcome.server_smc) == std::vector<SmcState>{SmcState::Active, SmcState::AppCloseWait1, SmcState::Closed});
  CHECK(f.outcome.client_smc->freed);
  CHECK(f.outcome.server_smc->freed);
  CHECK_FALSE(f.outcome.client_smc->app_errno);
  // The link group outlives its last connection (SMC_LGR_FREE_DELAY): one each, empty.
  CHECK(f.observation.hosts.at("client").link_groups.size() == 1);
  CHECK(f.observation.hosts.at("server").link_groups.size() == 1);
  CHECK(f.conns_in_groups == 0);
  CHECK(f.rnics == 2);
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("orderly close, server first: the client passes through APPLCLW1") {
  auto f = run_and_tear_down(setup_of("success/lifecycle-close-server-first"));
  CHECK(f.outcome.data_intact);
  CHECK(trail(f.outcome.server_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerCloseWait1, SmcState::Closed});
  CHECK(trail(f.outcome.client_smc) == std::vector<SmcState>{SmcState::Active, SmcState::AppCloseWait1, SmcState::Closed});
  CHECK(f.conns_in_groups == 0);
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("both close at once: the close flags cross, both PEERCLW1 -> CLOSED") {
  auto f = run_and_tear_down(setup_of("success/lifecycle-close-both-at-once"));
  CHECK(trail(f.outcome.client_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerCloseWait1, SmcState::Closed});
  CHECK(trail(f.outcome.server_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerCloseWait1, SmcState::Closed});
  CHECK(f.conns_in_groups == 0);
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("shutdown(SHUT_WR), then read to EOF: APPFINCLW on the client, PEERFINCLW on the server") {
  auto f = run_and_tear_down(setup_of("success/lifecycle-shutdown-write-then-read"));
  CHECK(f.outcome.data_intact);
  // Client: done_writing -> PEERCLW1; the server's close -> APPFINCLW; its own close -> CLOSED.
  CHECK(trail(f.outcome.client_smc) ==
        std::vector<SmcState>{SmcState::Active, SmcState::PeerCloseWait1, SmcState::AppFinCloseWait, SmcState::Closed});
  // Server: the client's done_writing -> APPLCLW1; its close -> PEERFINCLW; the client's close -> CLOSED.
  CHECK(trail(f.outcome.server_smc) ==
        std::vector<SmcState>{SmcState::Active, SmcState::AppCloseWait1, SmcState::PeerFinCloseWait, SmcState::Closed});
  CHECK(f.conns_in_groups == 0);
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("close with unread data aborts: the peer goes PROCESSABORT and reads ECONNRESET") {
  auto f = run_and_tear_down(setup_of("success/lifecycle-abort-unread-data"));
  CHECK(trail(f.outcome.client_smc) == std::vector<SmcState>{SmcState::Active, SmcState::ProcessAbort, SmcState::Closed});
  CHECK(trail(f.outcome.server_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerCloseWait1, SmcState::Closed});
  REQUIRE(f.outcome.client_smc->app_errno);
  CHECK(*f.outcome.client_smc->app_errno == ECONNRESET);
  CHECK(f.conns_in_groups == 0);
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("a port dies mid-transfer under a two-link group: failover, every byte once and in order") {
  auto setup = setup_of("success/lifecycle-failover-two-links");
  auto f = run_and_tear_down(setup);
  CHECK(f.outcome.data_intact);
  CHECK(f.outcome.client_smc->state == SmcState::Closed);
  CHECK(f.outcome.server_smc->state == SmcState::Closed);
  CHECK_FALSE(f.outcome.client_smc->app_errno);
  // The failed link was deleted on both sides: one link left in each group.
  CHECK(f.observation.hosts.at("client").links == 1);
  CHECK(f.observation.hosts.at("server").links == 1);
  CHECK(f.rnics == 4);
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("the only link's QP fails mid-transfer: both ends killed, ECONNABORTED, groups gone") {
  auto f = run_and_tear_down(setup_of("success/lifecycle-one-link-killed"));
  CHECK_FALSE(f.outcome.data_intact);
  // smc_conn_kill: PEERABORTW on the way to CLOSED.
  CHECK(trail(f.outcome.client_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerAbortWait, SmcState::Closed});
  CHECK(trail(f.outcome.server_smc) == std::vector<SmcState>{SmcState::Active, SmcState::PeerAbortWait, SmcState::Closed});
  REQUIRE(f.outcome.client_smc->app_errno);
  CHECK(*f.outcome.client_smc->app_errno == ECONNABORTED);
  CHECK(f.observation.hosts.at("client").link_groups.empty());
  CHECK(f.observation.hosts.at("server").link_groups.empty());
  CHECK(f.rnic_objects_left == 0);
}

TEST_CASE("without close rules (a bare ConnectionSetup) the SMC-R connection stays ACTIVE") {
  auto setup = setup_of("success/lifecycle-close-client-first");
  setup.connections[0].client_close = AppClosePlan{};
  setup.connections[0].server_close = AppClosePlan{};
  auto f = run_and_tear_down(setup);
  CHECK(f.outcome.client_smc->state == SmcState::Active);
  CHECK(f.outcome.server_smc->state == SmcState::Active);
  CHECK(f.conns_in_groups == 2);
  CHECK(f.rnic_objects_left == 0);  // the teardown frees live connections' groups too
}
