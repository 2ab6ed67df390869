#pragma once
// When a receiver announces its consumer cursor (the "window update"), Linux's
// smc_tx_consumer_update(): send a CDC if
//   - the peer asked for it (producer flag 0x10, cons_curs_upd_req), or
//   - the caller forces it (the urgent byte was skipped), or
//   - more than update_limit bytes were consumed since the last announced cursor AND
//     either the sender now sees at most half of the ring free, or the peer said it is
//     write-blocked.
// Any CDC we send carries the consumer cursor, so "last announced" is the cursor in the
// last CDC that left, whatever caused it (rx_curs_confirmed).
#include <cstdint>

#include "protocol/cdc/cdc_cursor.h"

namespace smc::datapath {

// SOCK_MIN_SNDBUF / 2 on x86_64 (2 × (2048 + 256-byte aligned sk_buff) / 2): the cap
// upstream puts on the 10 % rule. It depends on sizeof(struct sk_buff); see
// docs/data-path.md.
inline constexpr std::uint32_t kLinuxSockMinSndbufHalf = 2304;

// Upstream smc_rmb_wnd_update_limit(): min(ring / 10, SOCK_MIN_SNDBUF / 2) — RFC 7609's
// "10 % of the receive buffer", capped, so big rings announce often.
std::uint32_t linux_update_limit(std::uint32_t ring_size);

struct ConsumerUpdateInput {
  std::uint32_t ring_size = 0;       // our RMBE (receive ring)
  std::uint32_t update_limit = 0;    // linux_update_limit(ring_size) unless configured
  cdc::CdcCursor confirmed;          // consumer cursor in the last CDC we sent
  cdc::CdcCursor consumer;           // our consumer cursor now
  cdc::CdcCursor peer_producer;      // the peer's producer cursor in our ring
  bool peer_requested = false;       // peer's cons_curs_upd_req
  bool peer_write_blocked = false;   // peer's write_blocked
  bool force = false;
};

bool consumer_update_due(const ConsumerUpdateInput& in);

}  // namespace smc::datapath
