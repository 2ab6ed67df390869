#pragma once
// A classic libpcap file with nanosecond timestamps (magic 0xa1b23c4d) and link type
// Ethernet, built in memory from (virtual time, frame) pairs. The simulator's clock is
// virtual, so the timestamps are exactly the simulated nanoseconds: two runs with the same
// seed write byte-identical files.
#include <cstdint>
#include <string>

#include "protocol/wire/bytes.h"

namespace smc::pcap {

inline constexpr std::uint32_t kPcapMagicMicro = 0xa1b2c3d4;
inline constexpr std::uint32_t kPcapMagicNano = 0xa1b23c4d;
inline constexpr std::uint32_t kLinkTypeEthernet = 1;
inline constexpr std::uint32_t kPcapSnapLen = 262144;

class PcapWriter {
 public:
  PcapWriter();

  // Appends one record; frames are stored whole (never truncated to a snap length).
  void add(std::uint64_t time_ns, wire::ByteView frame);

  std::size_t frame_count() const { return frames_; }
  const wire::Bytes& bytes() const { return out_; }
  // Writes bytes() to path; false (with a reason in *error) if the file cannot be written.
  bool save(const std::string& path, std::string* error = nullptr) const;

 private:
  wire::Bytes out_;
  std::size_t frames_ = 0;
};

}  // namespace smc::pcap
