#pragma once
// Writes a Scenario back as scenario-file TOML that parse_scenario_text reads into an equal
// Scenario (same values; lines and the file name aside). A fuzz campaign saves its shrunk
// failures this way, so a saved failure is an ordinary scenario file anyone can read and edit.
//
// Only keys that differ from the parser's defaults are written (a short file reads better),
// durations and sizes as integers (exact), scalar maps as inline tables in key order.
#include <string>

#include "scenarios/scenario.h"

namespace smc::scenarios {

// `header` (may be empty) is written first as `# ` comment lines, one per input line.
std::string write_scenario(const Scenario& s, const std::string& header = {});

// Equal as a scenario file means: every value equal; source lines and `file` are ignored.
bool same_scenario(const Scenario& a, const Scenario& b);

}  // namespace smc::scenarios
