#pragma once
// The two checksums a frame builder needs: the Internet checksum (RFC 1071) for IPv4,
// TCP and UDP, and the CRC-32 of IEEE 802.3 that RoCEv2 reuses for its invariant CRC.
#include <cstdint>

#include "protocol/wire/bytes.h"

namespace smc::pcap {

// Accumulates 16-bit big-endian words across several pieces (pseudo-header, header,
// payload): an odd-length piece is only allowed as the last one, as RFC 1071 pads the
// final byte with zero.
class InternetChecksum {
 public:
  void add(wire::ByteView bytes);
  void add_u16(std::uint16_t v) { sum_ += v; }
  void add_u32(std::uint32_t v) { sum_ += (v >> 16) + (v & 0xffff); }
  // The value to put in the header field (one's complement of the folded sum).
  std::uint16_t finish() const;

 private:
  std::uint64_t sum_ = 0;
};

std::uint16_t internet_checksum(wire::ByteView bytes);

// Reflected CRC-32 (polynomial 0x04C11DB7, init and final XOR 0xFFFFFFFF), as used by
// Ethernet's FCS and by InfiniBand/RoCEv2's ICRC. update() takes and returns the raw
// register so a CRC can run over pieces; crc32() is the one-shot form.
std::uint32_t crc32_update(std::uint32_t reg, wire::ByteView bytes);
inline std::uint32_t crc32(wire::ByteView bytes) { return ~crc32_update(0xffffffffu, bytes); }

}  // namespace smc::pcap
