#pragma once
// Small helpers for the network tests: a raw (UDP-like) packet and a receiver that
// records what arrives, with its arrival time.
#include <vector>

#include "sim/net/network.h"

namespace smc::sim::test {

struct Arrival {
  std::uint64_t id;
  std::size_t index;  // the payload's first byte: which packet of the sender's sequence
  SimTime at;
};

inline net::Packet raw_packet(const char* src, const char* dst, std::size_t payload, std::uint8_t index) {
  net::Packet p;
  p.src = *ports::IpAddress::parse(src);
  p.dst = *ports::IpAddress::parse(dst);
  p.protocol = net::IpProtocol::Udp;
  wire::Bytes b(payload, 0);
  if (!b.empty()) b[0] = index;
  p.payload = std::move(b);
  return p;
}

inline void record_arrivals(net::Netns& ns, std::vector<Arrival>& out) {
  ns.set_protocol_handler(net::IpProtocol::Udp, [&ns, &out](net::Packet p) {
    const auto& b = std::get<wire::Bytes>(p.payload);
    out.push_back(Arrival{p.id, b.empty() ? std::size_t{0} : std::size_t{b[0]}, ns.now()});
  });
}

}  // namespace smc::sim::test
