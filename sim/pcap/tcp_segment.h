#pragma once
// One TCP segment as it appears in a frame: header fields with real sequence and
// acknowledgement numbers, raw option bytes, payload, and a checksum over the
// pseudo-header. Options are kept as bytes so the SMC option codec (protocol/tcp_option)
// and the frame builder stay independent; linux_syn_options() lays them out as Linux does.
#include <cstdint>

#include "protocol/wire/bytes.h"
#include "sim/pcap/ip_frame.h"

namespace smc::pcap {

namespace tcp_flags {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
}  // namespace tcp_flags

struct TcpSegment {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  wire::Bytes options;  // raw option bytes; padded to a 4-byte multiple on encode
  wire::Bytes payload;
};

inline constexpr std::size_t kTcpHeaderLength = 20;

// The TCP header + payload with the checksum computed for the given addresses. Options
// shorter than a 4-byte multiple are padded with End-of-Option-List bytes (RFC 9293).
wire::Bytes encode_tcp(const TcpSegment& s, const IpAddress& src, const IpAddress& dst);
// Ethernet + IP + TCP.
wire::Bytes build_tcp_frame(const FrameAddressing& a, const TcpSegment& s);

// The SMC experimental option as Linux sends it: two NOPs, kind 254, length 6, ExID
// 0xE2D4C3D9 (wire-format.md §1).
wire::Bytes smc_tcp_option();

// Linux's SYN / SYN-ACK option layout: MSS, SACK permitted + timestamps, NOP + window
// scale, then (if smc) the 8-byte SMC option; tsecr 0 on a SYN.
struct LinuxSynOptions {
  std::uint16_t mss = 1460;
  std::uint32_t ts_val = 0;
  std::uint32_t ts_ecr = 0;
  std::uint8_t window_scale = 7;
  bool smc = true;
};
wire::Bytes linux_syn_options(const LinuxSynOptions& o);
// NOP NOP + timestamps: what Linux puts on every established-state segment.
wire::Bytes linux_timestamp_options(std::uint32_t ts_val, std::uint32_t ts_ecr);

}  // namespace smc::pcap
