// The extractor on the real captures: which frames carry SMC content, per kind, compared
// with the frame lists of shared/captures/README.md and with tshark's own reading of the
// files (tshark -Y 'infiniband.bth.opcode==4' lists the SEND frames); and on streams cut
// and reordered here to test reassembly.
#include <doctest/doctest.h>

#include <algorithm>

#include "sim/pcap/frame_parser.h"
#include "sim/pcap/pcap_writer.h"
#include "sim/pcap/smc_extractor.h"
#include "sim/pcap/tcp_flow_writer.h"
#include "tests/pcap/capture_files.h"

using namespace smc::pcap;
using namespace smc::pcap::testing;
using smc::wire::Bytes;

namespace {

std::vector<std::size_t> frames_of(const Extraction& x, CarrierKind k) {
  std::vector<std::size_t> v;
  for (const auto& m : x.messages)
    if (m.kind == k) v.push_back(m.frame);
  return v;
}

using Frames = std::vector<std::size_t>;

}  // namespace

TEST_CASE("first contact: SYNs, three CLC messages, 31 SENDs, two RDMA WRITEs") {
  auto x = extract_smc(load_capture(kFirstContact));
  CHECK(x.notes.empty());
  CHECK(frames_of(x, CarrierKind::TcpSyn) == Frames{3, 4});
  for (const auto& m : x.messages)
    if (m.kind == CarrierKind::TcpSyn) CHECK(m.smc_option);
  CHECK(frames_of(x, CarrierKind::Clc) == Frames{6, 8, 10});
  CHECK(frames_of(x, CarrierKind::RoceSend) ==
        Frames{11, 13, 15, 17, 19, 21, 27, 34, 37, 41, 43, 45, 47, 48, 52, 55, 56, 57, 58, 63, 64, 65, 66, 71, 72, 73, 74,
               79, 80, 81, 82});
  CHECK(frames_of(x, CarrierKind::RdmaWrite) == Frames{26, 33});

  const auto& proposal = x.messages[2];
  REQUIRE(proposal.kind == CarrierKind::Clc);
  CHECK(proposal.bytes.size() == 156);
  CHECK(proposal.bytes[7] == 0x22);
  CHECK(proposal.direction() == "10.0.0.1:43472 -> 10.0.0.2:40001");
  CHECK(proposal.time_ns == load_capture(kFirstContact).frames[5].time_ns);

  for (const auto& m : x.messages) {
    if (m.kind == CarrierKind::RdmaWrite) {
      CHECK(m.bytes.size() == 4096);
      REQUIRE(m.reth.has_value());
      CHECK(m.reth->dma_length == 4096);
      CHECK(m.frames.size() == 4);
    }
    if (m.kind == CarrierKind::RoceSend) {
      CHECK(m.solicited_event);  // README: every LLC/CDC SEND has SE set
      CHECK((m.bytes.size() == 44 || m.bytes.size() == 88));
    }
  }
  // README: frame 26 writes va 0xff20a170c4870000 rkey 0x3f1; frame 33 0xff20a170c4c40000 / 0x3b0.
  auto w = std::find_if(x.messages.begin(), x.messages.end(), [](auto& m) { return m.frame == 33; });
  REQUIRE(w != x.messages.end());
  CHECK(w->reth->virtual_address == 0xff20a170c4c40000ull);
  CHECK(w->reth->rkey == 0x3b0);
  CHECK(w->dest_qp == 0x11);
}

TEST_CASE("lgr reuse: six CLC messages on two connections, 34 SENDs, four WRITEs") {
  auto x = extract_smc(load_capture(kLgrReuse));
  CHECK(x.notes.empty());
  CHECK(frames_of(x, CarrierKind::TcpSyn) == Frames{9, 10, 56, 57});
  CHECK(frames_of(x, CarrierKind::Clc) == Frames{12, 18, 24, 59, 65, 71});
  CHECK(frames_of(x, CarrierKind::RoceSend) ==
        Frames{1,  2,  5,  6,  14, 16, 20, 22, 29, 36, 39, 42, 44, 46,  47,  50,  51,
               61, 63, 67, 69, 76, 83, 86, 89, 93, 95, 97, 98, 101, 105, 106, 109, 110});
  CHECK(frames_of(x, CarrierKind::RdmaWrite) == Frames{28, 35, 75, 82});
}

TEST_CASE("decline: one CLC Decline, then the application data is not taken for CLC") {
  auto x = extract_smc(load_capture(kDeclineNoUeid));
  CHECK(x.notes.empty());
  CHECK(frames_of(x, CarrierKind::TcpSyn) == Frames{5, 6});
  CHECK(frames_of(x, CarrierKind::Clc) == Frames{8});
  CHECK(x.messages[2].bytes.size() == 28);
  // The README's "1-4" and "17-28" ranges include the RoCE ACKs; tshark lists the SENDs:
  CHECK(frames_of(x, CarrierKind::RoceSend) == Frames{1, 3, 17, 19, 20, 23, 25, 27});
}

TEST_CASE("lgr free: the two Delete Link SENDs and nothing else") {
  auto x = extract_smc(load_capture(kLgrFreeDeleteLink));
  CHECK(x.notes.empty());
  CHECK(x.messages.size() == 2);
  CHECK(frames_of(x, CarrierKind::RoceSend) == Frames{3, 5});
  CHECK(x.messages[0].bytes[3] == 0x60);
  CHECK(x.messages[1].bytes[3] == 0x40);
}

namespace {
Bytes clc_like(std::uint8_t type, std::size_t len) {
  Bytes b(len, 0);
  b[0] = 0xe2, b[1] = 0xd4, b[2] = 0xc3, b[3] = 0xd9, b[4] = type;
  b[5] = static_cast<std::uint8_t>(len >> 8), b[6] = static_cast<std::uint8_t>(len);
  b[7] = 0x20;
  std::copy(b.begin(), b.begin() + 4, b.end() - 4);
  return b;
}
TcpFlowConfig flow() {
  TcpFlowConfig c;
  c.client_to_server.src_ip = IpAddress::v4(10, 0, 0, 1);
  c.client_to_server.dst_ip = IpAddress::v4(10, 0, 0, 2);
  c.client_port = 40000;
  c.server_port = 40001;
  c.client_isn = 0xfffffff0;  // wraps during the exchange
  c.server_isn = 1000;
  c.mss = 50;
  return c;
}
}  // namespace

TEST_CASE("CLC messages spanning segments, two in one segment, sequence wrap") {
  PcapWriter w;
  TcpFlowWriter t(w, flow());
  t.syn(1);
  t.syn_ack(2);
  t.ack(TcpSide::Client, 3);
  Bytes two = clc_like(1, 156);  // 4 segments of <= 50 bytes
  Bytes d1 = clc_like(4, 28), d2 = clc_like(4, 28);
  t.send(TcpSide::Client, 4, two);
  Bytes both = d1;
  both.insert(both.end(), d2.begin(), d2.end());
  t.send(TcpSide::Server, 5, both);  // 56 bytes: 50 + 6
  t.send(TcpSide::Client, 6, Bytes(100, 0x41));  // application data after the CLC phase
  auto cap = read_capture(w.bytes());
  REQUIRE(cap.ok());
  auto x = extract_smc(*cap);
  auto clc = frames_of(x, CarrierKind::Clc);
  REQUIRE(clc.size() == 3);
  const auto& p = *std::find_if(x.messages.begin(), x.messages.end(), [](auto& m) { return m.kind == CarrierKind::Clc; });
  CHECK(p.bytes == two);
  CHECK(p.frames == Frames{4, 5, 6, 7});
  CHECK(p.frame == 7);
  CHECK(clc[1] == 8);  // the first Decline lies inside the server's first segment,
  CHECK(clc[2] == 9);  // the second ends in its second one
  CHECK(x.messages.back().bytes == d2);
}

TEST_CASE("a segment arriving before the gap is filled, and a retransmission, are reassembled in order") {
  PcapWriter w;
  TcpFlowWriter t(w, flow());
  t.syn(1);
  t.syn_ack(2);
  Bytes m = clc_like(2, 108);
  t.send(TcpSide::Server, 3, m);  // frames 3 (50), 4 (50), 5 (8)
  auto cap = read_capture(w.bytes());
  REQUIRE(cap.ok());
  auto frames = cap->frames;
  std::swap(frames[2], frames[3]);      // second segment first
  frames.push_back(frames[3]);          // the first segment again (retransmission)
  for (std::size_t i = 0; i < frames.size(); ++i) frames[i].number = i + 1;
  cap->frames = frames;
  auto x = extract_smc(*cap);
  auto clc = frames_of(x, CarrierKind::Clc);
  REQUIRE(clc.size() == 1);
  CHECK(x.messages.back().bytes == m);
  CHECK(clc[0] == 5);
}

TEST_CASE("TcpFlowWriter numbers: SYN and FIN count one, data counts its bytes, ACKs follow the peer") {
  PcapWriter w;
  TcpFlowWriter t(w, flow());
  t.syn(1'000'000);
  t.syn_ack(2'000'000);
  t.ack(TcpSide::Client, 3'000'000);
  t.send(TcpSide::Client, 4'000'000, Bytes(120, 1));  // 50 + 50 + 20
  t.fin(TcpSide::Client, 5'000'000);
  t.fin(TcpSide::Server, 6'000'000);
  t.ack(TcpSide::Client, 7'000'000);
  auto cap = read_capture(w.bytes());
  REQUIRE(cap.ok());
  REQUIRE(cap->frames.size() == 9);
  struct Want {
    std::uint32_t seq, ack;
    std::uint8_t flags;
    std::size_t len;
  };
  const std::uint32_t c = 0xfffffff0, s = 1000;
  std::vector<Want> want{{c, 0, 0x02, 0},           {s, c + 1, 0x12, 0},          {c + 1, s + 1, 0x10, 0},
                         {c + 1, s + 1, 0x10, 50},  {c + 51, s + 1, 0x10, 50},    {c + 101, s + 1, 0x18, 20},
                         {c + 121, s + 1, 0x11, 0}, {s + 1, c + 122, 0x11, 0},    {c + 122, s + 2, 0x10, 0}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    auto pf = parse_frame(cap->frames[i].data);
    REQUIRE(pf.ok());
    REQUIRE(pf->tcp.has_value());
    CHECK_MESSAGE(pf->tcp->seq == want[i].seq, "frame ", i + 1);
    CHECK_MESSAGE(pf->tcp->ack == want[i].ack, "frame ", i + 1);
    CHECK_MESSAGE(pf->tcp->flags == want[i].flags, "frame ", i + 1);
    CHECK_MESSAGE(pf->tcp->payload.size() == want[i].len, "frame ", i + 1);
  }
  CHECK(cap->frames[3].time_ns == 4'000'000);
  // The SYN and SYN-ACK carry the SMC option, as Linux lays it out (last, 8 bytes).
  auto syn = parse_frame(cap->frames[0].data);
  Bytes opt(syn->tcp->options.end() - 8, syn->tcp->options.end());
  CHECK(opt == Bytes{0x01, 0x01, 0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd9});
  auto x = extract_smc(*cap);
  CHECK(frames_of(x, CarrierKind::TcpSyn) == Frames{1, 2});
  CHECK(x.messages[0].smc_option);
}
