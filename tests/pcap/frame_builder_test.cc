// Frame builders checked against bytes that the Linux kernel put on a real wire
// (tests/data/captures, described in shared/captures/README.md), and against published
// check values of the checksums.
#include <doctest/doctest.h>

#include <cstring>

#include "sim/pcap/checksum.h"
#include "sim/pcap/frame_parser.h"
#include "sim/pcap/roce.h"
#include "sim/pcap/tcp_segment.h"
#include "tests/pcap/capture_files.h"

using namespace smc::pcap;
using namespace smc::pcap::testing;
using smc::wire::Bytes;
using smc::wire::ByteView;

namespace {

const CapturedFrame& frame(const Capture& c, std::size_t number) {
  REQUIRE(number >= 1);
  REQUIRE(number <= c.frames.size());
  return c.frames[number - 1];
}

// The addressing of a captured IPv4 frame, read straight from its bytes (not through the
// parser under test).
FrameAddressing addressing_of(const Bytes& f) {
  FrameAddressing a;
  std::memcpy(a.dst_mac.data(), f.data(), 6);
  std::memcpy(a.src_mac.data(), f.data() + 6, 6);
  a.traffic_class = f[15];
  a.ip_id = static_cast<std::uint16_t>(f[18] << 8 | f[19]);
  a.dont_fragment = f[20] & 0x40;
  a.hop_limit = f[22];
  a.src_ip = IpAddress::v4(f[26], f[27], f[28], f[29]);
  a.dst_ip = IpAddress::v4(f[30], f[31], f[32], f[33]);
  return a;
}

// A deliberately naive RFC 1071 sum, independent of InternetChecksum.
std::uint16_t naive_sum(const Bytes& b) {
  std::uint32_t s = 0;
  for (std::size_t i = 0; i < b.size(); i += 2) s += (b[i] << 8) + (i + 1 < b.size() ? b[i + 1] : 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

}  // namespace

TEST_CASE("checksums match their published check values") {
  // RFC 1071 §3 example: the words 0001 f203 f4f5 f6f7 sum to 0xddf2.
  CHECK(internet_checksum(Bytes{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}) == static_cast<std::uint16_t>(~0xddf2));
  // The CRC-32 check value of "123456789" (IEEE 802.3 / zlib).
  const char* nine = "123456789";
  CHECK(crc32(ByteView(reinterpret_cast<const std::uint8_t*>(nine), 9)) == 0xcbf43926u);
}

TEST_CASE("IPv4 header checksum equals the kernel's on captured frames") {
  auto cap = load_capture(kFirstContact);
  for (std::size_t n : {3u, 4u, 6u, 11u, 23u}) {
    const auto& f = frame(cap, n).data;
    auto a = addressing_of(f);
    std::size_t ip_payload = (f[16] << 8 | f[17]) - 20u;
    Bytes hdr = build_ip_header(a, f[23], ip_payload);
    CHECK_MESSAGE(hdr == Bytes(f.begin() + 14, f.begin() + 34), "frame ", n);
  }
}

TEST_CASE("TCP SYN with Linux's option layout and the SMC option rebuilds frame 3 of first contact") {
  auto cap = load_capture(kFirstContact);
  const auto& f = frame(cap, 3).data;
  auto a = addressing_of(f);
  TcpSegment s;
  s.src_port = 43472;
  s.dst_port = 40001;
  s.seq = 0x2fa6958b;
  s.flags = tcp_flags::kSyn;
  s.window = 64240;
  s.options = linux_syn_options({.mss = 1460, .ts_val = 186561395, .ts_ecr = 0, .window_scale = 7, .smc = true});
  Bytes built = build_tcp_frame(a, s);
  REQUIRE(built.size() == f.size());
  // veth hands tcpdump the segment before checksum offload: the captured checksum field
  // holds only the folded pseudo-header sum (0x1439), so compare everything else ...
  CHECK(Bytes(built.begin(), built.begin() + 50) == Bytes(f.begin(), f.begin() + 50));
  CHECK(Bytes(built.begin() + 52, built.end()) == Bytes(f.begin() + 52, f.end()));
  CHECK(f[50] == 0x14);
  CHECK(f[51] == 0x39);
  // ... and check ours independently: the pseudo-header + segment sums to 0xffff.
  Bytes pseudo{10, 0, 0, 1, 10, 0, 0, 2, 0, 6, 0, static_cast<std::uint8_t>(built.size() - 34)};
  pseudo.insert(pseudo.end(), built.begin() + 34, built.end());
  CHECK(naive_sum(pseudo) == 0xffff);
  // The option list ends with the SMC option exactly as wire-format.md §1 gives it.
  CHECK(Bytes(built.end() - 8, built.end()) == Bytes{0x01, 0x01, 0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd9});
}

TEST_CASE("RoCE SEND Only rebuilds captured LLC and CDC frames byte for byte, ICRC included") {
  auto cap = load_capture(kFirstContact);
  // 11: LLC Confirm Link (44 B), 15: Add Link (88 B), 27: CDC; all SEND Only with SE.
  for (std::size_t n : {11u, 15u, 27u}) {
    const auto& f = frame(cap, n).data;
    RoceQpPath p;
    p.addressing = addressing_of(f);
    p.udp_src_port = static_cast<std::uint16_t>(f[34] << 8 | f[35]);
    p.dest_qp = static_cast<std::uint32_t>(f[47] << 16 | f[48] << 8 | f[49]);
    std::uint32_t psn = static_cast<std::uint32_t>(f[51] << 16 | f[52] << 8 | f[53]);
    Bytes payload(f.begin() + 54, f.end() - 4);
    Bytes built = build_roce_send(p, psn, payload);
    CHECK_MESSAGE(built == f, "frame ", n);
  }
}

TEST_CASE("RDMA WRITE of 4096 bytes at path MTU 1024 rebuilds frames 23-26 of first contact") {
  auto cap = load_capture(kFirstContact);
  const auto& first = frame(cap, 23).data;
  RoceQpPath p;
  p.addressing = addressing_of(first);
  p.udp_src_port = 49441;
  p.dest_qp = 0x11;
  // README: va 0xff20a170c4870000, rkey 0x3f1; the application wrote bytes i*7+3.
  Bytes data(4096);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
  auto frames = build_rdma_write(p, 1830953, Reth{0xff20a170c4870000ull, 0x3f1, 0}, data, 1024);
  REQUIRE(frames.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) CHECK_MESSAGE(frames[i] == frame(cap, 23 + i).data, "frame ", 23 + i);
}

TEST_CASE("every RoCEv2 packet of the four real captures carries the ICRC we compute") {
  std::size_t roce = 0;
  for (const char* name : kAllCaptures) {
    auto cap = load_capture(name);
    for (const auto& cf : cap.frames) {
      auto pf = parse_frame(cf.data);
      REQUIRE_MESSAGE(pf.ok(), name, " frame ", cf.number);
      if (!pf->udp || !pf->udp->roce) continue;
      ++roce;
      CHECK_MESSAGE(pf->udp->roce->icrc_ok, name, " frame ", cf.number);
    }
  }
  // Every UDP frame of these captures is RoCEv2: 86+112+28+8 frames minus TCP and ARP.
  CHECK(roce > 150);
}

TEST_CASE("a flipped payload bit or a changed PSN breaks the ICRC; a changed TTL does not") {
  auto cap = load_capture(kFirstContact);
  Bytes f = frame(cap, 11).data;
  auto icrc_ok = [](const Bytes& b) { return parse_frame(b)->udp->roce->icrc_ok; };
  REQUIRE(icrc_ok(f));
  Bytes bad = f;
  bad[60] ^= 0x01;
  CHECK_FALSE(icrc_ok(bad));
  bad = f;
  bad[53] ^= 0x01;  // PSN
  CHECK_FALSE(icrc_ok(bad));
  Bytes ttl = f;
  ttl[22] = 64;  // variant field: masked out of the ICRC
  ttl[15] = 0x02;  // ECN bits: masked as well
  CHECK(icrc_ok(ttl));
}

TEST_CASE("IPv6 frames: header layout, UDP checksum always present, ICRC verifies") {
  RoceQpPath p;
  p.addressing.src_ip = *IpAddress::parse("fe80::1");
  p.addressing.dst_ip = *IpAddress::parse("fe80::2");
  p.addressing.flow_label = 0x12345;
  p.addressing.hop_limit = 1;
  p.dest_qp = 0x22;
  Bytes payload(44, 0x5a);
  Bytes f = build_roce_send(p, 7, payload);
  REQUIRE(f.size() == 14 + 40 + 8 + 12 + 44 + 4);
  CHECK(f[12] == 0x86);
  CHECK(f[13] == 0xdd);
  CHECK(f[14] == 0x60);
  CHECK(f[20] == 17);  // next header UDP
  auto pf = parse_frame(f);
  REQUIRE(pf.ok());
  CHECK(pf->src_ip.to_string() == "fe80::1");
  CHECK(pf->udp->checksum != 0);
  CHECK(pf->udp->roce->icrc_ok);
  CHECK(pf->udp->roce->bth.psn == 7);
  CHECK(Bytes(pf->udp->roce->payload.begin(), pf->udp->roce->payload.end()) == payload);
}

TEST_CASE("payloads that are not a multiple of 4 are padded and the pad count is set") {
  RoceQpPath p;
  p.addressing.src_ip = IpAddress::v4(10, 0, 0, 1);
  p.addressing.dst_ip = IpAddress::v4(10, 0, 0, 2);
  Bytes payload{1, 2, 3, 4, 5};
  Bytes f = build_roce_send(p, 1, payload);
  auto pf = parse_frame(f);
  REQUIRE(pf.ok());
  CHECK(pf->udp->roce->bth.pad_count == 3);
  CHECK(Bytes(pf->udp->roce->payload.begin(), pf->udp->roce->payload.end()) == payload);
  CHECK(pf->udp->roce->icrc_ok);
}

TEST_CASE("RDMA WRITE that fits one packet is WRITE Only with RETH; PSNs wrap at 2^24") {
  RoceQpPath p;
  p.addressing.src_ip = IpAddress::v4(10, 0, 0, 1);
  p.addressing.dst_ip = IpAddress::v4(10, 0, 0, 2);
  auto one = build_rdma_write(p, 5, Reth{0x1000, 7, 0}, Bytes(100, 1), 1024);
  REQUIRE(one.size() == 1);
  auto pf = parse_frame(one[0]);
  CHECK(pf->udp->roce->bth.opcode == 0x0a);
  CHECK(pf->udp->roce->reth->dma_length == 100);
  CHECK(pf->udp->roce->bth.ack_request);
  auto three = build_rdma_write(p, 0xffffff, Reth{0x1000, 7, 0}, Bytes(2100, 1), 1024);
  REQUIRE(three.size() == 3);
  CHECK(parse_frame(three[1])->udp->roce->bth.psn == 0);
  CHECK(parse_frame(three[1])->udp->roce->bth.opcode == 0x07);
  CHECK_FALSE(parse_frame(three[1])->udp->roce->reth.has_value());
  CHECK(parse_frame(three[2])->udp->roce->payload.size() == 52);
}
