#pragma once
// The lifecycle part of a scenario for one connection (issue 5): how each application ends
// its SMC connection (AppSpec close / close_at) and the RDMA faults at a time
// ([[fault]] kind "port-down" / "qp-error", target "host/device").
#include <optional>
#include <string>

#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

world::AppClosePlan app_close_plan(const scenarios::AppSpec& app);
// Both apps' plans into the connection.
void apply_app_close(const scenarios::AppSpec& client, const scenarios::AppSpec& server, world::ConnectionSetup& cs);
// A port-down / qp-error fault into cs.rdma_faults; an error text when it cannot be expressed.
std::optional<std::string> add_timed_rdma_fault(const scenarios::FaultSpec& f, world::ConnectionSetup& cs);

}  // namespace smc::conformance
