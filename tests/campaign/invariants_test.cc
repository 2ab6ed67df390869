// Each invariant checker catches a deliberately broken engine (a mutation switched on only
// here: world::WorldMutation, negotiation::EngineMutation, or a broken timer), and stays
// silent on the same scenario without it. The scenarios are catalogue rows whose outcome
// fallback-causes.md §12 fixes.
#include "campaign_test_support.h"

#include "conformance/campaign/campaign.h"
#include "conformance/campaign/invariants.h"
#include "conformance/scenario_world.h"
#include "sim/world/handshake_world.h"

using namespace smc;
using namespace smc::conformance::campaign;

namespace {

const char* kBaseline = "scenarios/catalogue/success/row-00a-smcr-v2.toml";    // row 0a: SMCR both
const char* kServerNoDev = "scenarios/catalogue/decline/row-29-server-no-device.toml";  // row 29
const char* kAcceptTimeout = "scenarios/catalogue/error/row-74-accept-timeout.toml";    // row 74

world::WorldRun run(const scenarios::Scenario& s, const SetupMutator& mutate = {}) {
  auto setup = conformance::build_world_setup(s);
  REQUIRE(setup.ok());
  if (mutate) mutate(*setup);
  return world::run_world(*setup);
}

SetupMutator world_mutation(world::WorldMutation m) {
  return [m](world::WorldSetup& w) {
    for (auto& c : w.connections) c.mutations |= static_cast<std::uint32_t>(m);
  };
}

SetupMutator engine_mutation(negotiation::EngineMutation m) {
  return [m](world::WorldSetup& w) {
    for (auto& c : w.connections) {
      c.client_profile.test_mutations |= static_cast<std::uint32_t>(m);
      c.server_profile.test_mutations |= static_cast<std::uint32_t>(m);
    }
  };
}

}  // namespace

TEST_CASE("the unmutated catalogue rows break no invariant") {
  for (const char* f : {kBaseline, kServerNoDev, kAcceptTimeout}) {
    auto s = campaign_test::load(f);
    auto r = run(s);
    auto v = check_run(s, r, {});
    INFO(f << ": " << (v.empty() ? "" : v.front().to_string()));
    CHECK(v.empty());
    auto setup = conformance::build_world_setup(s);
    CHECK_FALSE(check_determinism(*setup, r).has_value());
  }
}

TEST_CASE("agreement catches a server that forgets its fallback") {
  auto s = campaign_test::load(kServerNoDev);
  auto v = check_agreement(run(s, world_mutation(world::WorldMutation::ServerForgetsFallback)).connections);
  REQUIRE(v.size() == 1);
  CHECK(v[0].invariant == Invariant::Agreement);
  CHECK(v[0].message.find("0x05000000/0x03030000") != std::string::npos);
  CHECK(check_agreement(run(s).connections).empty());
}

TEST_CASE("oracle catches a server whose device search always fails") {
  auto s = campaign_test::load(kBaseline);
  auto v = check_oracle(s, run(s, engine_mutation(negotiation::EngineMutation::ServerDeclinesAlways)).connections);
  REQUIRE_FALSE(v.empty());
  CHECK(v[0].invariant == Invariant::Oracle);
  CHECK(v[0].message.find("baseline pair") != std::string::npos);
  CHECK(check_oracle(s, run(s).connections).empty());
}

TEST_CASE("data catches corruption and duplication on the SMC data path") {
  auto s = campaign_test::load(kBaseline);
  for (auto m : {world::WorldMutation::CorruptSmcData, world::WorldMutation::DuplicateSmcData}) {
    auto v = check_data(s, run(s, world_mutation(m)).connections);
    REQUIRE(v.size() == 1);
    CHECK(v[0].invariant == Invariant::Data);
    CHECK(v[0].connection == "cli#1");
  }
  CHECK(check_data(s, run(s).connections).empty());
}

TEST_CASE("resources catches a server whose Proposal timer never fires") {
  // Row 74: the Proposal is dropped; the server must give up after its 6 s CLC wait. With the
  // timer broken (a wait longer than the run) the server is left inside its handshake.
  auto s = campaign_test::load(kAcceptTimeout);
  auto broken = [](world::WorldSetup& w) {
    for (auto& c : w.connections) c.server_profile.clc_wait = 3600LL * 1'000'000'000LL;
  };
  auto v = check_resources(s, run(s, broken).connections);
  REQUIRE(v.size() == 1);
  CHECK(v[0].message.find("server is still in its handshake") != std::string::npos);
  CHECK(check_resources(s, run(s).connections).empty());
}

TEST_CASE("budget catches a run over its event budget and a run that never started") {
  auto s = campaign_test::load(kBaseline);
  auto r = run(s);
  CHECK(check_budget(r, {}).empty());
  InvariantOptions tight;
  tight.budget_base = 1;
  tight.budget_per_connection = 1;
  auto v = check_budget(r, tight);
  REQUIRE(v.size() == 1);
  CHECK(v[0].invariant == Invariant::Budget);
  world::WorldRun dead = r;
  dead.events = 0;
  auto d = check_budget(dead, {});
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("refused") != std::string::npos);
}

TEST_CASE("determinism catches hidden state outside the seed") {
  auto s = campaign_test::load(kBaseline);
  auto setup = conformance::build_world_setup(s);
  REQUIRE(setup.ok());
  engine_mutation(negotiation::EngineMutation::NondeterministicOffer)(*setup);
  auto first = world::run_world(*setup);
  auto v = check_determinism(*setup, first);
  REQUIRE(v.has_value());
  CHECK(v->invariant == Invariant::Determinism);
}
