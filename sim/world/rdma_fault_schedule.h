#pragma once
// RDMA faults at a time in the TCP world (issue 5; scenario [[fault]] kinds "port-down" and
// "qp-error", ConnectionSetup::rdma_faults): at the fault's instant the host's SimRnic
//   port-down  every port of the device loses its carrier (PORT_ERR; nothing leaves or
//              enters; outstanding sends end in RETRY_EXC_ERR),
//   qp-error   the QP of the host's first link on the device is moved to ERR (its posted
//              work requests flush with WR_FLUSH_ERR, which puts the link down),
// and every SMC-R data session starts watching its links, to fail over or to learn that the
// group is gone (SmcrDataSession::watch_links). A fault carried by several connections is
// applied once.
#include "sim/kernel/simulator.h"
#include "sim/world/world_setup.h"

namespace smc::world {

class TcpWorld;

void schedule_rdma_faults(sim::Simulator& sim, TcpWorld& world, const WorldSetup& setup);
// Applies one fault now; false when its host or device does not exist (traced).
bool apply_rdma_fault(sim::Simulator& sim, TcpWorld& world, const TimedRdmaFault& fault);

}  // namespace smc::world
