#include "conformance/case_runner.h"

#include <algorithm>
#include <filesystem>

#include "conformance/perf/perf_case.h"
#include "conformance/scenario_world.h"
#include "scenarios/scenario_parser.h"
#include "sim/world/tcp_world.h"
#include "sim/world/world_observation.h"

namespace smc::conformance {

scenarios::Scenario with_options(scenarios::Scenario s, const RunOptions& opt) {
  if (opt.seed) s.seed = *opt.seed;
  if (!opt.profile.empty()) {
    s.profile = opt.profile;
    for (auto& h : s.hosts) h.profile.clear();
  }
  return s;
}

CaseResult run_case(const scenarios::Scenario& s, const RunOptions& opt) {
  std::vector<world::ConnectionOutcome> conns;
  return run_case(s, opt, conns);
}

CaseResult run_case(const scenarios::Scenario& s, const RunOptions& opt, std::vector<world::ConnectionOutcome>& conns) {
  world::WorldObservation observation;
  return run_case(s, opt, conns, observation);
}

CaseResult run_case(const scenarios::Scenario& s0, const RunOptions& opt, std::vector<world::ConnectionOutcome>& conns,
                    world::WorldObservation& observation) {
  scenarios::Scenario s = with_options(s0, opt);
  CaseResult r;
  r.id = s.id;
  r.title = s.title;
  r.reference = s.reference;
  r.file = s.file;
  bool on_sim = s.backends.empty() || std::find(s.backends.begin(), s.backends.end(), "sim") != s.backends.end();
  if (!on_sim) {
    r.outcome = Outcome::UnsupportedOnBackend;
    r.note = "not a sim case (backends)";
    return r;
  }
  auto setup = build_world_setup(s);
  if (!setup) {
    r.outcome = Outcome::UnsupportedOnBackend;
    r.note = "the simulator cannot express: " + setup.error();
    r.observed = "-";
    for (const auto& e : s.expectations) r.expected += (r.expected.empty() ? "" : ", ") + e.app;
    return r;
  }
  world::TcpWorldOptions world_options;
  world_options.capture = opt.capture;
  auto run = world::run_tcp_world_observed(*setup, observation, opt.trace, world_options);
  conns = run.connections;
  r.trace_hash = run.trace_hash;
  r.stats = run.stats;
  r.verdicts = check_expectations(s, conns, &observation);
  // A performance case's [perf] expectation (conformance/perf/perf_case.h) is one more verdict.
  if (s.perf) r.verdicts.push_back(perf::perf_verdict(s));
  bool pass = !r.verdicts.empty();
  for (const auto& v : r.verdicts) {
    r.expected += (r.expected.empty() ? "" : ", ") + v.expected;
    r.observed += (r.observed.empty() ? "" : ", ") + v.observed;
    pass = pass && v.pass;
  }
  if (!s.deviation.empty()) {
    r.outcome = Outcome::DeviationExpected;
    r.note = s.deviation;
  } else {
    r.outcome = pass ? Outcome::Pass : Outcome::Fail;
  }
  // A run that stopped short (duplicate actor, exhausted event budget) is never a pass: its
  // outcomes are only as far as the run got.
  // A script that went off its rails means the case does not test what it says.
  for (const auto& c : conns)
    for (const auto& m : c.script_mismatches) {
      r.outcome = Outcome::Fail;
      r.note += (r.note.empty() ? "" : "; ") + std::string("scripted peer: ") + m;
    }
  if (!run.run_error.empty()) {
    r.outcome = Outcome::Fail;
    r.note = "the run stopped short: " + run.run_error;
  }
  return r;
}

std::vector<std::string> catalogue_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".toml") files.push_back(it->path().string());
  std::sort(files.begin(), files.end());
  return files;
}

Result<Catalogue, scenarios::ScenarioError> load_catalogue(const std::string& dir) {
  if (!std::filesystem::is_directory(dir))
    return smc::unexpected(scenarios::ScenarioError{dir, 0, "not a catalogue directory"});
  Catalogue c;
  for (const auto& f : catalogue_files(dir)) {
    auto s = scenarios::load_scenario_file(f);
    if (!s) return smc::unexpected(s.error());
    c.cases.push_back(std::move(*s));
  }
  return c;
}

std::vector<CaseResult> run_catalogue(const Catalogue& c, const std::vector<std::string>& prefixes,
                                      const RunOptions& opt) {
  std::vector<CaseResult> out;
  for (const auto& s : c.cases) {
    bool selected = prefixes.empty();
    for (const auto& p : prefixes) selected = selected || s.id.rfind(p, 0) == 0;
    if (selected) out.push_back(run_case(s, opt));
  }
  return out;
}

}  // namespace smc::conformance
