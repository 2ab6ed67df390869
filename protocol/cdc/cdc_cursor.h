#pragma once
// A CDC cursor (wire-format.md §4.1): a position in a peer's ring buffer, as a 32-bit
// byte offset `count` ∈ [0, ring size) plus a 16-bit `wrap` incremented (mod 2^16) each
// time count passes the end of the ring. Producer and consumer cursors travel in every
// CDC message; their distance is the data in flight (or the free space).
#include <cstdint>

namespace smc::cdc {

struct CdcCursor {
  std::uint16_t wrap = 0;
  std::uint32_t count = 0;
  bool operator==(const CdcCursor&) const = default;
};

// The cursor n bytes further on in a ring of ring_size bytes (c.count < ring_size).
CdcCursor cursor_advance(CdcCursor c, std::uint64_t n, std::uint32_t ring_size);

// Bytes from `from` forward to `to`, the kernel's smc_curs_diff: valid when `to` is at
// most one ring ahead of `from` (the two are at most one wrap apart); a `to` behind
// `from` on the same wrap gives 0, never a negative distance.
std::uint32_t cursor_distance(CdcCursor from, CdcCursor to, std::uint32_t ring_size);

// The kernel's smc_curs_comp: the distance from old to new, negative when new is behind.
std::int64_t cursor_compare(CdcCursor old_cursor, CdcCursor new_cursor, std::uint32_t ring_size);

// Linux's exact rule for a cursor received in a CDC message (smc_cdc_cursor_to_host):
// it is ignored — the local copy stays `current` — when it moves backwards: same wrap and
// smaller count, or a smaller wrap that is not 0. An equal cursor is accepted. Wrap 0 is
// always accepted, which is how Linux lets the 16-bit wrap roll over (and also why a
// stale wrap-0 cursor would be taken).
bool cursor_update_accepted(CdcCursor current, CdcCursor received);

// A strict order for cursors that are close together (less than 2^15 rings apart):
// `a` is newer than `b` when it lies ahead of it, with the wrap compared in 16-bit
// serial arithmetic. Agrees with cursor_update_accepted (minus equality) everywhere
// except across the wrap 65535 → 0 boundary, where the kernel's rule is not an order.
bool is_newer(CdcCursor a, CdcCursor b);

}  // namespace smc::cdc
