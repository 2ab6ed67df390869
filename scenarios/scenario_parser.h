#pragma once
// Reads a scenario file (TOML) into a Scenario, strictly: unknown keys, wrong types,
// missing references and impossible topologies are errors reported as file:line.
#include <string>

#include "scenarios/scenario.h"
#include "scenarios/scenario_error.h"

namespace smc::scenarios {

ScenarioResult<Scenario> parse_scenario_text(const std::string& text, const std::string& file);
ScenarioResult<Scenario> load_scenario_file(const std::string& path);

}  // namespace smc::scenarios
