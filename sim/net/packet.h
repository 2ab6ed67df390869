#pragma once
// A packet of the simulated network: a plain value (addresses, protocol, payload) that
// is copied, delayed, duplicated or dropped by the links and filters it crosses. Routed
// hop by hop: each netns or router looks at `dst` and picks the next hop itself.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/ports/ip_address.h"
#include "protocol/wire/bytes.h"
#include "sim/net/tcp_segment.h"

namespace smc::sim::net {

enum class IpProtocol : std::uint8_t { Icmp = 1, Tcp = 6, Udp = 17 };
const char* to_string(IpProtocol p);

struct Packet {
  std::uint64_t id = 0;  // unique per network, in the order packets were first sent
  ports::IpAddress src;  // on-wire addresses: never IPv4-mapped
  ports::IpAddress dst;
  IpProtocol protocol = IpProtocol::Tcp;
  std::uint8_t ttl = 64;
  std::optional<std::uint16_t> vlan;  // 802.1Q tag on the current L2 hop
  std::variant<TcpSegment, wire::Bytes> payload;

  const TcpSegment* tcp() const { return std::get_if<TcpSegment>(&payload); }
  TcpSegment* tcp() { return std::get_if<TcpSegment>(&payload); }
  // Bytes at L3: IP header (20 or 40) plus the transport header and data.
  std::size_t ip_size() const;
  // Bytes on an Ethernet wire: L3 + 14 (+4 with a VLAN tag). Used for serialization time.
  std::size_t frame_size() const { return ip_size() + 14 + (vlan ? 4 : 0); }
  // "#12 10.0.0.1>10.0.0.2 tcp 40000>80 [SYN] ..."
  std::string summary() const;
};

}  // namespace smc::sim::net
