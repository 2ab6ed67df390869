#pragma once
// The RDMA side of the TCP world's network: a RoceFabric whose one-way latency is that of the
// cable between the two hosts (the first connection's one_way_delay_ns, as for TCP), and
// whose host pairs can be blackholed (rdma-blackhole, an rxe device outside init_net): every
// message between them vanishes, TCP is untouched. Each host registers its devices' GIDs under
// its name, so a message's pair is known from its source and destination GIDs.
//
// Watchers see every request message (SEND / RDMA WRITE, not ACKs) that leaves a watched QP:
// how the world draws LLC, CDC and RDMA WRITE arrows in a connection's ladder, with the real
// send instant and the real arrival instant (or none: dropped).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "sim/kernel/actor.h"
#include "sim/rnic/roce_fabric.h"

namespace smc::world {

class RoceWatcher {
 public:
  virtual ~RoceWatcher() = default;
  // A request left a watched QP at `at_ns`; `dropped` if it will never arrive. Returns a token handed
  // back to arrived() when it does (nullopt: nothing to report).
  virtual std::optional<std::size_t> sent(const sim::RocePacket& packet, bool dropped, std::int64_t at_ns) = 0;
  virtual void arrived(std::size_t token, std::int64_t at_ns) = 0;
};

class WorldRoceFabric final : public sim::Actor, public sim::RoceFabric {
 public:
  WorldRoceFabric(sim::Simulator& sim, std::string name, std::int64_t default_delay_ns);
  WorldRoceFabric(const WorldRoceFabric&) = delete;
  WorldRoceFabric& operator=(const WorldRoceFabric&) = delete;

  // sim::RoceFabric. The first device to claim a GID keeps it (two hosts with one address
  // would otherwise steal each other's traffic).
  void attach(const ports::Gid& gid, sim::RoceEndpoint* endpoint) override;
  void detach(const ports::Gid& gid) override;
  void transmit(sim::RocePacket packet) override;

  void assign_host(const ports::Gid& gid, const std::string& host);
  // The first call for a pair sets its delay; a later call only adds a blackhole.
  void set_path(const std::string& a, const std::string& b, std::int64_t delay_ns, bool reachable);
  // Requests from (gid, qpn) are reported to `w` until unwatch(); `w` must outlive that.
  void watch(const ports::Gid& gid, std::uint32_t qpn, RoceWatcher* w) { watchers_[{gid, qpn}] = w; }
  void unwatch(const ports::Gid& gid, std::uint32_t qpn) { watchers_.erase({gid, qpn}); }

  const sim::FabricCounters& counters() const { return counters_; }

 private:
  struct Path {
    std::int64_t delay_ns = 0;
    bool reachable = true;
  };
  const Path* path_of(const ports::Gid& from, const ports::Gid& to) const;

  std::int64_t default_delay_ns_;
  std::map<ports::Gid, sim::RoceEndpoint*> endpoints_;
  std::map<ports::Gid, std::string> host_of_;
  std::map<std::pair<std::string, std::string>, Path> paths_;  // by host names in name order
  std::map<std::pair<ports::Gid, std::uint32_t>, RoceWatcher*> watchers_;
  sim::FabricCounters counters_;
};

}  // namespace smc::world
