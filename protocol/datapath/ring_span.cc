#include "protocol/datapath/ring_span.h"

#include <algorithm>

namespace smc::datapath {

std::int64_t cursor_delta(cdc::CdcCursor from, cdc::CdcCursor to, std::uint32_t ring_size) {
  const auto wraps = static_cast<std::int16_t>(static_cast<std::uint16_t>(to.wrap - from.wrap));
  return std::int64_t{wraps} * ring_size + std::int64_t{to.count} - std::int64_t{from.count};
}

RingPieces ring_pieces(std::uint32_t offset, std::uint32_t length, std::uint32_t ring_size) {
  RingPieces r;
  if (length == 0 || ring_size == 0) return r;
  const std::uint32_t first = std::min(length, ring_size - offset);
  r.piece[0] = {offset, first};
  r.count = 1;
  if (first < length) {
    r.piece[1] = {0, length - first};
    r.count = 2;
  }
  return r;
}

}  // namespace smc::datapath
