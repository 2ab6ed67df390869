#pragma once
// Project-owned randomness. Nothing here uses <random>'s engines or distributions:
// their outputs differ between standard libraries, and a seed must replay the same run
// everywhere.
//
// - SplitMix64 (Steele, Lea, Flood 2014) expands one 64-bit value into a seed sequence.
// - Xoshiro256StarStar (Blackman, Vigna 2018) is the generator of every stream.
// - RandomStream = a generator keyed by (run seed, component name): the name is hashed
//   with FNV-1a 64, so a component's draws depend only on the seed and its own name;
//   adding or removing another component changes nothing for it.
// There is no default constructor anywhere: a stream without a seed cannot exist.
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/time.h"

namespace smc::sim {

// The seed of a run. Explicit so that a stray integer is not taken for one.
struct Seed {
  explicit constexpr Seed(std::uint64_t v) : value(v) {}
  std::uint64_t value;
  friend constexpr bool operator==(Seed, Seed) = default;
};

class SplitMix64 {
 public:
  explicit constexpr SplitMix64(std::uint64_t state) : state_(state) {}
  constexpr std::uint64_t next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return mix(state_);
  }
  // The output function alone: a bijective 64-bit finaliser.
  static constexpr std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

class Xoshiro256StarStar {
 public:
  // State words as given; they must not all be zero (from_seed never produces that).
  constexpr Xoshiro256StarStar(std::uint64_t s0, std::uint64_t s1, std::uint64_t s2, std::uint64_t s3)
      : s_{s0, s1, s2, s3} {}
  // The authors' recommended seeding: four consecutive SplitMix64 outputs.
  static constexpr Xoshiro256StarStar from_seed(std::uint64_t seed) {
    SplitMix64 sm(seed);
    std::uint64_t a = sm.next(), b = sm.next(), c = sm.next(), d = sm.next();
    return Xoshiro256StarStar(a, b, c, d);
  }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

class RandomStream {
 public:
  RandomStream(Seed seed, std::string_view component);

  const std::string& component() const { return component_; }
  std::uint64_t draws() const { return draws_; }

  std::uint64_t next_u64() {
    ++draws_;
    return gen_.next();
  }
  // Uniform in [lo, hi], both inclusive, without modulo bias (rejection of the short
  // last interval). Precondition: lo <= hi.
  std::uint64_t uniform_u64(std::uint64_t lo, std::uint64_t hi);
  std::int64_t uniform_i64(std::int64_t lo, std::int64_t hi);
  // Uniform in [0, 1): the top 53 bits of one draw, so every value is k * 2^-53.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // True with probability p. p <= 0 and p >= 1 decide without drawing, so moving a
  // probability to or from 0 shifts this stream's later draws (never another stream's).
  bool bernoulli(double p);
  // Exponentially distributed with the given mean, rounded to whole nanoseconds.
  // Uses std::log, which libms may round differently in the last bit; the rounding to
  // nanoseconds hides that for any mean below ~10^6 s.
  SimDuration exponential(SimDuration mean);
  SimDuration uniform_duration(SimDuration lo, SimDuration hi);

 private:
  std::string component_;
  Xoshiro256StarStar gen_;
  std::uint64_t draws_ = 0;
};

// The generator seed of (seed, component): exposed so tests and tools can state it.
std::uint64_t stream_key(Seed seed, std::string_view component);

}  // namespace smc::sim
