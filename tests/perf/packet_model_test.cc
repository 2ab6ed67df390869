// Frames per message, computed by hand from the header sizes of the reference (IPv4 20,
// TCP 20 + timestamps 12, UDP 8, BTH 12, RETH 16, AETH 4, ICRC 4, Ethernet 14; the CDC
// message 44 bytes, wire-format.md §4.1; RDMA WRITEs split at the path MTU, §"captures":
// First/Middle/Middle/Last for 4096 bytes at MTU 1024), and checked against sim/pcap's
// frame builder, which is an independent implementation of the same layout.
#include <doctest/doctest.h>

#include "conformance/perf/packet_model.h"
#include "sim/pcap/roce.h"

using namespace smc::perf;

TEST_CASE("TCP: payload per segment and frames per message") {
  CHECK(tcp_segment_payload(1500) == 1500 - 20 - 20 - 12);  // 1448
  CHECK(tcp_segment_payload(9000) == 8948);
  CHECK(tcp_segments(0, 1500) == 1);
  CHECK(tcp_segments(64, 1500) == 1);
  CHECK(tcp_segments(1448, 1500) == 1);
  CHECK(tcp_segments(1449, 1500) == 2);
  CHECK(tcp_segments(65536, 1500) == 46);  // ceil(65536 / 1448)
  CHECK(tcp_segments(65536, 9000) == 8);   // ceil(65536 / 8948)
  auto f = tcp_data_frames(64, 1500);
  REQUIRE(f.size() == 1);
  CHECK(f[0] == 14 + 20 + 32 + 64);
  auto g = tcp_data_frames(3000, 1500);
  REQUIRE(g.size() == 3);
  CHECK(g[0] == 1514);  // a full segment fills the MTU exactly
  CHECK(g[1] == 1514);
  CHECK(g[2] == 66 + (3000 - 2 * 1448));
  CHECK(tcp_control_frame() == 66);
  CHECK(tcp_syn_frame(false) == 14 + 20 + 20 + 20);
  CHECK(tcp_syn_frame(true) == 14 + 20 + 20 + 20 + 8);
}

TEST_CASE("RoCE path MTU: the largest IB MTU that fits the netdev MTU with its headers") {
  CHECK(roce_path_mtu(1500) == 1024);
  CHECK(roce_path_mtu(9000) == 4096);
  CHECK(roce_path_mtu(4096 + 60) == 4096);  // IPv4 20 + UDP 8 + BTH 12 + RETH 16 + ICRC 4
  CHECK(roce_path_mtu(4096 + 59) == 2048);
  CHECK(roce_path_mtu(1000) == 512);
}

TEST_CASE("RDMA WRITE: First carries the RETH, only the last packet asks for an ACK") {
  auto w = rdma_write_frames(4096, 1024);
  REQUIRE(w.size() == 4);
  CHECK(w[0].bytes == 14 + 20 + 8 + 12 + 16 + 1024 + 4);
  CHECK(w[1].bytes == 14 + 20 + 8 + 12 + 1024 + 4);
  CHECK(w[3].bytes == 1082);
  CHECK_FALSE(w[0].ack_request);
  CHECK_FALSE(w[2].ack_request);
  CHECK(w[3].ack_request);
  auto only = rdma_write_frames(64, 1024);
  REQUIRE(only.size() == 1);
  CHECK(only[0].bytes == 14 + 20 + 8 + 12 + 16 + 64 + 4);
  CHECK(only[0].ack_request);
  CHECK(rdma_write_frames(65536, 1024).size() == 64);
  CHECK(rdma_write_frames(65536, 4096).size() == 16);
  CHECK(rdma_write_frames(3, 1024)[0].bytes == 14 + 20 + 8 + 12 + 16 + 4 + 4);  // padded to 4
}

TEST_CASE("CDC SEND and RC ACK frames") {
  CHECK(roce_send_frame().bytes == 14 + 20 + 8 + 12 + 44 + 4);  // 102
  CHECK(roce_send_frame().ack_request);
  CHECK(rc_ack_frame() == 14 + 20 + 8 + 12 + 4 + 4);  // 62
}

TEST_CASE("the same sizes as sim/pcap's frame builder") {
  smc::pcap::RoceQpPath path;
  path.addressing.src_ip = smc::pcap::IpAddress::v4(10, 0, 0, 1);
  path.addressing.dst_ip = smc::pcap::IpAddress::v4(10, 0, 0, 2);
  for (std::size_t bytes : {1u, 64u, 1024u, 1025u, 4096u, 10000u, 65536u}) {
    for (std::size_t mtu : {256u, 1024u, 4096u}) {
      smc::wire::Bytes payload(bytes, 0xab);
      auto built = smc::pcap::build_rdma_write(path, 0, smc::pcap::Reth{}, payload, mtu);
      auto mine = rdma_write_frames(bytes, mtu);
      CAPTURE(bytes);
      CAPTURE(mtu);
      REQUIRE(built.size() == mine.size());
      for (std::size_t i = 0; i < built.size(); ++i) CHECK(built[i].size() == mine[i].bytes);
    }
  }
  smc::wire::Bytes cdc(44, 0xfe);
  CHECK(smc::pcap::build_roce_send(path, 0, cdc).size() == roce_send_frame().bytes);
}
