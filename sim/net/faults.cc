#include "sim/net/faults.h"

namespace smc::sim::net {

LossMask::LossMask(std::string name, std::set<std::uint64_t> drop, PacketMatch match)
    : PacketFilter(std::move(name), std::move(match)), drop_(std::move(drop)) {}

std::shared_ptr<LossMask> LossMask::from_bits(std::string name, std::uint64_t bits, PacketMatch match) {
  std::set<std::uint64_t> drop;
  for (std::uint64_t i = 0; i < 64; ++i)
    if (bits >> i & 1) drop.insert(i + 1);
  return std::make_shared<LossMask>(std::move(name), std::move(drop), std::move(match));
}

void LossMask::process(Emission in, std::vector<Emission>& out) {
  ++seen_;
  if (drop_.count(seen_)) {
    ++dropped_;
    return;
  }
  out.push_back(std::move(in));
}

RandomLoss::RandomLoss(std::string name, Seed seed, double probability, PacketMatch match)
    : PacketFilter(name, std::move(match)), random_(seed, name), probability_(probability) {}

void RandomLoss::process(Emission in, std::vector<Emission>& out) {
  if (random_.bernoulli(probability_)) {
    ++dropped_;
    return;
  }
  out.push_back(std::move(in));
}

FixedDelay::FixedDelay(std::string name, SimDuration delay, PacketMatch match)
    : PacketFilter(std::move(name), std::move(match)), delay_(delay) {}

void FixedDelay::process(Emission in, std::vector<Emission>& out) {
  in.delay += delay_;
  out.push_back(std::move(in));
}

Reorder::Reorder(std::string name, Seed seed, double probability, SimDuration hold, PacketMatch match)
    : PacketFilter(name, std::move(match)), random_(seed, name), probability_(probability), hold_(hold) {}

void Reorder::process(Emission in, std::vector<Emission>& out) {
  if (random_.bernoulli(probability_)) in.delay += hold_;
  out.push_back(std::move(in));
}

Duplicate::Duplicate(std::string name, Seed seed, double probability, SimDuration gap, PacketMatch match)
    : PacketFilter(name, std::move(match)), random_(seed, name), probability_(probability), gap_(gap) {}

void Duplicate::process(Emission in, std::vector<Emission>& out) {
  bool dup = random_.bernoulli(probability_);
  Emission copy = in;
  out.push_back(std::move(in));
  if (dup) {
    copy.delay += gap_;
    out.push_back(std::move(copy));
  }
}

Partition::Partition(std::string name, bool partitioned, PacketMatch match)
    : PacketFilter(std::move(name), std::move(match)), partitioned_(partitioned) {}

void Partition::process(Emission in, std::vector<Emission>& out) {
  if (!partitioned_) out.push_back(std::move(in));
}

}  // namespace smc::sim::net
