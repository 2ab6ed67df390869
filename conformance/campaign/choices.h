#pragma once
// Where a scenario generator gets its decisions from. The campaign draws them from a seeded
// stream (campaign seed + run index → the same scenario everywhere); a rapidcheck property
// draws them from rapidcheck, which then shrinks every decision on its own. Every choice is
// written so that its smallest value is the simplest scenario (no feature, first option),
// because both rapidcheck and a human reading a shrunk file go towards small values.
#include <cstdint>
#include <vector>

#include "sim/kernel/random.h"

namespace smc::conformance::campaign {

class Choices {
 public:
  virtual ~Choices() = default;
  // A value in [lo, hi] (lo <= hi).
  virtual std::int64_t range(std::int64_t lo, std::int64_t hi) = 0;

  // True with `percent` % probability; the smallest draw gives false (the feature is off).
  bool chance(int percent) { return range(0, 99) >= 100 - percent; }
  template <typename T>
  const T& pick(const std::vector<T>& options) {
    return options[static_cast<std::size_t>(range(0, static_cast<std::int64_t>(options.size()) - 1))];
  }
};

// Xoshiro256** seeded from (campaign seed, run index): no <random> distributions, so the
// same seed gives the same scenarios with every standard library.
class SeededChoices final : public Choices {
 public:
  SeededChoices(std::uint64_t campaign_seed, std::uint64_t run_index);
  std::int64_t range(std::int64_t lo, std::int64_t hi) override;

 private:
  sim::Xoshiro256StarStar rng_;
};

}  // namespace smc::conformance::campaign
