#include "sim/kernel/random.h"

#include <cassert>
#include <cmath>

#include "sim/kernel/stable_hash.h"

namespace smc::sim {

std::uint64_t stream_key(Seed seed, std::string_view component) {
  // Mix the seed before combining, so that nearby seeds (1, 2, 3...) and nearby names do
  // not cancel out in the XOR; the result seeds SplitMix64 for the four state words.
  return SplitMix64::mix(seed.value + 0x9e3779b97f4a7c15ULL) ^ fnv1a64(component);
}

RandomStream::RandomStream(Seed seed, std::string_view component)
    : component_(component), gen_(Xoshiro256StarStar::from_seed(stream_key(seed, component))) {}

std::uint64_t RandomStream::uniform_u64(std::uint64_t lo, std::uint64_t hi) {
  assert(lo <= hi);
  const std::uint64_t span = hi - lo;
  if (span == ~0ULL) return next_u64();
  const std::uint64_t n = span + 1;
  // 2^64 mod n: draws below it would make the low residues more likely.
  const std::uint64_t reject_below = (0 - n) % n;
  for (;;) {
    std::uint64_t r = next_u64();
    if (r >= reject_below) return lo + r % n;
  }
}

std::int64_t RandomStream::uniform_i64(std::int64_t lo, std::int64_t hi) {
  assert(lo <= hi);
  // Shift to unsigned by flipping the sign bit: order-preserving, no overflow.
  const std::uint64_t flip = 1ULL << 63;
  std::uint64_t u = uniform_u64(static_cast<std::uint64_t>(lo) ^ flip, static_cast<std::uint64_t>(hi) ^ flip);
  return static_cast<std::int64_t>(u ^ flip);
}

bool RandomStream::bernoulli(double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return uniform01() < p;
}

SimDuration RandomStream::exponential(SimDuration mean) {
  // 1 - u lies in (0, 1], so the log is finite.
  double u = uniform01();
  double x = -std::log1p(-u) * static_cast<double>(mean.ns());
  return ns(static_cast<std::int64_t>(std::llround(x)));
}

SimDuration RandomStream::uniform_duration(SimDuration lo, SimDuration hi) {
  return ns(uniform_i64(lo.ns(), hi.ns()));
}

}  // namespace smc::sim
