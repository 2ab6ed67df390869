#pragma once
// A point-to-point link (a cable, a veth pair, a switch port's cable) between two graph
// nodes. Each direction has its own transmitter (frames are serialized one after the
// other at the link's bandwidth), its own propagation delay and its own filter chain.
// A down link drops everything offered to it and is left out of path computation.
#include <array>
#include <cstdint>
#include <string>

#include "sim/kernel/actor.h"
#include "sim/kernel/time.h"
#include "sim/net/packet_filter.h"

namespace smc::sim::net {

class SimInterface;

struct LinkParams {
  std::uint64_t bandwidth_bps = 10'000'000'000;  // 0: infinitely fast (no serialization time)
  SimDuration delay = SimDuration::from_ns(1'000);  // one-way propagation delay
};

// Serialization time of `bytes` at `bps`, rounded up to a whole nanosecond.
SimDuration serialization_time(std::size_t bytes, std::uint64_t bps);

// An actor: frames in flight on it are its events, and its drops are traced under its name.
class Link : public Actor {
 public:
  struct End {
    std::size_t vertex = 0;              // graph vertex (a netns or a switch)
    SimInterface* interface = nullptr;   // the netns's device, null for a switch port
  };

  Link(Simulator& sim, std::string name, std::uint32_t id, End a, End b, LinkParams params)
      : Actor(sim, std::move(name)), id_(id), ends_{a, b}, params_(params) {}

  std::uint32_t id() const { return id_; }
  const End& end(int i) const { return ends_[static_cast<std::size_t>(i)]; }
  // The end index (0 or 1) at `vertex`; -1 if the link does not touch it.
  int end_at(std::size_t vertex) const;
  const LinkParams& params() const { return params_; }
  void set_params(LinkParams p) { params_ = p; }

  bool up() const { return up_; }
  void set_up(bool up) { up_ = up; }

  // Filters for frames leaving end `from` (0 or 1) towards the other end.
  FilterChain& filters(int from) { return filters_[static_cast<std::size_t>(from)]; }
  // Adds the same filter in both directions (a middlebox that must see both ways).
  void add_filter_both(std::shared_ptr<PacketFilter> f);

  // Reserves the transmitter of direction `from` for a frame of `bytes` that is ready at
  // `ready`; returns the instant its last bit leaves.
  SimTime reserve_transmitter(int from, SimTime ready, std::size_t bytes);

 private:
  std::uint32_t id_;
  std::array<End, 2> ends_;
  LinkParams params_;
  bool up_ = true;
  std::array<FilterChain, 2> filters_;
  std::array<SimTime, 2> busy_until_{};
};

}  // namespace smc::sim::net
