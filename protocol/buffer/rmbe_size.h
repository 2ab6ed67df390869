#pragma once
// The 4-bit compressed buffer size of CLC Accept/Confirm (RMBE / DMBE size):
// c stands for 16 KiB << c (wire-format.md §5). Linux rounds a requested size UP to the
// next encodable size, so the application gets at least what it asked for, and then caps
// it per buffer kind and kernel age.
#include <cstdint>

namespace smc::buffer {

inline constexpr std::uint64_t kRmbeMinSize = 16384;  // c = 0
inline constexpr std::uint8_t kRmbeSizeMaxCode = 15;  // the field is a nibble

// Which buffer is being sized and by which kernel generation: the caps differ.
enum class RmbeKind {
  SmcRBefore611,  // SMC-R RMB, Linux up to ≈6.10: cap 5 (512 KiB)
  SmcR,           // SMC-R RMB, Linux ≈6.11 and later: cap 15 (512 MiB)
  SmcD,           // SMC-D DMB: cap 6 (1 MiB)
};

inline constexpr std::uint8_t kSmcrCapBefore611 = 5;
inline constexpr std::uint8_t kSmcrCap = 15;
inline constexpr std::uint8_t kSmcdCap = 6;

std::uint8_t rmbe_size_cap(RmbeKind kind);

// Linux's compression: sizes ≤ 16 KiB give 0; otherwise the smallest c with
// 16 KiB << c ≥ size, capped at `cap`.
std::uint8_t rmbe_size_encode(std::uint64_t size, std::uint8_t cap);
inline std::uint8_t rmbe_size_encode(std::uint64_t size, RmbeKind kind) {
  return rmbe_size_encode(size, rmbe_size_cap(kind));
}

// Every nibble decodes (a receiver must accept 0–15 whatever its own cap); bits above
// the nibble are not part of the code and are ignored.
std::uint64_t rmbe_size_decode(std::uint8_t code);

}  // namespace smc::buffer
