#include "sim/net/sim_interface.h"

#include <algorithm>

namespace smc::sim::net {

SimTime SimInterface::reserve_pps_slot(SimTime ready) {
  if (pps_cap_ == 0) return ready;
  SimTime slot = std::max(ready, next_slot_);
  // Gap rounded up so the cap is never exceeded.
  auto gap = static_cast<std::int64_t>((1'000'000'000ULL + pps_cap_ - 1) / pps_cap_);
  next_slot_ = slot + SimDuration::from_ns(gap);
  return slot;
}

}  // namespace smc::sim::net
