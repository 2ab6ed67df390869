#include "sim/net/link.h"

#include <algorithm>

namespace smc::sim::net {

SimDuration serialization_time(std::size_t bytes, std::uint64_t bps) {
  if (bps == 0) return SimDuration::zero();
  // bits * 1e9 / bps, rounded up. Exact in 64 bits for frames below 2 GB.
  std::uint64_t num = static_cast<std::uint64_t>(bytes) * 8u * 1'000'000'000u;
  auto ns = static_cast<std::int64_t>((num + bps - 1) / bps);
  return SimDuration::from_ns(ns);
}

int Link::end_at(std::size_t vertex) const {
  if (ends_[0].vertex == vertex) return 0;
  if (ends_[1].vertex == vertex) return 1;
  return -1;
}

void Link::add_filter_both(std::shared_ptr<PacketFilter> f) {
  filters_[0].add(f);
  filters_[1].add(std::move(f));
}

SimTime Link::reserve_transmitter(int from, SimTime ready, std::size_t bytes) {
  auto& busy = busy_until_[static_cast<std::size_t>(from)];
  SimTime start = std::max(ready, busy);
  busy = start + serialization_time(bytes, params_.bandwidth_bps);
  return busy;
}

}  // namespace smc::sim::net
