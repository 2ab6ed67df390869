#pragma once
// A fuzz campaign (issue 6): run i of campaign seed S generates scenario (S, i), runs it in
// the scenario world (TcpWorld, campaign_world.h), checks every invariant (and re-runs a sampled share for determinism);
// on a violation it shrinks the scenario to a minimal one that still violates the same
// invariant and writes it as DIR/<invariant>-<hash>.toml: an ordinary scenario file whose
// [[expect]] tables say what the reference requires, with a comment header (seed, run,
// invariant, message, the replay command).
//
// The campaign is single-threaded and every run is a fresh simulator: runs are independent,
// so `smcsim fuzz --seed S` finds the same failures in the same order on every machine.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "conformance/campaign/invariants.h"
#include "conformance/campaign/shrinker.h"
#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance::campaign {

// Switches a deliberate bug on in every connection of a run (tests only; see
// world::WorldMutation and negotiation::EngineMutation).
using SetupMutator = std::function<void(world::WorldSetup&)>;

struct CampaignOptions {
  std::uint64_t seed = 1;
  std::string out_dir;                  // "" = keep failures in memory only
  std::uint64_t determinism_every = 8;  // run i is re-run when i % determinism_every == 0 (0: never)
  InvariantOptions invariants;
  SetupMutator mutate;                  // tests only
  WorldHook world_hook;                 // tests only: a deliberate leak in the world after the run
  bool shrink = true;
  // Failing runs of one invariant after which further ones are only counted (a systematic
  // bug fails most runs; shrinking each would be wasted work).
  std::size_t shrink_per_invariant = 2;
};

// One scenario run and judged.
struct RunVerdict {
  bool runnable = true;            // false: the scenario does not validate or build (a generator bug)
  std::string not_runnable;        // why
  std::vector<Violation> violations;
  std::uint64_t events = 0;
  std::size_t connections = 0;
};

RunVerdict run_and_check(const scenarios::Scenario& s, const CampaignOptions& opt, bool determinism);

struct Failure {
  std::uint64_t run_index = 0;
  Violation violation;                // the first violation of the run (what was shrunk)
  scenarios::Scenario original;
  scenarios::Scenario shrunk;
  ShrinkStats shrink;
  std::string text;                   // the regression file
  std::string file;                   // where it was written ("" if not)
  std::string replay_command;
};

// The shrunk failure as a scenario file (header, id, expectations): see the file comment.
std::string failure_file_text(const Failure& f, std::uint64_t campaign_seed, const std::string& path);
// "<invariant>-<16 hex of FNV-1a over the shrunk scenario's text>.toml"
std::string failure_file_name(Invariant inv, const scenarios::Scenario& shrunk);

class Campaign {
 public:
  explicit Campaign(CampaignOptions opt) : opt_(std::move(opt)) {}

  // Runs run number runs_done() and handles its failure; returns its verdict.
  const RunVerdict& step();

  std::uint64_t runs_done() const { return runs_; }
  std::uint64_t failing_runs() const { return failing_runs_; }
  std::uint64_t not_runnable() const { return not_runnable_; }
  std::uint64_t events() const { return events_; }
  std::uint64_t connections() const { return connections_; }
  const std::vector<Failure>& failures() const { return failures_; }
  // Failing runs per invariant (every run, shrunk or not).
  const std::map<Invariant, std::uint64_t>& counts() const { return counts_; }

 private:
  void handle_failure(const scenarios::Scenario& s, const Violation& v);

  CampaignOptions opt_;
  RunVerdict last_;
  std::uint64_t runs_ = 0;
  std::uint64_t failing_runs_ = 0;
  std::uint64_t not_runnable_ = 0;
  std::uint64_t events_ = 0;
  std::uint64_t connections_ = 0;
  std::vector<Failure> failures_;
  std::map<Invariant, std::uint64_t> counts_;
  std::map<Invariant, std::size_t> shrunk_;
};

// Replays a saved failure: the invariants (determinism included) and the file's [[expect]]
// tables. Used by `smcsim replay` and the regression tests.
struct ReplayResult {
  bool runnable = true;
  std::string not_runnable;
  std::vector<Violation> violations;
  std::vector<std::string> failed_expectations;  // "file:line: expected ..., observed ..."
  bool ok() const { return runnable && violations.empty() && failed_expectations.empty(); }
};
ReplayResult replay_scenario(const scenarios::Scenario& s, const SetupMutator& mutate = {},
                             const InvariantOptions& opt = {}, const WorldHook& hook = {});

}  // namespace smc::conformance::campaign
