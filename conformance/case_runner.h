#pragma once
// Runs one scenario in the simulated world (sim/world TcpWorld) and judges it; loads and runs a whole catalogue
// (every scenarios/catalogue/**/*.toml, in sorted path order, so reports are stable).
#include <optional>
#include <string>
#include <vector>

#include "conformance/case_result.h"
#include "protocol/common/result.h"
#include "scenarios/scenario.h"
#include "scenarios/scenario_error.h"
#include "sim/kernel/trace_sink.h"
#include "sim/pcap/pcap_writer.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

struct RunOptions {
  std::optional<std::uint64_t> seed;   // overrides the scenario's seed
  std::string profile;                 // overrides the scenario's profile (and hosts')
  sim::TraceSink* trace = nullptr;
  pcap::PcapWriter* capture = nullptr;  // every packet the hosts send (smcsim run --pcap)
};

// The scenario with the options applied (seed, profile).
scenarios::Scenario with_options(scenarios::Scenario s, const RunOptions& opt);

CaseResult run_case(const scenarios::Scenario& s, const RunOptions& opt = {});
// The outcomes as well, for `smcsim run`.
CaseResult run_case(const scenarios::Scenario& s, const RunOptions& opt, std::vector<world::ConnectionOutcome>& conns);
// ... and the hosts' link groups and counters after the run (smcsim run --linkgroups).
CaseResult run_case(const scenarios::Scenario& s, const RunOptions& opt, std::vector<world::ConnectionOutcome>& conns,
                    world::WorldObservation& observation);

// Every *.toml under dir, recursively, sorted.
std::vector<std::string> catalogue_files(const std::string& dir);

struct Catalogue {
  std::vector<scenarios::Scenario> cases;  // sorted by file path
};
// The first file that does not parse is the error.
Result<Catalogue, scenarios::ScenarioError> load_catalogue(const std::string& dir);

// prefixes empty: every case; else the cases whose id starts with one of them.
std::vector<CaseResult> run_catalogue(const Catalogue& c, const std::vector<std::string>& prefixes,
                                      const RunOptions& opt = {});

}  // namespace smc::conformance
