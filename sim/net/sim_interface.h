#pragma once
// A simulated net device: its configuration as the protocol sees it (ports::NetInterface)
// plus what only the simulator needs: the cable it is plugged into and the NIC's
// packets-per-second cap. A VLAN sub-interface has no cable of its own: its frames go out
// on its lower device's cable with an 802.1Q tag.
#include <cstdint>

#include "protocol/ports/host_config.h"
#include "sim/kernel/time.h"

namespace smc::sim::net {

class Link;
class Netns;

class SimInterface {
 public:
  SimInterface(Netns& netns, ports::NetInterface config) : netns_(netns), config_(std::move(config)) {}
  SimInterface(const SimInterface&) = delete;
  SimInterface& operator=(const SimInterface&) = delete;

  Netns& netns() const { return netns_; }
  const ports::NetInterface& config() const { return config_; }
  ports::NetInterface& config() { return config_; }
  const std::string& name() const { return config_.name; }
  bool up() const { return config_.up; }

  Link* link() const { return link_; }
  void attach(Link* link) { link_ = link; }

  // 0: no cap. The NIC sends at most this many packets per second: consecutive frames
  // leave at least 1e9 / pps ns apart.
  std::uint64_t pps_cap() const { return pps_cap_; }
  void set_pps_cap(std::uint64_t pps) { pps_cap_ = pps; }
  // The earliest instant the next frame may leave under the PPS cap; reserves that slot.
  SimTime reserve_pps_slot(SimTime ready);

 private:
  Netns& netns_;
  ports::NetInterface config_;
  Link* link_ = nullptr;
  std::uint64_t pps_cap_ = 0;
  SimTime next_slot_{};
};

}  // namespace smc::sim::net
