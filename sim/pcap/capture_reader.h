#pragma once
// Reads classic pcap (microsecond or nanosecond, either byte order) and pcapng captures
// from memory. Every length is checked against the buffer before use; a malformed file
// is a typed error with the byte offset, never a read past the end.
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/common/result.h"
#include "protocol/wire/bytes.h"

namespace smc::pcap {

enum class CaptureFormat { PcapMicro, PcapNano, Pcapng };
const char* to_string(CaptureFormat f);

enum class CaptureErrorKind {
  Unreadable,       // the file could not be opened or read
  BadMagic,         // neither a pcap nor a pcapng magic
  UnsupportedVersion,
  Truncated,        // a header or record runs past the end of the buffer
  BadLength,        // a length field that is inconsistent (block length, captured > snap)
  BadInterface,     // a pcapng packet names an interface not described before it
};
const char* to_string(CaptureErrorKind k);

struct CaptureError {
  CaptureErrorKind kind{};
  std::size_t offset = 0;  // byte offset in the file
  std::string detail;
  std::string message() const;  // "truncated at offset 40: record of 98 bytes, 12 left"
};

struct CapturedFrame {
  std::size_t number = 0;          // 1-based, as tshark numbers frames
  std::uint64_t time_ns = 0;       // since the epoch (or the simulated start)
  std::uint32_t original_length = 0;
  std::uint32_t link_type = 0;     // LINKTYPE_* (1 = Ethernet)
  wire::Bytes data;
};

struct Capture {
  CaptureFormat format = CaptureFormat::PcapMicro;
  std::vector<CapturedFrame> frames;
};

Result<Capture, CaptureError> read_capture(wire::ByteView file);
Result<Capture, CaptureError> read_capture_file(const std::string& path);

}  // namespace smc::pcap
