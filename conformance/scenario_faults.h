#pragma once
// What a scenario's faults and device limits do to one connection: RDMA resource limits of 0
// and resource faults at the step where the kernel meets them (which code, which side
// declines), a full DMB table, rxe outside init_net, an RDMA blackhole, a vanished route.
#include <optional>
#include <string>

#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

// nullopt: applied; else why this world cannot express one of them ("fault 'partition'").
std::optional<std::string> apply_connection_faults(const scenarios::Scenario& s, const scenarios::HostSpec& client,
                                                   const scenarios::HostSpec& server, world::ConnectionSetup& cs);

}  // namespace smc::conformance
