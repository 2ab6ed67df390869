#pragma once
// The fault filters: exact loss masks (replayable, shrinkable: "drop the 4th and 5th
// packet"), seeded probabilistic loss, fixed delay, reordering, duplication, and a
// partition that can be healed. Probabilistic filters draw from their own RandomStream,
// keyed by (seed, filter name), so adding a filter elsewhere does not change their draws.
#include <cstdint>
#include <set>
#include <string>

#include "sim/kernel/random.h"
#include "sim/net/packet_filter.h"

namespace smc::sim::net {

// Drops the n-th matching packets (1-based), counted from the filter's creation.
class LossMask : public PacketFilter {
 public:
  LossMask(std::string name, std::set<std::uint64_t> drop, PacketMatch match = {});
  // Bit i of `bits` drops packet i + 1 (picoquic's loss mask): 0b11000 drops the 4th and 5th.
  static std::shared_ptr<LossMask> from_bits(std::string name, std::uint64_t bits, PacketMatch match = {});
  void process(Emission in, std::vector<Emission>& out) override;
  std::uint64_t seen() const { return seen_; }
  std::uint64_t dropped() const { return dropped_; }

 private:
  std::set<std::uint64_t> drop_;
  std::uint64_t seen_ = 0;
  std::uint64_t dropped_ = 0;
};

// Drops each matching packet with a fixed probability.
class RandomLoss : public PacketFilter {
 public:
  RandomLoss(std::string name, Seed seed, double probability, PacketMatch match = {});
  void process(Emission in, std::vector<Emission>& out) override;
  std::uint64_t dropped() const { return dropped_; }

 private:
  RandomStream random_;
  double probability_;
  std::uint64_t dropped_ = 0;
};

class FixedDelay : public PacketFilter {
 public:
  FixedDelay(std::string name, SimDuration delay, PacketMatch match = {});
  void process(Emission in, std::vector<Emission>& out) override;

 private:
  SimDuration delay_;
};

// Holds back a matching packet with some probability by `hold`, so later packets overtake it.
class Reorder : public PacketFilter {
 public:
  Reorder(std::string name, Seed seed, double probability, SimDuration hold, PacketMatch match = {});
  void process(Emission in, std::vector<Emission>& out) override;

 private:
  RandomStream random_;
  double probability_;
  SimDuration hold_;
};

// Sends a matching packet twice with some probability; the copy trails by `gap`.
class Duplicate : public PacketFilter {
 public:
  Duplicate(std::string name, Seed seed, double probability, SimDuration gap, PacketMatch match = {});
  void process(Emission in, std::vector<Emission>& out) override;

 private:
  RandomStream random_;
  double probability_;
  SimDuration gap_;
};

// Drops everything while partitioned; heal() lets traffic through again.
class Partition : public PacketFilter {
 public:
  explicit Partition(std::string name, bool partitioned = true, PacketMatch match = {});
  void partition() { partitioned_ = true; }
  void heal() { partitioned_ = false; }
  bool partitioned() const { return partitioned_; }
  void process(Emission in, std::vector<Emission>& out) override;

 private:
  bool partitioned_;
};

}  // namespace smc::sim::net
