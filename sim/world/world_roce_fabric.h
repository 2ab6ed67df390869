#pragma once
// The RDMA side of the TCP world's network. RoCE rides on the same cables as TCP: a message
// between two hosts gets the cable's one-way delay, waits for the cable's transmitter in its
// direction when the cable has a bandwidth (RoCE messages queue among themselves, not with the
// TCP segments: a simplification), and vanishes while the cable is cut in its direction (a
// link-down or a partition on it: the world's CableProbe says so at transmit time, and a
// message already in flight still arrives, as on a cable cut behind it).
//
// Host pairs can also be blackholed, both ways or in one direction (rdma-blackhole, an rxe
// device outside init_net): every RoCE message that way vanishes, TCP is untouched. Each host
// registers its devices' GIDs under its name, so a message's pair is known from its source and
// destination GIDs.
//
// Watchers see every request message (SEND / RDMA WRITE, not ACKs) that leaves a watched QP:
// how the world draws LLC, CDC and RDMA WRITE arrows in a connection's ladder, with the real
// send instant and the real arrival instant (or none: dropped).
#include <array>
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

// Whether the cable from host `from` to host `to` carries frames that way right now.
using CableProbe = std::function<bool(const std::string& from, const std::string& to)>;

// Bytes a RoCEv2 message occupies on the wire: its payload plus, per packet, Ethernet (14),
// IPv4 (20), UDP (8), BTH (12) and ICRC (4) headers and the FCS (4).
constexpr std::uint64_t kRoceHeaderBytes = 62;

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
  // The first call for a pair sets its delay and bandwidth (0: none); a later call only adds
  // a blackhole (both ways).
  void set_path(const std::string& a, const std::string& b, std::int64_t delay_ns, bool reachable,
                std::uint64_t bandwidth_bps = 0);
  // Blackholes one direction of a pair (set_path first).
  void blackhole(const std::string& from, const std::string& to);
  void set_cable_probe(CableProbe probe) { probe_ = std::move(probe); }
  // Requests from (gid, qpn) are reported to `w` until unwatch(); `w` must outlive that.
  void watch(const ports::Gid& gid, std::uint32_t qpn, RoceWatcher* w) { watchers_[{gid, qpn}] = w; }
  void unwatch(const ports::Gid& gid, std::uint32_t qpn) { watchers_.erase({gid, qpn}); }

  const sim::FabricCounters& counters() const { return counters_; }

 private:
  struct Path {
    std::int64_t delay_ns = 0;
    std::uint64_t bandwidth_bps = 0;
    std::array<bool, 2> blackholed{};        // [0]: from the first host in name order
    std::array<std::int64_t, 2> busy_until{};  // the direction's transmitter
  };
  struct Route {
    Path* path = nullptr;
    int direction = 0;
    const std::string* from = nullptr;
    const std::string* to = nullptr;
  };
  Route route_of(const ports::Gid& from, const ports::Gid& to);

  std::int64_t default_delay_ns_;
  std::map<ports::Gid, sim::RoceEndpoint*> endpoints_;
  std::map<ports::Gid, std::string> host_of_;
  std::map<std::pair<std::string, std::string>, Path> paths_;  // by host names in name order
  std::map<std::pair<ports::Gid, std::uint32_t>, RoceWatcher*> watchers_;
  CableProbe probe_;
  sim::FabricCounters counters_;
};

}  // namespace smc::world
