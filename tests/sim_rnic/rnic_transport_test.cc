// RC transport of the simulated RNIC: what arrives, and how it fails when it must.
// Expected statuses are those the IB spec / libibverbs define for each case
// (ibv_wc_status): a remote access violation is IBV_WC_REM_ACCESS_ERR for the
// requester, its QP goes to ERR and everything behind the failed WR is flushed with
// IBV_WC_WR_FLUSH_ERR.
#include <doctest/doctest.h>

#include <numeric>

#include "tests/sim_rnic/rnic_pair.h"

using namespace smc;
using namespace smc::sim;
using namespace smc::sim::testing;
using ports::QpState;
using ports::WcStatus;

namespace {
QpState state_of(Endpoint& e) { return e.rnic->query_qp(e.qp)->qp_state; }
void fill_pattern(std::vector<std::uint8_t>& v, std::uint32_t off, std::uint32_t len, std::uint8_t seed) {
  for (std::uint32_t i = 0; i < len; ++i) v[off + i] = static_cast<std::uint8_t>(seed + i * 7);
}
}  // namespace

TEST_CASE("RDMA WRITE places exactly the bytes written, where they were aimed") {
  RnicPair p;
  REQUIRE(p.connect());
  fill_pattern(p.a.buffer, 0, 5000, 3);
  // 5000 bytes at offset 100 of the peer's MR: 5 packets at MTU 1024.
  REQUIRE(p.write(p.a, p.b, 7, 0, 5000, p.b.mr.addr + 100, p.b.mr.rkey).ok());
  p.run(ms(1));
  for (std::uint32_t i = 0; i < 5000; ++i) REQUIRE(p.b.buffer[100 + i] == static_cast<std::uint8_t>(3 + i * 7));
  CHECK(p.b.buffer[99] == 0);
  CHECK(p.b.buffer[5100] == 0);
  auto wcs = p.a.poll();
  REQUIRE(wcs.size() == 1);
  CHECK(wcs[0].wr_id == 7);
  CHECK(wcs[0].status == WcStatus::Success);
  CHECK(wcs[0].opcode == ports::WcOpcode::RdmaWrite);
  CHECK(p.b.poll().empty());  // a plain WRITE consumes no receive and completes nothing remotely
  CHECK(p.a.rnic->counters().packets_sent == 5);
  CHECK(p.fabric.counters().packets_delivered == 5 + 1);  // 5 request packets + 1 ACK
  // PSN advanced by the packet count: sq_psn started at 1000 + qpn.
  CHECK(p.a.rnic->query_qp(p.a.qp)->sq_psn == 1000 + p.a.qp_num + 5);
  CHECK(p.b.rnic->query_qp(p.b.qp)->rq_psn == 1000 + p.a.qp_num + 5);
}

TEST_CASE("SEND lands in the posted receive buffer with length and solicited flag") {
  RnicPair p;
  REQUIRE(p.connect());
  fill_pattern(p.a.buffer, 0, 44, 0x40);
  REQUIRE(p.recv(p.b, 11, 2048, 48).ok());  // SMC: 44-byte LLC/CDC in 48-byte buffers
  REQUIRE(p.send(p.a, 21, 0, 44, true).ok());
  p.run(ms(1));
  auto rw = p.b.poll();
  REQUIRE(rw.size() == 1);
  CHECK(rw[0].wr_id == 11);
  CHECK(rw[0].status == WcStatus::Success);
  CHECK(rw[0].opcode == ports::WcOpcode::Recv);
  CHECK(rw[0].byte_len == 44);
  CHECK(rw[0].solicited);
  CHECK(std::equal(p.a.buffer.begin(), p.a.buffer.begin() + 44, p.b.buffer.begin() + 2048));
  auto sw = p.a.poll();
  REQUIRE(sw.size() == 1);
  CHECK(sw[0].status == WcStatus::Success);
  CHECK(sw[0].opcode == ports::WcOpcode::Send);
}

TEST_CASE("RDMA WRITE with immediate writes and consumes a receive carrying the immediate") {
  RnicPair p;
  REQUIRE(p.connect());
  fill_pattern(p.a.buffer, 0, 300, 9);
  REQUIRE(p.recv(p.b, 5, 0, 0).ok());
  ports::Sge sge{p.a.mr.addr, 300, p.a.mr.lkey};
  ports::SendWr wr;
  wr.wr_id = 1;
  wr.opcode = ports::SendOpcode::RdmaWriteWithImm;
  wr.sg_list = {&sge, 1};
  wr.remote_addr = p.b.mr.addr + 4096;
  wr.rkey = p.b.mr.rkey;
  wr.imm_data = 0xCAFE;
  REQUIRE(p.a.rnic->post_send(p.a.qp, wr).ok());
  p.run(ms(1));
  auto rw = p.b.poll();
  REQUIRE(rw.size() == 1);
  CHECK(rw[0].opcode == ports::WcOpcode::RecvRdmaWithImm);
  REQUIRE(rw[0].imm_data.has_value());
  CHECK(*rw[0].imm_data == 0xCAFEu);
  CHECK(rw[0].byte_len == 300);
  CHECK(std::equal(p.a.buffer.begin(), p.a.buffer.begin() + 300, p.b.buffer.begin() + 4096));
}

TEST_CASE("RDMA WRITE violations complete with REM_ACCESS_ERR, QP to ERR, rest flushed") {
  struct Case {
    const char* name;
    std::uint64_t offset;  // relative to the peer MR's start
    std::uint32_t len;
    bool wrong_key;
    std::uint32_t peer_access;
  };
  const std::uint32_t rw = ports::kAccessLocalWrite | ports::kAccessRemoteWrite;
  const Case cases[] = {
      {"past the end", 65536 - 100, 200, false, rw},
      {"before the start", static_cast<std::uint64_t>(-8), 16, false, rw},
      {"wrong rkey", 0, 64, true, rw},
      {"MR without remote write", 0, 64, false, ports::kAccessLocalWrite},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    RnicPair p(1, 65536, 256, rw);
    if (c.peer_access != rw) {
      // Re-register the peer's buffer without remote write access.
      REQUIRE(p.b.rnic->dereg_mr(p.b.mr.handle).ok());
      p.b.mr = *p.b.rnic->reg_mr(p.b.pd, p.b.buffer, c.peer_access);
    }
    REQUIRE(p.connect());
    REQUIRE(p.recv(p.b, 900, 0, 64).ok());
    const std::uint32_t rkey = c.wrong_key ? p.b.mr.rkey ^ 0x100 : p.b.mr.rkey;
    REQUIRE(p.write(p.a, p.b, 1, 0, c.len, p.b.mr.addr + c.offset, rkey).ok());
    REQUIRE(p.write(p.a, p.b, 2, 0, 16, p.b.mr.addr, p.b.mr.rkey).ok());
    REQUIRE(p.write(p.a, p.b, 3, 0, 16, p.b.mr.addr, p.b.mr.rkey).ok());
    p.run(ms(5));
    auto wcs = p.a.poll();
    REQUIRE(wcs.size() == 3);
    CHECK(wcs[0].wr_id == 1);
    CHECK(wcs[0].status == WcStatus::RemAccessErr);
    CHECK(wcs[1].status == WcStatus::WrFlushErr);
    CHECK(wcs[2].status == WcStatus::WrFlushErr);
    CHECK(state_of(p.a) == QpState::Err);
    // The responder (class C error) goes to ERR too: its receive is flushed, and it
    // raises IBV_EVENT_QP_ACCESS_ERR.
    CHECK(state_of(p.b) == QpState::Err);
    auto rwcs = p.b.poll();
    REQUIRE(rwcs.size() == 1);
    CHECK(rwcs[0].wr_id == 900);
    CHECK(rwcs[0].status == WcStatus::WrFlushErr);
    CHECK(p.b.handler.saw(ports::AsyncEventType::QpAccessErr));
    // Not a byte written.
    CHECK(std::all_of(p.b.buffer.begin(), p.b.buffer.end(), [](std::uint8_t x) { return x == 0; }));
    // A send posted to a QP in ERR is accepted and flushed at once.
    REQUIRE(p.write(p.a, p.b, 4, 0, 16, p.b.mr.addr, p.b.mr.rkey).ok());
    p.run(us(1));
    auto late = p.a.poll();
    REQUIRE(late.size() == 1);
    CHECK(late[0].status == WcStatus::WrFlushErr);
  }
}

TEST_CASE("SEND without a posted receive: RNR NAKs, then RNR_RETRY_EXC_ERR") {
  RnicPair p;
  REQUIRE(p.connect(7, /*rnr_retry=*/3));
  REQUIRE(p.send(p.a, 1, 0, 44).ok());
  p.run(seconds(2));
  auto wcs = p.a.poll();
  REQUIRE(wcs.size() == 1);
  CHECK(wcs[0].status == WcStatus::RnrRetryExcErr);
  CHECK(state_of(p.a) == QpState::Err);
  CHECK(p.b.rnic->counters().rnr_naks_sent == 4);  // the first try + 3 retries
  CHECK(state_of(p.b) == QpState::Rts);             // RNR is not an error for the responder
}

TEST_CASE("RNR with retry 7 waits forever and delivers once a receive is posted") {
  RnicPair p;
  REQUIRE(p.connect(7, 7));
  fill_pattern(p.a.buffer, 0, 44, 1);
  REQUIRE(p.send(p.a, 1, 0, 44).ok());
  p.run(ms(50));
  CHECK(p.a.poll().empty());
  REQUIRE(p.recv(p.b, 2, 1000, 48).ok());
  p.run(ms(50));
  auto wcs = p.a.poll();
  REQUIRE(wcs.size() == 1);
  CHECK(wcs[0].status == WcStatus::Success);
  CHECK(std::equal(p.a.buffer.begin(), p.a.buffer.begin() + 44, p.b.buffer.begin() + 1000));
}

TEST_CASE("SEND larger than the posted receive: LOC_LEN_ERR at the responder, REM_INV_REQ_ERR at the requester") {
  RnicPair p;
  REQUIRE(p.connect());
  REQUIRE(p.recv(p.b, 1, 0, 32).ok());
  REQUIRE(p.send(p.a, 9, 0, 44).ok());
  p.run(ms(1));
  auto r = p.b.poll();
  REQUIRE(r.size() == 1);
  CHECK(r[0].status == WcStatus::LocLenErr);
  auto s = p.a.poll();
  REQUIRE(s.size() == 1);
  CHECK(s[0].status == WcStatus::RemInvReqErr);
  CHECK(state_of(p.a) == QpState::Err);
  CHECK(state_of(p.b) == QpState::Err);
}

TEST_CASE("Bad local key: LOC_PROT_ERR completion, QP to ERR") {
  RnicPair p;
  REQUIRE(p.connect());
  ports::Sge sge{p.a.mr.addr, 16, p.a.mr.lkey + 1};
  ports::SendWr wr;
  wr.wr_id = 3;
  wr.opcode = ports::SendOpcode::RdmaWrite;
  wr.sg_list = {&sge, 1};
  wr.remote_addr = p.b.mr.addr;
  wr.rkey = p.b.mr.rkey;
  REQUIRE(p.a.rnic->post_send(p.a.qp, wr).ok());
  p.run(us(1));
  auto wcs = p.a.poll();
  REQUIRE(wcs.size() == 1);
  CHECK(wcs[0].status == WcStatus::LocProtErr);
  CHECK(state_of(p.a) == QpState::Err);
}

TEST_CASE("Blackholed QP pair (drop LGR silently): RETRY_EXC_ERR after retry_cnt timeouts") {
  RnicPair p;
  REQUIRE(p.connect(/*retry_cnt=*/2, 7, /*timeout=*/14));
  p.b.rnic->set_qp_blackhole(p.b.qp, true);
  REQUIRE(p.write(p.a, p.b, 1, 0, 64, p.b.mr.addr, p.b.mr.rkey).ok());
  REQUIRE(p.write(p.a, p.b, 2, 0, 64, p.b.mr.addr, p.b.mr.rkey).ok());
  // Timeout 14 = 4.096 us * 2^14 = 67.1 ms; 1 try + 2 retries = 3 timeouts.
  p.run(ms(200));
  CHECK(p.a.poll().empty());
  p.run(ms(10));
  auto wcs = p.a.poll();
  REQUIRE(wcs.size() == 2);
  CHECK(wcs[0].status == WcStatus::RetryExcErr);
  CHECK(wcs[1].status == WcStatus::WrFlushErr);
  CHECK(p.a.rnic->counters().retransmissions == 2 * 2);
  CHECK(std::all_of(p.b.buffer.begin(), p.b.buffer.end(), [](std::uint8_t x) { return x == 0; }));
}

TEST_CASE("A lost ACK is answered by retransmission without writing twice") {
  RnicPair p;
  REQUIRE(p.connect());
  REQUIRE(p.recv(p.b, 1, 0, 64).ok());
  REQUIRE(p.recv(p.b, 2, 64, 64).ok());
  // Messages: #1 SEND a->b, #2 its ACK (dropped), #3 retransmitted SEND, #4 re-ACK.
  p.fabric.drop_message_indices({2});
  REQUIRE(p.send(p.a, 10, 0, 20).ok());
  p.run(ms(200));
  auto s = p.a.poll();
  REQUIRE(s.size() == 1);
  CHECK(s[0].status == WcStatus::Success);
  auto r = p.b.poll();
  CHECK(r.size() == 1);  // the duplicate consumed no second receive
  CHECK(p.a.rnic->counters().retransmissions == 1);
}

TEST_CASE("Per-direction reachability: a->b broken, b->a working") {
  RnicPair p;
  REQUIRE(p.connect(1, 7, 10));
  p.fabric.set_reachable(p.a.gid, p.b.gid, false);
  fill_pattern(p.b.buffer, 0, 8, 0x11);
  REQUIRE(p.write(p.a, p.b, 1, 0, 8, p.b.mr.addr + 512, p.b.mr.rkey).ok());
  REQUIRE(p.write(p.b, p.a, 2, 0, 8, p.a.mr.addr + 512, p.a.mr.rkey).ok());
  p.run(ms(100));
  // b's write reaches a (that direction works) ...
  CHECK(std::equal(p.b.buffer.begin(), p.b.buffer.begin() + 8, p.a.buffer.begin() + 512));
  // ... but a's ACK does not come back, so both requesters end with RETRY_EXC_ERR.
  auto wa = p.a.poll();
  auto wb = p.b.poll();
  REQUIRE(wa.size() == 1);
  REQUIRE(wb.size() == 1);
  CHECK(wa[0].status == WcStatus::RetryExcErr);
  CHECK(wb[0].status == WcStatus::RetryExcErr);
  CHECK(p.b.buffer[512] == 0);  // a's write never arrived
  CHECK(p.fabric.counters().messages_dropped > 0);
}
