#pragma once
// Parses one captured Ethernet frame down to what the SMC extractor needs: IPv4/IPv6,
// TCP (ports, sequence numbers, flags, options, payload) or UDP, and on UDP port 4791 the
// RoCEv2 BTH, RETH, payload and ICRC. Views point into the frame's bytes. Frames that
// are not IP (ARP, ...) parse successfully with no network layer; malformed headers of a
// recognised layer are errors naming the layer's field and offset.
#include <cstdint>
#include <optional>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "sim/pcap/addresses.h"
#include "sim/pcap/roce.h"

namespace smc::pcap {

struct TcpView {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint16_t checksum = 0;
  wire::ByteView options;
  wire::ByteView payload;
};

struct RoceView {
  Bth bth;
  std::optional<Reth> reth;
  wire::ByteView payload;  // without pad bytes and ICRC
  std::uint32_t icrc = 0;  // as carried (little-endian on the wire)
  bool icrc_ok = false;    // equals roce_icrc() of the packet
};

struct UdpView {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint16_t checksum = 0;
  wire::ByteView payload;
  std::optional<RoceView> roce;
};

struct ParsedFrame {
  MacAddress dst_mac{};
  MacAddress src_mac{};
  std::uint16_t ethertype = 0;
  bool is_ip = false;
  IpAddress src_ip;
  IpAddress dst_ip;
  std::uint8_t ip_protocol = 0;
  std::uint8_t hop_limit = 0;
  wire::ByteView ip_packet;  // IP header through the end of the IP payload (no Ethernet pad)
  std::optional<TcpView> tcp;
  std::optional<UdpView> udp;
};

// Offsets in errors are relative to the start of the frame.
wire::DecodeResult<ParsedFrame> parse_frame(wire::ByteView frame);

}  // namespace smc::pcap
