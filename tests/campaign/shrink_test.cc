// Shrinking: a campaign against a deliberately broken engine finds the failure, shrinks it
// to a small scenario, writes a file that parses back, and that file replays the failure
// while the bug is switched on and passes (invariants and inverted expectations) without it.
#include "campaign_test_support.h"

#include <filesystem>

#include "conformance/campaign/campaign.h"
#include "conformance/campaign/scenario_gen.h"
#include "conformance/campaign/shrinker.h"
#include "scenarios/scenario_writer.h"

using namespace smc;
using namespace smc::conformance::campaign;

namespace {

SetupMutator world_mutation(world::WorldMutation m) {
  return [m](world::WorldSetup& w) {
    for (auto& c : w.connections) c.mutations |= static_cast<std::uint32_t>(m);
  };
}

SetupMutator engine_mutation(negotiation::EngineMutation m) {
  return [m](world::WorldSetup& w) {
    for (auto& c : w.connections) c.server_profile.test_mutations |= static_cast<std::uint32_t>(m);
  };
}

const Failure* find_failure(Campaign& c, Invariant inv, std::uint64_t max_runs) {
  while (c.runs_done() < max_runs) {
    c.step();
    for (const auto& f : c.failures())
      if (f.violation.invariant == inv) return &f;
  }
  return nullptr;
}

std::size_t connections(const scenarios::Scenario& s) {
  std::size_t n = 0;
  for (const auto& a : s.apps)
    if (a.role == "client") n += static_cast<std::size_t>(a.connections);
  return n;
}

void check_shrunk_failure(Invariant inv, const SetupMutator& bug) {
  auto dir = std::filesystem::temp_directory_path() / ("smc-shrink-" + std::string(to_string(inv)));
  std::filesystem::remove_all(dir);
  CampaignOptions opt;
  opt.seed = 11;
  opt.out_dir = dir.string();
  opt.mutate = bug;
  opt.shrink_per_invariant = 1;
  Campaign c(opt);
  const Failure* f = find_failure(c, inv, 400);
  REQUIRE(f != nullptr);
  INFO(f->text);
  // Minimal: the two hosts of one client/server pair (one host if both apps share it).
  CHECK(f->shrunk.hosts.size() <= 2);
  CHECK(f->shrunk.apps.size() == 2);
  CHECK(connections(f->shrunk) == 1);
  CHECK(f->shrunk.middleboxes.empty());
  CHECK(f->shrunk.faults.empty());
  CHECK(f->original.hosts.size() + f->original.apps.size() > f->shrunk.hosts.size() + f->shrunk.apps.size());
  CHECK(f->shrink.accepted > 0);

  // The file: <invariant>-<hash>.toml in DIR, a header naming the replay command.
  REQUIRE_FALSE(f->file.empty());
  auto name = std::filesystem::path(f->file).filename().string();
  CHECK(name.rfind(std::string(to_string(inv)) + "-", 0) == 0);
  CHECK(name.size() == std::string(to_string(inv)).size() + 1 + 16 + 5);
  CHECK(f->text.find("# replay: smcsim replay " + f->file) != std::string::npos);
  CHECK(f->replay_command == "smcsim replay " + f->file);

  auto parsed = scenarios::load_scenario_file(f->file);
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().to_string()));
  auto with_bug = replay_scenario(*parsed, bug);
  bool seen = false;
  for (const auto& v : with_bug.violations) seen = seen || v.invariant == inv;
  CHECK(seen);
  auto fixed = replay_scenario(*parsed);
  INFO((fixed.violations.empty() ? std::string() : fixed.violations.front().to_string()));
  INFO((fixed.failed_expectations.empty() ? std::string() : fixed.failed_expectations.front()));
  CHECK(fixed.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace

TEST_CASE("shrinking an oracle failure (server never finds a device)") {
  check_shrunk_failure(Invariant::Oracle, engine_mutation(negotiation::EngineMutation::ServerDeclinesAlways));
}

TEST_CASE("shrinking a data failure (SMC data path corrupts a byte)") {
  check_shrunk_failure(Invariant::Data, world_mutation(world::WorldMutation::CorruptSmcData));
}

TEST_CASE("shrinking an agreement failure (server forgets its fallback)") {
  check_shrunk_failure(Invariant::Agreement, world_mutation(world::WorldMutation::ServerForgetsFallback));
}

TEST_CASE("shrink_scenario keeps only what the predicate needs") {
  // A predicate that needs a host with a loopback-ism: everything else goes.
  for (std::uint64_t i = 0; i < 200; ++i) {
    auto s = scenario_for_run(5, i);
    auto needs = [](const scenarios::Scenario& x) {
      for (const auto& h : x.hosts)
        for (const auto& m : h.isms)
          if (m.kind == "loopback-ism") return true;
      return false;
    };
    if (!needs(s) || s.hosts.size() < 4) continue;
    ShrinkStats st;
    auto m = shrink_scenario(s, needs, &st);
    CHECK(needs(m));
    CHECK(m.hosts.size() == 1);
    CHECK(m.apps.empty());
    CHECK(m.hosts[0].rnics.empty());
    CHECK(m.hosts[0].isms.size() == 1);
    CHECK(runnable(m));
    return;
  }
  FAIL("no generated scenario with 4+ hosts and a loopback-ism in 200 runs");
}
