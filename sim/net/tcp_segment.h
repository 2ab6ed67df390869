#pragma once
// A TCP segment as the simulated network carries it: header fields and the option list
// as values, so middleboxes can read and rewrite options and traces can print them. The
// wire length (with Linux's 4-byte option padding) is computed, not stored, so a
// middlebox that strips an option also frees its space. sim/pcap turns these into bytes.
#include <cstdint>
#include <string>

#include "protocol/ports/stream_transport.h"
#include "protocol/wire/bytes.h"

namespace smc::sim::net {

namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}

// The TCP header has room for 40 bytes of options (data offset 15 words - 5).
inline constexpr std::size_t kMaxTcpOptionSpace = 40;
inline constexpr std::size_t kTcpHeaderLength = 20;

struct TcpSegment {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint32_t window = 0;  // already scaled: bytes the sender can still receive
  ports::TcpOptions options;
  wire::Bytes payload;

  bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
  // Sequence space the segment occupies: payload plus one each for SYN and FIN.
  std::uint32_t seq_length() const {
    return static_cast<std::uint32_t>(payload.size()) + (has(tcp_flag::kSyn) ? 1u : 0u) +
           (has(tcp_flag::kFin) ? 1u : 0u);
  }
  std::size_t options_length() const;  // on the wire, with padding
  std::size_t header_length() const { return kTcpHeaderLength + options_length(); }
  const ports::TcpOption* find_option(std::uint8_t kind) const;
  // "SYN,ACK seq=1000 ack=2001 win=65535 len=0 opts=[mss=1460 sackok ts ws=7 exp:e2d4c3d9]"
  std::string summary() const;
};

// Bytes an option takes in a SYN as Linux lays it out: each option on a 4-byte boundary
// (NOP-padded), except that SACK-permitted shares a word pair with timestamps.
std::size_t padded_option_size(const ports::TcpOption& option);
std::size_t options_wire_length(const ports::TcpOptions& options);

}  // namespace smc::sim::net
