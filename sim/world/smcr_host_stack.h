#pragma once
// One simulated host's SMC-R stack in the TCP world: a SimRnic for every RDMA device of the
// host's snapshot (the HostSnapshot the negotiation decided with), with exactly that
// snapshot's ports, MACs and GID tables, so the device, port and GIDs a NegotiatedPath names
// are the ones the link layer finds; and the host's LinkManager over them, on a timer
// service of its own. The devices' GIDs are the host's addresses on the world's RDMA fabric.
//
// Actors: "rdma@<host>/<device>" (the devices) and "rdma@<host>/timers". Neither copyable
// nor movable: the devices and the link layer point into it.
#include <memory>
#include <string>
#include <vector>

#include "protocol/link/link_manager.h"
#include "protocol/link/smcr_connection.h"
#include "protocol/negotiation/host_snapshot.h"
#include "sim/rnic/sim_rnic.h"
#include "sim/world/sim_timer_service.h"
#include "sim/world/world_roce_fabric.h"

namespace smc::world {

// The device attributes of one snapshot device: ConnectX-like limits, the snapshot's ports.
ports::RnicAttributes rnic_attributes_of(const negotiation::RdmaDevice& device);

class SmcrHostStack {
 public:
  SmcrHostStack(sim::Simulator& sim, const std::string& host, const negotiation::HostSnapshot& snapshot,
                WorldRoceFabric& fabric);
  ~SmcrHostStack();
  SmcrHostStack(const SmcrHostStack&) = delete;
  SmcrHostStack& operator=(const SmcrHostStack&) = delete;

  bool has_devices() const { return !rnics_.empty(); }
  std::unique_ptr<link::SmcrConnection> create_connection() { return links_->create_connection(); }
  link::LinkManager& links() { return *links_; }
  sim::SimRnic* rnic(const std::string& device) const;

 private:
  SimTimerService timers_;
  std::vector<std::unique_ptr<sim::SimRnic>> rnics_;  // snapshot order
  std::unique_ptr<link::LinkManager> links_;          // before the devices go
};

}  // namespace smc::world
