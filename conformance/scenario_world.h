#pragma once
// Turns a scenario into what the handshake world runs: each host into a HostSnapshot (its
// netdevs, routes, RDMA and ISM devices, UEIDs, sysctls), each client app's connections into
// ConnectionSetups against the server app it connects to, with the profile by the host's or
// the scenario's name, the middleboxes, the per-socket switches and the faults the engine can
// express. What this slice cannot express is returned as the reason the case is
// unsupported-on-backend, never silently ignored.
#include <string>

#include "protocol/common/result.h"
#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

// An error is the reason the scenario cannot run in this world ("fault 'qp-create-fail'").
Result<world::WorldSetup, std::string> build_world_setup(const scenarios::Scenario& s);

}  // namespace smc::conformance
