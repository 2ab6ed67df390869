#include "sim/pcap/capture_reader.h"

#include <fmt/core.h>

#include <fstream>
#include <iterator>
#include <optional>

#include "protocol/wire/byte_reader.h"
#include "sim/pcap/pcap_writer.h"

namespace smc::pcap {

const char* to_string(CaptureFormat f) {
  switch (f) {
    case CaptureFormat::PcapMicro: return "pcap (microseconds)";
    case CaptureFormat::PcapNano: return "pcap (nanoseconds)";
    case CaptureFormat::Pcapng: return "pcapng";
  }
  return "?";
}

const char* to_string(CaptureErrorKind k) {
  switch (k) {
    case CaptureErrorKind::Unreadable: return "unreadable";
    case CaptureErrorKind::BadMagic: return "bad magic";
    case CaptureErrorKind::UnsupportedVersion: return "unsupported version";
    case CaptureErrorKind::Truncated: return "truncated";
    case CaptureErrorKind::BadLength: return "bad length";
    case CaptureErrorKind::BadInterface: return "bad interface";
  }
  return "?";
}

std::string CaptureError::message() const {
  return fmt::format("{} at offset {}{}{}", to_string(kind), offset, detail.empty() ? "" : ": ", detail);
}

namespace {

using Err = Unexpected<CaptureError>;
Err fail(CaptureErrorKind k, std::size_t off, std::string detail) { return {CaptureError{k, off, std::move(detail)}}; }

// Reads integers in the byte order the file declared.
struct Endian {
  const wire::ByteReader& r;
  bool little;
  std::optional<std::uint16_t> u16(std::size_t off) const { return little ? r.u16le(off) : r.u16be(off); }
  std::optional<std::uint32_t> u32(std::size_t off) const { return little ? r.u32le(off) : r.u32be(off); }
};

constexpr std::uint32_t kPcapngSectionHeader = 0x0a0d0d0a;
constexpr std::uint32_t kPcapngByteOrderMagic = 0x1a2b3c4d;
constexpr std::uint32_t kPcapngInterface = 1;
constexpr std::uint32_t kPcapngObsoletePacket = 2;
constexpr std::uint32_t kPcapngSimplePacket = 3;
constexpr std::uint32_t kPcapngEnhancedPacket = 6;

Result<Capture, CaptureError> read_classic(const wire::ByteReader& r, bool little, bool nano) {
  Endian e{r, little};
  Capture cap;
  cap.format = nano ? CaptureFormat::PcapNano : CaptureFormat::PcapMicro;
  if (!r.has(0, 24)) return fail(CaptureErrorKind::Truncated, 0, "pcap file header needs 24 bytes");
  if (*e.u16(4) != 2) return fail(CaptureErrorKind::UnsupportedVersion, 4, fmt::format("version {}.{}", *e.u16(4), *e.u16(6)));
  // The upper bits of the link-type word carry FCS information (pcap spec); the type is
  // the low 16 bits.
  std::uint32_t link_type = *e.u32(20) & 0xffff;
  std::size_t off = 24;
  while (off < r.size()) {
    if (!r.has(off, 16)) return fail(CaptureErrorKind::Truncated, off, fmt::format("record header needs 16 bytes, {} left", r.size() - off));
    std::uint32_t sec = *e.u32(off), frac = *e.u32(off + 4), incl = *e.u32(off + 8), orig = *e.u32(off + 12);
    if (!r.has(off + 16, incl))
      return fail(CaptureErrorKind::Truncated, off + 8, fmt::format("record of {} bytes, {} left", incl, r.size() - off - 16));
    if (!nano && frac >= 1'000'000) return fail(CaptureErrorKind::BadLength, off + 4, fmt::format("microseconds {} >= 10^6", frac));
    CapturedFrame f;
    f.number = cap.frames.size() + 1;
    f.time_ns = std::uint64_t{sec} * 1'000'000'000u + (nano ? frac : std::uint64_t{frac} * 1000u);
    f.original_length = orig;
    f.link_type = link_type;
    auto v = *r.view(off + 16, incl);
    f.data.assign(v.begin(), v.end());
    cap.frames.push_back(std::move(f));
    off += 16 + incl;
  }
  return cap;
}

struct Interface {
  std::uint32_t link_type = 0;
  std::uint32_t snap_len = 0;
  std::uint8_t ts_resol = 6;  // if_tsresol: default microseconds
};

std::uint64_t to_ns(std::uint64_t ts, std::uint8_t resol) {
  std::uint32_t n = resol & 0x7f;
  if (resol & 0x80) {  // negative power of two
    if (n >= 64) return 0;
    std::uint64_t secs = n ? ts >> n : ts;
    std::uint64_t frac = n ? ts & ((std::uint64_t{1} << n) - 1) : 0;
    std::uint32_t shift = n;
    if (shift > 34) {  // keep frac * 10^9 inside 64 bits
      frac >>= shift - 34;
      shift = 34;
    }
    return secs * 1'000'000'000u + (frac * 1'000'000'000u >> shift);
  }
  std::uint64_t scale = 1;
  if (n <= 9) {
    for (std::uint32_t i = n; i < 9; ++i) scale *= 10;
    return ts * scale;
  }
  for (std::uint32_t i = 9; i < n && i < 29; ++i) scale *= 10;
  return ts / scale;
}

Result<Capture, CaptureError> read_pcapng(const wire::ByteReader& r) {
  Capture cap;
  cap.format = CaptureFormat::Pcapng;
  std::vector<Interface> ifaces;
  bool little = true;
  std::size_t off = 0;
  while (off < r.size()) {
    if (!r.has(off, 12)) return fail(CaptureErrorKind::Truncated, off, fmt::format("block header needs 12 bytes, {} left", r.size() - off));
    std::uint32_t type_raw = *r.u32le(off);
    if (type_raw == kPcapngSectionHeader) {
      // A new section: its byte-order magic decides how everything up to the next SHB reads.
      auto bom = r.u32le(off + 8);
      if (*bom == kPcapngByteOrderMagic) little = true;
      else if (*r.u32be(off + 8) == kPcapngByteOrderMagic) little = false;
      else return fail(CaptureErrorKind::BadMagic, off + 8, fmt::format("byte-order magic {:#010x}", *bom));
      ifaces.clear();
    }
    Endian e{r, little};
    std::uint32_t type = *e.u32(off);
    std::uint32_t len = *e.u32(off + 4);
    if (len < 12 || len % 4 != 0) return fail(CaptureErrorKind::BadLength, off + 4, fmt::format("block length {}", len));
    if (!r.has(off, len)) return fail(CaptureErrorKind::Truncated, off + 4, fmt::format("block of {} bytes, {} left", len, r.size() - off));
    if (*e.u32(off + len - 4) != len)
      return fail(CaptureErrorKind::BadLength, off + len - 4, fmt::format("trailing length {} != {}", *e.u32(off + len - 4), len));
    std::size_t body = off + 8, body_len = len - 12;
    wire::ByteReader b(*r.view(body, body_len), body);
    Endian be{b, little};
    auto need = [&](std::size_t n) { return b.has(0, n); };
    if (type == kPcapngSectionHeader) {
      if (!need(16)) return fail(CaptureErrorKind::BadLength, off + 4, "section header block too short");
      if (*be.u16(4) != 1) return fail(CaptureErrorKind::UnsupportedVersion, body + 4, fmt::format("pcapng version {}", *be.u16(4)));
    } else if (type == kPcapngInterface) {
      if (!need(8)) return fail(CaptureErrorKind::BadLength, off + 4, "interface block too short");
      Interface i;
      i.link_type = *be.u16(0);
      i.snap_len = *be.u32(4);
      std::size_t o = 8;
      while (b.has(o, 4)) {
        std::uint16_t code = *be.u16(o), olen = *be.u16(o + 2);
        if (code == 0) break;
        if (!b.has(o + 4, olen)) return fail(CaptureErrorKind::Truncated, body + o + 2, fmt::format("option of {} bytes", olen));
        if (code == 9 && olen >= 1) i.ts_resol = *b.u8(o + 4);
        o += 4 + (olen + 3u) / 4 * 4;
      }
      ifaces.push_back(i);
    } else if (type == kPcapngEnhancedPacket || type == kPcapngObsoletePacket) {
      if (!need(20)) return fail(CaptureErrorKind::BadLength, off + 4, "packet block too short");
      std::uint32_t iface = type == kPcapngEnhancedPacket ? *be.u32(0) : *be.u16(0);
      if (iface >= ifaces.size())
        return fail(CaptureErrorKind::BadInterface, body, fmt::format("interface {} of {}", iface, ifaces.size()));
      std::uint64_t ts = std::uint64_t{*be.u32(4)} << 32 | *be.u32(8);
      std::uint32_t caplen = *be.u32(12), orig = *be.u32(16);
      if (!b.has(20, caplen))
        return fail(CaptureErrorKind::Truncated, body + 12, fmt::format("packet of {} bytes in a block body of {}", caplen, body_len));
      CapturedFrame f;
      f.number = cap.frames.size() + 1;
      f.time_ns = to_ns(ts, ifaces[iface].ts_resol);
      f.original_length = orig;
      f.link_type = ifaces[iface].link_type;
      auto v = *b.view(20, caplen);
      f.data.assign(v.begin(), v.end());
      cap.frames.push_back(std::move(f));
    } else if (type == kPcapngSimplePacket) {
      if (!need(4)) return fail(CaptureErrorKind::BadLength, off + 4, "simple packet block too short");
      if (ifaces.empty()) return fail(CaptureErrorKind::BadInterface, body, "simple packet before any interface");
      std::uint32_t orig = *be.u32(0);
      std::size_t caplen = std::min<std::size_t>(orig, body_len - 4);
      if (ifaces[0].snap_len) caplen = std::min<std::size_t>(caplen, ifaces[0].snap_len);
      CapturedFrame f;
      f.number = cap.frames.size() + 1;
      f.original_length = orig;
      f.link_type = ifaces[0].link_type;
      auto v = *b.view(4, caplen);
      f.data.assign(v.begin(), v.end());
      cap.frames.push_back(std::move(f));
    }
    // Other blocks (name resolution, statistics, custom, ...) carry no frames: skipped.
    off += len;
  }
  return cap;
}

}  // namespace

Result<Capture, CaptureError> read_capture(wire::ByteView file) {
  wire::ByteReader r(file);
  auto le = r.u32le(0);
  if (!le) return fail(CaptureErrorKind::Truncated, 0, fmt::format("{} bytes: not even a magic number", file.size()));
  if (*le == kPcapngSectionHeader) return read_pcapng(r);
  auto be = *r.u32be(0);
  if (*le == kPcapMagicMicro) return read_classic(r, true, false);
  if (*le == kPcapMagicNano) return read_classic(r, true, true);
  if (be == kPcapMagicMicro) return read_classic(r, false, false);
  if (be == kPcapMagicNano) return read_classic(r, false, true);
  return fail(CaptureErrorKind::BadMagic, 0, fmt::format("{:#010x} is neither pcap nor pcapng", be));
}

Result<Capture, CaptureError> read_capture_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(CaptureErrorKind::Unreadable, 0, "cannot open " + path);
  wire::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail(CaptureErrorKind::Unreadable, 0, "cannot read " + path);
  return read_capture(bytes);
}

}  // namespace smc::pcap
