#pragma once
// Ethernet II + IPv4/IPv6 + UDP framing for captures the simulator writes. Builders never
// fail: they take value types and produce the exact bytes, checksums included.
#include <cstdint>

#include "protocol/wire/bytes.h"
#include "sim/pcap/addresses.h"

namespace smc::pcap {

inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr std::uint8_t kIpProtoTcp = 6;
inline constexpr std::uint8_t kIpProtoUdp = 17;
inline constexpr std::size_t kEthernetHeaderLength = 14;
inline constexpr std::size_t kIpv4HeaderLength = 20;  // we never write IPv4 options
inline constexpr std::size_t kIpv6HeaderLength = 40;
inline constexpr std::size_t kUdpHeaderLength = 8;

// Everything below the transport layer of one frame. src_ip and dst_ip must be of the same
// family; the family selects the IP header.
struct FrameAddressing {
  MacAddress src_mac{};
  MacAddress dst_mac{};
  IpAddress src_ip;
  IpAddress dst_ip;
  std::uint8_t hop_limit = 64;   // IPv4 TTL / IPv6 hop limit (RoCEv2 over rxe: 1 on a direct link)
  std::uint8_t traffic_class = 0;  // IPv4 TOS (DSCP + ECN) / IPv6 traffic class
  std::uint16_t ip_id = 0;       // IPv4 identification
  bool dont_fragment = true;     // IPv4 DF (Linux sets it on TCP and on rxe's UDP)
  std::uint32_t flow_label = 0;  // IPv6, 20 bits

  // The same addressing seen from the other end (MACs and IPs swapped).
  FrameAddressing reversed() const;
};

wire::Bytes build_ethernet(const MacAddress& dst, const MacAddress& src, std::uint16_t ethertype,
                           wire::ByteView payload);
// An IPv4 header (20 bytes, checksum filled in) or an IPv6 header (40 bytes) for a payload
// of payload_length bytes.
wire::Bytes build_ip_header(const FrameAddressing& a, std::uint8_t protocol, std::size_t payload_length);
// Ethernet + IP header around an already built transport segment.
wire::Bytes build_ip_frame(const FrameAddressing& a, std::uint8_t protocol, wire::ByteView transport);

// The TCP/UDP checksum over the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1) and the
// segment, whose checksum field must be zero when this is called.
std::uint16_t transport_checksum(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol,
                                 wire::ByteView segment);

// A UDP datagram (header + payload). With_checksum false writes 0, as RoCEv2 senders do
// over IPv4 (the ICRC protects the packet); over IPv6 a zero UDP checksum is not allowed,
// so the builder always computes it there.
wire::Bytes build_udp(const FrameAddressing& a, std::uint16_t src_port, std::uint16_t dst_port,
                      wire::ByteView payload, bool with_checksum);

}  // namespace smc::pcap
