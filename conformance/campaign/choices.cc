#include "conformance/campaign/choices.h"

namespace smc::conformance::campaign {

SeededChoices::SeededChoices(std::uint64_t campaign_seed, std::uint64_t run_index)
    : rng_(sim::Xoshiro256StarStar::from_seed(sim::SplitMix64::mix(campaign_seed) ^ sim::SplitMix64::mix(~run_index))) {}

std::int64_t SeededChoices::range(std::int64_t lo, std::int64_t hi) {
  auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  // The modulo's bias is at most span / 2^64: irrelevant for a generator's handful of options.
  return span == 0 ? lo + static_cast<std::int64_t>(rng_.next()) : lo + static_cast<std::int64_t>(rng_.next() % span);
}

}  // namespace smc::conformance::campaign
