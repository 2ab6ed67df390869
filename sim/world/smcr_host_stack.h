#pragma once
// One simulated host's SMC-R stack in the TCP world: a SimRnic for every RDMA device of the
// host's snapshot (the HostSnapshot the negotiation decided with), with exactly that
// snapshot's ports, MACs and GID tables, so the device, port and GIDs a NegotiatedPath names
// are the ones the link layer finds; and the host's LinkManager over them, on a timer
// service of its own. The devices' GIDs are the host's addresses on the world's RDMA fabric.
//
// Actors: "rdma@<host>/<device>" (the devices) and "rdma@<host>/timers". Neither copyable
// nor movable: the devices and the link layer point into it.
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>
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
  const link::LinkManager& links() const { return *links_; }
  sim::SimRnic* rnic(const std::string& device) const;

  // What the host's SMC-R link layer holds now (ExpectSpec link_groups, smcss -R style views,
  // tests): link groups it knows (not terminated, not silently lost), their Active links, the
  // connections registered in them. The live HostSnapshot::link_groups is link_groups().
  std::size_t link_group_count() const { return links_->group_count(); }
  std::size_t link_count() const { return links_->link_count(); }
  std::size_t connection_count() const { return links_->connection_count(); }
  std::vector<negotiation::LinkGroupSnapshot> link_groups() const { return links_->snapshot(); }

  // The kernel's LGR locks (smc_server_lgr_pending / smc_client_lgr_pending): a handshake
  // takes its role's lock when it decides first contact or reuse (server: a whole Proposal
  // that passed the S4-S8 checks, never a Decline read instead; client: the Accept) and keeps it until its side is done, so a later handshake between
  // the same hosts decides only once an earlier first contact has its link group confirmed.
  // try_lock: true when `owner` holds the lock now; false queues `retry` (run from a timer
  // once the lock is free; it calls try_lock again).
  bool try_lock(bool server, const void* owner, std::function<void()> retry);
  void unlock(bool server, const void* owner);  // also drops the owner's queued retry

  // A link-layer fault at a time (HostLinkEvent kinds "lgr-forget", "rtoken-fill"); the same
  // kind at the same time is scheduled once however many connections name it.
  void schedule_event(const std::string& kind, std::int64_t at_ns);

 private:
  SimTimerService timers_;
  std::vector<std::unique_ptr<sim::SimRnic>> rnics_;  // snapshot order
  std::unique_ptr<link::LinkManager> links_;          // before the devices go
  struct LgrLock {
    const void* holder = nullptr;
    std::deque<std::pair<const void*, std::function<void()>>> waiting;
  };
  LgrLock locks_[2];  // [0] client role, [1] server role
  std::set<std::pair<std::string, std::int64_t>> events_;
};

}  // namespace smc::world
