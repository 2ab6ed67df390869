#pragma once
// A scenario's network as the TCP world builds it (world::NetworkSetup): its [[segment]]s, which
// host interface is plugged into which, and the network faults, which act once per world on
// the cables rather than on one connection (conformance/scenario_faults.cc skips them).
//
// Network fault kinds: loss-mask, loss, delay, duplicate, reorder, partition, heal, link-down,
// link-up, and rdma-blackhole with a direction other than "both" (a two-way RDMA blackhole stays
// a per-connection fault: rdma_works, which the handshake world understands too).
// Targets: a segment ("lan0"), a host's interface ("client/eth0": the cables of that host on
// the interface's segment) or a host ("client": all its cables). Directions: both,
// client-to-server, server-to-client.
#include <optional>
#include <string>

#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

bool is_network_fault(const scenarios::FaultSpec& f);

// Fills w.network. nullopt: done; else why this world cannot express the network (a fault
// direction, a target on an interface without a segment, a missing probability).
std::optional<std::string> apply_network(const scenarios::Scenario& s, world::WorldSetup& w);

}  // namespace smc::conformance
