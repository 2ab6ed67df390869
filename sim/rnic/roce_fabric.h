#pragma once
// How RoCEv2 messages travel between simulated RNICs. The RNIC model only hands a packet
// to a RoceFabric; the fabric decides when (and whether) it reaches the device owning the
// destination GID. DirectRoceFabric is the self-contained version: a fixed one-way
// latency and a reachability switch per direction, independent of TCP, which is what the
// "RDMA broken, TCP fine" scenarios need. A fabric riding on sim/net's links implements
// the same interface later.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sim/kernel/actor.h"
#include "sim/rnic/roce_packet.h"

namespace smc::sim {

class RoceEndpoint {
 public:
  virtual ~RoceEndpoint() = default;
  virtual void receive(const RocePacket& packet) = 0;
};

class RoceFabric {
 public:
  virtual ~RoceFabric() = default;
  // The endpoint answering for `gid` (a device registers each of its GIDs).
  virtual void attach(const ports::Gid& gid, RoceEndpoint* endpoint) = 0;
  virtual void detach(const ports::Gid& gid) = 0;
  virtual void transmit(RocePacket packet) = 0;
};

struct FabricCounters {
  std::uint64_t messages_delivered = 0;
  std::uint64_t packets_delivered = 0;  // MTU-sized packets
  std::uint64_t bytes_delivered = 0;
  std::uint64_t messages_dropped = 0;
  std::uint64_t packets_dropped = 0;
};

class DirectRoceFabric final : public Actor, public RoceFabric {
 public:
  DirectRoceFabric(Simulator& sim, std::string name, SimDuration one_way_latency);
  DirectRoceFabric(const DirectRoceFabric&) = delete;
  DirectRoceFabric& operator=(const DirectRoceFabric&) = delete;

  void attach(const ports::Gid& gid, RoceEndpoint* endpoint) override;
  void detach(const ports::Gid& gid) override;
  void transmit(RocePacket packet) override;

  // Per-direction reachability: packets from `from` to `to` are dropped while false.
  void set_reachable(const ports::Gid& from, const ports::Gid& to, bool reachable);
  // Drop everything (both directions, every pair) while false.
  void set_all_reachable(bool reachable) { all_reachable_ = reachable; }
  // Replayable loss: drop the messages whose 1-based transmit index is in the set
  // ("drop the 4th and 5th message"), as picoquic's loss mask does.
  void drop_message_indices(std::set<std::uint64_t> indices) { drop_indices_ = std::move(indices); }
  void set_latency(SimDuration d) { latency_ = d; }

  const FabricCounters& counters() const { return counters_; }

 private:
  SimDuration latency_;
  bool all_reachable_ = true;
  std::map<ports::Gid, RoceEndpoint*> endpoints_;
  std::set<std::pair<ports::Gid, ports::Gid>> blocked_;
  std::set<std::uint64_t> drop_indices_;
  std::uint64_t transmitted_ = 0;
  FabricCounters counters_;
};

}  // namespace smc::sim
