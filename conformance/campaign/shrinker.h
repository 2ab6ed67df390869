#pragma once
// Delta debugging over a Scenario: try one simplification at a time (drop a host with its
// apps, an app, a middlebox, a fault, a device, an interface, a route, a UEID, a sysctl;
// reset a value to its default: one connection, no data, the baseline profile ...), keep it
// when the scenario is still valid, still builds a world and still fails, and start over,
// until no simplification keeps the failure. The result is 1-minimal with respect to these
// steps: a reader sees only what the failure needs.
#include <cstddef>
#include <functional>

#include "scenarios/scenario.h"

namespace smc::conformance::campaign {

struct ShrinkStats {
  std::size_t attempts = 0;  // candidates run through the predicate
  std::size_t accepted = 0;  // simplifications kept
};

// `still_fails` runs a candidate (already known to be valid and buildable).
// `max_attempts` bounds the work on a pathological failure.
scenarios::Scenario shrink_scenario(scenarios::Scenario s,
                                    const std::function<bool(const scenarios::Scenario&)>& still_fails,
                                    ShrinkStats* stats = nullptr, std::size_t max_attempts = 3000);

// The candidates one step away from `s`, simplest-first (bigger cuts first). Exposed for tests.
std::vector<scenarios::Scenario> shrink_candidates(const scenarios::Scenario& s);

// Valid (scenario_validator) and expressible in the world (conformance/scenario_world).
bool runnable(const scenarios::Scenario& s);

}  // namespace smc::conformance::campaign
