#include "protocol/buffer/rmbe_size.h"

#include <bit>

namespace smc::buffer {

std::uint8_t rmbe_size_cap(RmbeKind kind) {
  switch (kind) {
    case RmbeKind::SmcRBefore611: return kSmcrCapBefore611;
    case RmbeKind::SmcR: return kSmcrCap;
    case RmbeKind::SmcD: return kSmcdCap;
  }
  return kSmcrCapBefore611;
}

std::uint8_t rmbe_size_encode(std::uint64_t size, std::uint8_t cap) {
  if (cap > kRmbeSizeMaxCode) cap = kRmbeSizeMaxCode;
  if (size <= kRmbeMinSize) return 0;
  // (size - 1) / 16 KiB is ≥ 1 here; floor(log2) + 1 rounds up to the next power of two
  // (16385 → 1, 32768 → 1, 32769 → 2).
  const std::uint64_t units = (size - 1) >> 14;
  const auto code = static_cast<std::uint64_t>(std::bit_width(units));  // floor(log2(units)) + 1
  return static_cast<std::uint8_t>(code < cap ? code : cap);
}

std::uint64_t rmbe_size_decode(std::uint8_t code) {
  return kRmbeMinSize << (code & 0x0f);
}

}  // namespace smc::buffer
