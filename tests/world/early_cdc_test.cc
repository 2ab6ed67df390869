// A CDC that comes before its side's data path opens (sim/world/smcr_data_session.h): on
// link-group reuse the client writes as soon as it has the CLC Accept, while the server's
// data path opens only once it has processed the client's CLC Confirm. With the Confirm's
// segment lost and retransmitted, the client's RDMA WRITE and CDC (and its close) reach the
// server first. The kernel registered the RMB under its alert token when it built the
// Accept, so the CDC's cursors are applied and nothing is lost: every byte arrives once and
// in order (the campaign's data invariant) and both ends close.
//
// The world is the fuzz campaign's shrunk failure (smcsim fuzz --seed 20261125, invariant
// `data`, regression/data-dd58c7df5d1e50e0): two connections of one client app over a
// segment that loses 20 % of the client's segments.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "conformance/scenario_world.h"
#include "scenarios/scenario_parser.h"
#include "sim/world/tcp_world.h"

using namespace smc;
using namespace smc::world;

namespace {

std::string scenario_text(std::uint64_t seed) {
  return R"toml([scenario]
id = "regression/data-dd58c7df5d1e50e0"
title = "fuzz: data violated"
reference = "fallback-causes.md §2, §3, §12 (campaign oracle)"
seed = )toml" + std::to_string(seed) +
         R"toml(
duration = 30000000000
profile = "linux-6.18"

[[segment]]
name = "lan0"
delay = 10000

[[host]]
name = "h3"

  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.3/24"]

  [[host.rnic]]
  name = "roce0"
  kind = "mlx5"
  netdev = "eth0"

[[host]]
name = "h5"

  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.5/24"]

  [[host.rnic]]
  name = "roce0"
  kind = "mlx5"
  netdev = "eth0"

[[fault]]
probability = 0.2
kind = "loss"
target = "lan0"
direction = "client-to-server"

[[app]]
name = "srv2"
host = "h5"
role = "server"
port = 5002

[[app]]
name = "cli1"
host = "h3"
role = "client"
connect = "h5:5002"
connections = 2
send = 1000
)toml";
}

WorldSetup setup_for(std::uint64_t seed) {
  auto s = scenarios::parse_scenario_text(scenario_text(seed), "early_cdc_test");
  REQUIRE(s.ok());
  auto setup = conformance::build_world_setup(*s);
  REQUIRE(setup.ok());
  return std::move(*setup);
}

struct Run {
  explicit Run(const WorldSetup& s) : sim(sim::Seed(s.seed)), world(sim, s) { outcomes = world.run(); }
  sim::Simulator sim;
  TcpWorld world;
  std::vector<ConnectionOutcome> outcomes;
};

}  // namespace

TEST_CASE("a CDC before the server's data path opens is applied when it opens: no byte, no close lost") {
  // The failing seed first, then neighbours: whatever else changes how the losses fall, the
  // early case must still be met (else this test would prove nothing).
  std::uint64_t early_total = 0;
  for (std::uint64_t seed : {188941954ULL, 1ULL, 2ULL, 3ULL, 4ULL, 5ULL, 6ULL, 7ULL}) {
    INFO("seed " << seed);
    Run run(setup_for(seed));
    REQUIRE(run.world.run_error() == "");
    REQUIRE(run.outcomes.size() == 2);
    const auto& runs = run.world.runs();
    for (std::size_t i = 0; i < runs.size(); ++i) {
      INFO("connection " << i + 1);
      const ConnectionOutcome& o = run.outcomes[i];
      const SmcrDataSession* session = runs[i]->smcr_session();
      if (o.client_mode() != "SMCR" || o.server_mode() != "SMCR" || session == nullptr) continue;
      const std::uint64_t early = session->early_cdcs(false);
      early_total += early;
      // An early CDC is one the client sent: the server had not answered anything over SMC.
      CHECK(session->early_cdcs(true) == 0);
      // The campaign's data invariant: sent, received once and in order, or an error seen.
      if (!o.client_errno && !session->app_errno(true) && !session->app_errno(false)) {
        CHECK_MESSAGE(o.data_intact, "early CDCs: " << early);
      }
      if (early > 0) {
        // The client's close came in the early CDCs too: the server saw EOF and closed.
        CHECK(session->app_closed(false));
        CHECK(session->app_closed(true));
        CHECK(session->data_path(false) != nullptr);
      }
    }
  }
  CHECK(early_total > 0);
}

TEST_CASE("the early-CDC world is deterministic: same seed, same outcome and CDC count") {
  const WorldSetup s = setup_for(188941954ULL);
  Run a(s), b(s);
  REQUIRE(a.outcomes.size() == b.outcomes.size());
  for (std::size_t i = 0; i < a.outcomes.size(); ++i) {
    CHECK(a.outcomes[i].data_intact == b.outcomes[i].data_intact);
    const SmcrDataSession* sa = a.world.runs()[i]->smcr_session();
    const SmcrDataSession* sb = b.world.runs()[i]->smcr_session();
    REQUIRE((sa == nullptr) == (sb == nullptr));
    if (sa) CHECK(sa->early_cdcs(false) == sb->early_cdcs(false));
  }
}
