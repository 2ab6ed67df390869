#include "protocol/cdc/cdc_cursor.h"

namespace smc::cdc {

CdcCursor cursor_advance(CdcCursor c, std::uint64_t n, std::uint32_t ring_size) {
  if (ring_size == 0) return c;
  const std::uint64_t pos = std::uint64_t{c.count} + n;
  c.wrap = static_cast<std::uint16_t>(c.wrap + pos / ring_size);
  c.count = static_cast<std::uint32_t>(pos % ring_size);
  return c;
}

std::uint32_t cursor_distance(CdcCursor from, CdcCursor to, std::uint32_t ring_size) {
  std::int64_t d;
  if (from.wrap != to.wrap)
    d = static_cast<std::int64_t>(ring_size) - from.count + to.count;
  else
    d = static_cast<std::int64_t>(to.count) - from.count;
  return d > 0 ? static_cast<std::uint32_t>(d) : 0;
}

std::int64_t cursor_compare(CdcCursor old_cursor, CdcCursor new_cursor, std::uint32_t ring_size) {
  if (old_cursor.wrap > new_cursor.wrap ||
      (old_cursor.wrap == new_cursor.wrap && old_cursor.count > new_cursor.count))
    return -static_cast<std::int64_t>(cursor_distance(new_cursor, old_cursor, ring_size));
  return cursor_distance(old_cursor, new_cursor, ring_size);
}

bool cursor_update_accepted(CdcCursor current, CdcCursor received) {
  if (current.wrap > received.wrap && received.wrap != 0) return false;
  if (current.wrap == received.wrap && current.count > received.count) return false;
  return true;
}

bool is_newer(CdcCursor a, CdcCursor b) {
  const auto dw = static_cast<std::int16_t>(static_cast<std::uint16_t>(a.wrap - b.wrap));
  if (dw != 0) return dw > 0;
  return a.count > b.count;
}

}  // namespace smc::cdc
