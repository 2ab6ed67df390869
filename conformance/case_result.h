#pragma once
// One conformance case's verdict (conventions §4): a stable id, title, the reference it
// checks, what was expected and observed in smcss terms, and an outcome from a small fixed
// vocabulary. Each [[expect]] entry gets its own verdict line for `smcsim run`.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel/run_stats.h"

#include "scenarios/scenario.h"
#include "sim/world/connection_outcome.h"
#include "sim/world/world_observation.h"

namespace smc::conformance {

enum class Outcome : std::uint8_t { Pass, Fail, DeviationExpected, UnsupportedOnBackend };
const char* to_string(Outcome o);  // "pass", "fail", "deviation-expected", "unsupported-on-backend"

struct ExpectVerdict {
  unsigned line = 0;      // the [[expect]] table's line in the scenario file
  std::string expected;   // "client TCP 0x05000000/0x03030000 wire P,D(S->C v2 0x03030000)"
  std::string observed;
  bool pass = false;
};

struct CaseResult {
  std::string id;
  std::string title;
  std::string reference;
  std::string file;
  std::string expected;   // "client TCP 0x05000000/0x03030000, server TCP 0x03030000"
  std::string observed;
  Outcome outcome = Outcome::Fail;
  std::string note;       // the deviation or the unsupported feature
  std::vector<ExpectVerdict> verdicts;
  std::uint64_t trace_hash = 0;
  sim::RunStats stats;  // of the simulated run (wall time: statistics only)
};

// Checks every expectation of `s` against the connections the world ran. `world` (the hosts'
// link groups and counters after the run) makes `counters` and `link_groups` observable;
// without it they fail as "not observable".
std::vector<ExpectVerdict> check_expectations(const scenarios::Scenario& s,
                                              const std::vector<world::ConnectionOutcome>& conns,
                                              const world::WorldObservation* world = nullptr);

}  // namespace smc::conformance
