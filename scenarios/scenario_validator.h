#pragma once
// Checks that a parsed scenario refers only to things it declares and describes a topology
// that can exist: unique names, interfaces plugged into declared segments, devices on
// declared netdevs, addresses that parse, gateways reachable on-link, apps on declared hosts,
// expectations about declared apps.
#include <optional>

#include "scenarios/scenario.h"
#include "scenarios/scenario_error.h"

namespace smc::scenarios {

std::optional<ScenarioError> validate_scenario(const Scenario& s);

}  // namespace smc::scenarios
