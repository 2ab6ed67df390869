#include "protocol/datapath/consumer_update_rule.h"

#include <algorithm>

#include "protocol/datapath/ring_span.h"

namespace smc::datapath {

std::uint32_t linux_update_limit(std::uint32_t ring_size) {
  return std::min(ring_size / 10, kLinuxSockMinSndbufHalf);
}

bool consumer_update_due(const ConsumerUpdateInput& in) {
  if (in.peer_requested || in.force) return true;
  const auto to_confirm = cursor_delta(in.confirmed, in.consumer, in.ring_size);
  if (to_confirm <= static_cast<std::int64_t>(in.update_limit)) return false;
  // What the sender believes is free: the ring minus everything it wrote beyond the
  // consumer cursor we last told it (smc_curs_diff_large, clamped to [0, ring]).
  const auto outstanding = std::clamp<std::int64_t>(cursor_delta(in.confirmed, in.peer_producer, in.ring_size), 0,
                                                    in.ring_size);
  const auto sender_free = static_cast<std::int64_t>(in.ring_size) - outstanding;
  return sender_free <= static_cast<std::int64_t>(in.ring_size / 2) || in.peer_write_blocked;
}

}  // namespace smc::datapath
