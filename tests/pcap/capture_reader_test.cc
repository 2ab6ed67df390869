// The capture reader on the real captures (frame counts and times checked against
// tshark's reading of the same files), on pcaps and pcapngs built here byte by byte, and
// on damaged files: every outcome is a capture or a typed error, never a read past the end.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "protocol/wire/byte_writer.h"
#include "sim/pcap/pcap_writer.h"
#include "tests/pcap/capture_files.h"

using namespace smc::pcap;
using namespace smc::pcap::testing;
using smc::wire::Bytes;
using smc::wire::ByteWriter;

TEST_CASE("the four real captures read with the frame counts of the README") {
  struct Expect {
    const char* name;
    std::size_t frames;
  };
  // No structured binding: clang 14 cannot capture one in doctest's lambdas.
  for (const Expect& e : {Expect{kFirstContact, 86}, Expect{kLgrReuse, 112}, Expect{kDeclineNoUeid, 28},
                          Expect{kLgrFreeDeleteLink, 8}}) {
    auto cap = load_capture(e.name);
    CHECK_MESSAGE(cap.frames.size() == e.frames, e.name);
    CHECK(cap.format == CaptureFormat::PcapMicro);
    for (std::size_t i = 0; i < cap.frames.size(); ++i) {
      CHECK(cap.frames[i].number == i + 1);
      CHECK(cap.frames[i].link_type == 1);
      CHECK(cap.frames[i].original_length == cap.frames[i].data.size());
    }
  }
  // tshark -T fields -e frame.time_epoch: frame 3 1795581037.935938, frame 86 1795581044.251507.
  auto cap = load_capture(kFirstContact);
  CHECK(cap.frames[2].time_ns == 1795581037935938000ull);
  CHECK(cap.frames[85].time_ns == 1795581044251507000ull);
  CHECK(cap.frames[2].data.size() == 82);  // tshark: "TCP 82"
}

TEST_CASE("writer output reads back with nanosecond times and exact bytes") {
  PcapWriter w;
  w.add(1'500'000'123ull, Bytes{1, 2, 3});
  w.add(2'000'000'000ull, Bytes(1500, 0xab));
  w.add(0, Bytes{});
  auto cap = read_capture(w.bytes());
  REQUIRE(cap.ok());
  CHECK(cap->format == CaptureFormat::PcapNano);
  REQUIRE(cap->frames.size() == 3);
  CHECK(cap->frames[0].time_ns == 1'500'000'123ull);
  CHECK(cap->frames[0].data == Bytes{1, 2, 3});
  CHECK(cap->frames[1].data == Bytes(1500, 0xab));
  CHECK(cap->frames[2].data.empty());
  // The global header as libpcap defines it: magic a1b23c4d, v2.4, snaplen, LINKTYPE_ETHERNET.
  CHECK(Bytes(w.bytes().begin(), w.bytes().begin() + 8) == Bytes{0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0});
  CHECK(w.bytes()[20] == 1);
}

TEST_CASE("big-endian microsecond pcap") {
  ByteWriter w;
  w.u32be(0xa1b2c3d4);
  w.u16be(2);
  w.u16be(4);
  w.u32be(0);
  w.u32be(0);
  w.u32be(65535);
  w.u32be(1);
  w.u32be(10);      // seconds
  w.u32be(999999);  // microseconds
  w.u32be(2);
  w.u32be(60);      // original length larger than captured
  w.u16be(0xbeef);
  auto cap = read_capture(w.bytes());
  REQUIRE(cap.ok());
  REQUIRE(cap->frames.size() == 1);
  CHECK(cap->frames[0].time_ns == 10'999'999'000ull);
  CHECK(cap->frames[0].original_length == 60);
  CHECK(cap->frames[0].data == Bytes{0xbe, 0xef});
}

namespace {
// pcapng blocks, little- or big-endian: type, total length, body padded to 4, length.
void block(ByteWriter& w, bool le, std::uint32_t type, const Bytes& body) {
  auto u32 = [&](std::uint32_t v) { le ? w.u32le(v) : w.u32be(v); };
  std::size_t padded = (body.size() + 3) / 4 * 4;
  u32(type);
  u32(static_cast<std::uint32_t>(12 + padded));
  w.raw(body);
  w.zeros(padded - body.size());
  u32(static_cast<std::uint32_t>(12 + padded));
}
Bytes pcapng(bool le, std::uint8_t tsresol, std::uint32_t epb_iface = 0) {
  auto enc = [&](auto fill) {
    ByteWriter b;
    fill(b, [&](std::uint32_t v) { le ? b.u32le(v) : b.u32be(v); }, [&](std::uint16_t v) { le ? b.u16le(v) : b.u16be(v); });
    return b.take();
  };
  ByteWriter w;
  block(w, le, 0x0a0d0d0a, enc([](ByteWriter& b, auto u32, auto u16) {
          u32(0x1a2b3c4d);
          u16(1);
          u16(0);
          b.u64le(~0ull);  // section length unknown
        }));
  block(w, le, 1, enc([&](ByteWriter& b, auto u32, auto u16) {
          u16(1);  // Ethernet
          u16(0);
          u32(0);
          u16(9);  // if_tsresol
          u16(1);
          b.u8(tsresol);
          b.zeros(3);
          u16(0);  // opt_endofopt
          u16(0);
        }));
  block(w, le, 0x00000bad, Bytes{1, 2, 3, 4});  // unknown block: skipped
  block(w, le, 6, enc([&](ByteWriter& b, auto u32, auto) {
          u32(epb_iface);
          u32(0);
          u32(1'000'000'007);  // timestamp low word
          u32(3);
          u32(3);
          b.raw(Bytes{7, 8, 9});
        }));
  block(w, le, 3, enc([&](ByteWriter& b, auto u32, auto) {
          u32(2);
          b.raw(Bytes{5, 6});
        }));
  return w.take();
}
}  // namespace

TEST_CASE("pcapng in both byte orders, with if_tsresol, simple and unknown blocks") {
  for (bool le : {true, false}) {
    auto cap = read_capture(pcapng(le, 9));
    REQUIRE_MESSAGE(cap.ok(), (cap.ok() ? "" : cap.error().message()));
    CHECK(cap->format == CaptureFormat::Pcapng);
    REQUIRE(cap->frames.size() == 2);
    CHECK(cap->frames[0].time_ns == 1'000'000'007ull);  // tsresol 9: nanoseconds
    CHECK(cap->frames[0].data == Bytes{7, 8, 9});
    CHECK(cap->frames[0].link_type == 1);
    CHECK(cap->frames[1].number == 2);
    CHECK(cap->frames[1].data == Bytes{5, 6});
  }
  // tsresol 6 (microseconds), and 2^-10 units: 1000000007 / 1024 s = 976562.506835937.. s.
  CHECK(read_capture(pcapng(true, 6))->frames[0].time_ns == 1'000'000'007'000ull);
  CHECK(read_capture(pcapng(true, 0x8a))->frames[0].time_ns == 976562506835937ull);
}

TEST_CASE("a real capture converted to pcapng by editcap reads the same frames") {
  std::string src = capture_path(kFirstContact);
  std::string dst = (std::filesystem::temp_directory_path() /
                     ("smcsim_reader_test_" + std::to_string(getpid()) + ".pcapng")).string();
  std::string cmd = "editcap -F pcapng '" + src + "' " + dst + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    MESSAGE("editcap not available: pcapng conversion check skipped");
    return;
  }
  auto ng = read_capture_file(dst);
  std::remove(dst.c_str());
  REQUIRE(ng.ok());
  auto orig = load_capture(kFirstContact);
  CHECK(ng->format == CaptureFormat::Pcapng);
  REQUIRE(ng->frames.size() == orig.frames.size());
  for (std::size_t i = 0; i < orig.frames.size(); ++i) {
    CHECK(ng->frames[i].data == orig.frames[i].data);
    CHECK(ng->frames[i].time_ns == orig.frames[i].time_ns);
  }
}

TEST_CASE("damaged files give typed errors") {
  CHECK(read_capture(Bytes{}).error().kind == CaptureErrorKind::Truncated);
  CHECK(read_capture(Bytes{1, 2, 3, 4, 5, 6, 7, 8}).error().kind == CaptureErrorKind::BadMagic);
  CHECK(read_capture_file("/nonexistent/x.pcap").error().kind == CaptureErrorKind::Unreadable);

  PcapWriter w;
  w.add(1, Bytes(10, 1));
  Bytes b = w.bytes();
  b[24 + 8] = 0xff;  // captured length 0x...ff: runs past the end
  auto e = read_capture(b);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().kind == CaptureErrorKind::Truncated);
  CHECK(e.error().offset == 32);
  CHECK(e.error().message().find("truncated at offset 32") == 0);

  Bytes ng = pcapng(true, 9, /*epb_iface=*/5);
  CHECK(read_capture(ng).error().kind == CaptureErrorKind::BadInterface);
  ng = pcapng(true, 9);
  ng[4] = 30;  // SHB length not a multiple of 4
  CHECK(read_capture(ng).error().kind == CaptureErrorKind::BadLength);
}

TEST_CASE("every prefix and every single-byte corruption of a capture is handled") {
  auto bytes_of = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  Bytes file = bytes_of(capture_path(kLgrFreeDeleteLink));
  REQUIRE(file.size() > 100);
  for (std::size_t n = 0; n < file.size(); ++n) {
    auto cap = read_capture(smc::wire::ByteView(file).first(n));
    if (!cap.ok()) CHECK(cap.error().kind == CaptureErrorKind::Truncated);
    else CHECK(cap->frames.size() < 8);
  }
  for (const Bytes& f : {file, pcapng(true, 9), pcapng(false, 9)}) {
    for (std::size_t i = 0; i < f.size(); ++i) {
      Bytes g = f;
      g[i] ^= 0xff;
      auto cap = read_capture(g);  // must not crash or read past the end (ASan build)
      if (cap.ok()) CHECK(cap->frames.size() <= 8);
    }
  }
}
