#pragma once
// CDC sequence numbers: 16 bits, +1 per CDC sent on a connection (first = 1), compared in
// serial-number arithmetic as the kernel's smc_cdc_before does. A received CDC older
// than the last one seen is dropped unless it carries the failover-validation flag.
#include <cstdint>

namespace smc::cdc {

// a comes before b: (int16)(a − b) < 0.
constexpr bool seq_before(std::uint16_t a, std::uint16_t b) {
  return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b)) < 0;
}
constexpr bool seq_after(std::uint16_t a, std::uint16_t b) { return seq_before(b, a); }
constexpr std::uint16_t seq_next(std::uint16_t s) { return static_cast<std::uint16_t>(s + 1); }

}  // namespace smc::cdc
