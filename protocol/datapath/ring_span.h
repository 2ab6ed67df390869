#pragma once
// Ring arithmetic the data path needs beyond protocol/cdc/cdc_cursor.h: a signed linear
// distance between two cursors (to validate a received cursor against ours), and the
// split of a ring access at the wrap into at most two contiguous pieces (the kernel's
// "two chunks" loops in smc_tx.c / smc_rx.c).
#include <array>
#include <cstdint>

#include "protocol/cdc/cdc_cursor.h"

namespace smc::datapath {

// Bytes from `from` to `to` in a ring of ring_size, negative when `to` is behind; the
// wraps are compared in 16-bit serial arithmetic, so 0xffff → 0 is one ring, not −65535.
// Exact while the two are fewer than 2^15 rings apart, which a valid peer never exceeds.
std::int64_t cursor_delta(cdc::CdcCursor from, cdc::CdcCursor to, std::uint32_t ring_size);

struct RingPiece {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

struct RingPieces {
  std::array<RingPiece, 2> piece{};
  int count = 0;  // 0 (nothing), 1 (no wrap) or 2 (split at the end of the ring)
};

// The contiguous pieces of `length` bytes starting at `offset` (< ring_size, length <=
// ring_size).
RingPieces ring_pieces(std::uint32_t offset, std::uint32_t length, std::uint32_t ring_size);

}  // namespace smc::datapath
