#pragma once
// The IB encodings of the two RC timers, turned into nanoseconds of virtual time.
#include <array>
#include <cstdint>

namespace smc::sim {

// Local ACK timeout: 4.096 us * 2^t; t = 0 means "infinite" (never time out).
constexpr std::int64_t ack_timeout_ns(std::uint8_t t) {
  if (t == 0) return 0;
  return std::int64_t{4096} << (t > 31 ? 31 : t);
}

// RNR NAK timer field (IB spec table 45): 0 = 655.36 ms, then 0.01 ms ... 491.52 ms.
constexpr std::int64_t rnr_timer_ns(std::uint8_t t) {
  constexpr std::array<std::int64_t, 32> kMicros10 = {
      65536, 1,    2,    3,    4,    6,    8,     12,    16,    24,    32,    48,    64,    96,    128,   192,
      256,   384,  512,  768,  1024, 1536, 2048,  3072,  4096,  6144,  8192,  12288, 16384, 24576, 32768, 49152};
  return kMicros10[t & 31] * 10'000;
}

}  // namespace smc::sim
