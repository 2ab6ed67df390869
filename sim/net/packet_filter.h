#pragma once
// Faults as composable filters (quiche's PacketFilter): a filter consumes one packet
// and emits zero (dropped), one (maybe delayed or rewritten) or several (duplicated)
// packets. Filters sit on a link direction or on a netns's ingress/egress and are applied
// in the order they were added; a chain's extra delays add up.
//
// Each filter may have a match predicate: it only acts on, and only counts, packets that
// match (so "drop the 2nd data segment from the client" is a LossMask with a match).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/time.h"
#include "sim/net/packet.h"

namespace smc::sim::net {

struct Emission {
  Packet packet;
  SimDuration delay;  // extra delay added by filters before the packet goes on
};

using PacketMatch = std::function<bool(const Packet&)>;

class PacketFilter {
 public:
  explicit PacketFilter(std::string name, PacketMatch match = {}) : name_(std::move(name)), match_(std::move(match)) {}
  virtual ~PacketFilter() = default;
  PacketFilter(const PacketFilter&) = delete;
  PacketFilter& operator=(const PacketFilter&) = delete;

  const std::string& name() const { return name_; }
  bool matches(const Packet& p) const { return !match_ || match_(p); }

  // Called only for matching packets. Appends what goes on; appending nothing drops it.
  virtual void process(Emission in, std::vector<Emission>& out) = 0;

 private:
  std::string name_;
  PacketMatch match_;
};

// An ordered list of filters. Empty chains pass packets through untouched.
class FilterChain {
 public:
  void add(std::shared_ptr<PacketFilter> f) { filters_.push_back(std::move(f)); }
  void remove(const PacketFilter* f);
  void clear() { filters_.clear(); }
  bool empty() const { return filters_.empty(); }

  // Runs `packet` through every filter. `dropped_by` is set to the name of the filter
  // that dropped the packet when the result is empty.
  std::vector<Emission> apply(Packet packet, std::string* dropped_by = nullptr) const;

 private:
  std::vector<std::shared_ptr<PacketFilter>> filters_;
};

// Common matches.
PacketMatch match_tcp_flags(std::uint8_t all_of, std::uint8_t none_of = 0);
PacketMatch match_tcp_payload();  // segments that carry data
PacketMatch match_from(ports::IpAddress src);
PacketMatch match_to_port(ports::IpAddress dst, std::uint16_t port);  // TCP to dst:port
PacketMatch match_all_of(PacketMatch a, PacketMatch b);

}  // namespace smc::sim::net
