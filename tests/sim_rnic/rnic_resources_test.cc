// Resource limits (hit at exactly their value), injected verb failures, CQ overflow,
// port down/up and device removal on the simulated RNIC.
#include <doctest/doctest.h>

#include "tests/sim_rnic/rnic_pair.h"

using namespace smc;
using namespace smc::sim;
using namespace smc::sim::testing;
using ports::QpState;
using ports::VerbsError;
using ports::WcStatus;

namespace {
struct Solo {
  explicit Solo(ports::RnicLimits limits) : sim(Seed{3}), fabric(sim, "rdma-fabric", us(5)) {
    auto attrs = rxe_attributes("rnic0", "10.0.0.1", 1);
    attrs.limits = limits;
    rnic = std::make_unique<SimRnic>(sim, "host/rnic0", fabric, attrs);
  }
  Simulator sim;
  DirectRoceFabric fabric;
  std::unique_ptr<SimRnic> rnic;
};
ports::RnicLimits small_limits() {
  ports::RnicLimits l;
  l.max_pd = 2;
  l.max_qp = 3;
  l.max_cq = 2;
  l.max_cqe = 16;
  l.max_mr = 4;
  l.max_mr_size = 8192;
  l.max_qp_wr = 8;
  l.max_sge = 2;
  return l;
}
}  // namespace

TEST_CASE("PD, CQ, MR and QP limits are hit at exactly their value") {
  Solo s(small_limits());
  auto& r = *s.rnic;
  auto pd = r.alloc_pd();
  REQUIRE(pd.ok());
  REQUIRE(r.alloc_pd().ok());
  auto pd3 = r.alloc_pd();
  REQUIRE_FALSE(pd3.ok());
  CHECK(pd3.error() == VerbsError::NoMemory);

  REQUIRE(r.create_cq(16).ok());  // max_cqe itself is allowed
  CHECK(r.create_cq(17).error() == VerbsError::InvalidArgument);
  auto cq = r.create_cq(8);
  REQUIRE(cq.ok());
  CHECK(r.create_cq(8).error() == VerbsError::NoMemory);  // third CQ, max_cq = 2

  std::vector<std::uint8_t> mem(8193);
  CHECK(r.reg_mr(*pd, mem, ports::kAccessLocalWrite).error() == VerbsError::InvalidArgument);  // > max_mr_size
  std::span<std::uint8_t> ok_span(mem.data(), 8192);
  for (int i = 0; i < 4; ++i) REQUIRE(r.reg_mr(*pd, ok_span, ports::kAccessLocalWrite).ok());
  auto mr5 = r.reg_mr(*pd, ok_span, ports::kAccessLocalWrite);
  REQUIRE_FALSE(mr5.ok());
  CHECK(mr5.error() == VerbsError::NoMemory);

  ports::QpCreate qc;
  qc.pd = *pd;
  qc.send_cq = *cq;
  qc.recv_cq = *cq;
  qc.cap = {8, 8, 2, 2};
  for (int i = 0; i < 3; ++i) REQUIRE(r.create_qp(qc).ok());
  CHECK(r.create_qp(qc).error() == VerbsError::NoMemory);
  qc.cap.max_send_wr = 9;
  CHECK(r.create_qp(qc).error() == VerbsError::InvalidArgument);  // > max_qp_wr
  qc.cap = {8, 8, 3, 2};
  CHECK(r.create_qp(qc).error() == VerbsError::InvalidArgument);  // > max_sge
}

TEST_CASE("Send queue depth is enforced at max_send_wr (ENOMEM), recv queue at max_recv_wr") {
  RnicPair p;
  REQUIRE(p.connect());
  p.b.rnic->set_qp_blackhole(p.b.qp, true);  // nothing completes, the queue fills
  for (int i = 0; i < 16; ++i) REQUIRE(p.write(p.a, p.b, i, 0, 8, p.b.mr.addr, p.b.mr.rkey).ok());
  auto full = p.write(p.a, p.b, 99, 0, 8, p.b.mr.addr, p.b.mr.rkey);
  REQUIRE_FALSE(full.ok());
  CHECK(full.error() == VerbsError::NoMemory);
  for (int i = 0; i < 48; ++i) REQUIRE(p.recv(p.a, i, 0, 8).ok());
  CHECK(p.recv(p.a, 48, 0, 8).error() == VerbsError::NoMemory);
}

TEST_CASE("Injected failures: create_qp, modify to RTR, reg_mr") {
  RnicPair p;
  auto& r = *p.a.rnic;
  r.faults().fail_reg_mr = 1;
  std::vector<std::uint8_t> mem(64);
  CHECK(r.reg_mr(p.a.pd, mem, ports::kAccessLocalWrite).error() == VerbsError::NoMemory);
  CHECK(r.reg_mr(p.a.pd, mem, ports::kAccessLocalWrite).ok());  // only the next one failed

  r.faults().fail_create_qp = 1;
  ports::QpCreate qc;
  qc.pd = p.a.pd;
  qc.send_cq = p.a.cq;
  qc.recv_cq = p.a.cq;
  CHECK(r.create_qp(qc).error() == VerbsError::NoMemory);

  // SMC's 0x09990002 case: the QP cannot be brought to RTR.
  r.faults().fail_modify_qp = 1;
  r.faults().fail_modify_qp_to = QpState::Rtr;
  CHECK_FALSE(p.connect());
  CHECK(r.query_qp(p.a.qp)->qp_state == QpState::Init);
}

TEST_CASE("CQ overflow puts the CQ in error with IBV_EVENT_CQ_ERR and the QP in ERR") {
  RnicPair p(1, 65536, /*cqe=*/4);
  REQUIRE(p.connect());
  for (int i = 0; i < 6; ++i) REQUIRE(p.write(p.a, p.b, i, 0, 8, p.b.mr.addr, p.b.mr.rkey).ok());
  p.run(ms(1));
  auto polled = p.a.rnic->poll_cq(p.a.cq, std::span<ports::WorkCompletion>());
  REQUIRE_FALSE(polled.ok());
  CHECK(polled.error() == VerbsError::IoError);
  CHECK(p.a.handler.saw(ports::AsyncEventType::CqErr));
  CHECK(p.a.handler.saw(ports::AsyncEventType::QpFatal));
  CHECK(p.a.rnic->query_qp(p.a.qp)->qp_state == QpState::Err);
}

TEST_CASE("Injected CQ overflow on the next completion") {
  RnicPair p;
  REQUIRE(p.connect());
  p.a.rnic->inject_cq_overflow(p.a.cq);
  REQUIRE(p.write(p.a, p.b, 1, 0, 8, p.b.mr.addr, p.b.mr.rkey).ok());
  p.run(ms(1));
  CHECK(p.a.handler.saw(ports::AsyncEventType::CqErr));
}

TEST_CASE("Port down: PORT_ERR event, query_port shows DOWN, sends end in RETRY_EXC_ERR; up again: PORT_ACTIVE") {
  RnicPair p;
  REQUIRE(p.connect(1, 7, 10));
  p.b.rnic->set_port_state(1, ports::PortState::Down);
  p.run(us(1));
  CHECK(p.b.handler.saw(ports::AsyncEventType::PortError));
  CHECK(p.b.rnic->query_port(1)->state == ports::PortState::Down);
  REQUIRE(p.write(p.a, p.b, 1, 0, 8, p.b.mr.addr, p.b.mr.rkey).ok());
  p.run(ms(50));
  auto wcs = p.a.poll();
  REQUIRE(wcs.size() == 1);
  CHECK(wcs[0].status == WcStatus::RetryExcErr);
  p.b.rnic->set_port_state(1, ports::PortState::Active);
  p.run(us(1));
  CHECK(p.b.handler.saw(ports::AsyncEventType::PortActive));
  CHECK(p.b.rnic->query_port(1)->state == ports::PortState::Active);
}

TEST_CASE("Device removal: DEVICE_FATAL, WRs flushed, then ENODEV") {
  RnicPair p;
  REQUIRE(p.connect());
  REQUIRE(p.recv(p.b, 1, 0, 8).ok());
  REQUIRE(p.recv(p.b, 2, 0, 8).ok());
  p.b.rnic->remove_device();
  p.run(us(1));
  CHECK(p.b.handler.saw(ports::AsyncEventType::DeviceFatal));
  auto wcs = p.b.poll();  // poll_cq still drains the flushed receives
  REQUIRE(wcs.size() == 2);
  CHECK(wcs[0].status == WcStatus::WrFlushErr);
  CHECK(wcs[1].status == WcStatus::WrFlushErr);
  CHECK(p.b.rnic->alloc_pd().error() == VerbsError::NoDevice);
  CHECK(p.b.rnic->query_port(1).error() == VerbsError::NoDevice);
  CHECK(p.recv(p.b, 3, 0, 8).error() == VerbsError::NoDevice);
}

TEST_CASE("cur_qp_state: reported by current devices, left at RESET by 6.1's rxe") {
  RnicPair p;
  REQUIRE(p.connect());
  auto q = p.a.rnic->query_qp(p.a.qp);
  CHECK(q->qp_state == QpState::Rts);
  CHECK(q->cur_qp_state == QpState::Rts);

  Simulator sim(Seed{1});
  DirectRoceFabric fabric(sim, "f", us(1));
  auto attrs = rxe_attributes("rxe0", "10.0.0.9", 9);
  attrs.caps.reports_cur_qp_state = false;
  SimRnic old_rxe(sim, "old/rxe0", fabric, attrs);
  auto pd = *old_rxe.alloc_pd();
  auto cq = *old_rxe.create_cq(4);
  ports::QpCreate qc{pd, cq, cq, {}, false};
  auto qp = *old_rxe.create_qp(qc);
  ports::QpModify m;
  m.target = QpState::Init;
  REQUIRE(old_rxe.modify_qp(qp.handle, m).ok());
  CHECK(old_rxe.query_qp(qp.handle)->qp_state == QpState::Init);
  CHECK(old_rxe.query_qp(qp.handle)->cur_qp_state == QpState::Reset);
}

TEST_CASE("Device profiles: eRDMA part 0x107f, RoCEv2-only GIDs; mlx5 has RoCEv1 and v2") {
  RnicNetdev nd;
  nd.mac = {0x02, 0, 0, 0, 0, 1};
  nd.ipv4 = {"10.1.2.3"};
  auto e = make_rnic_attributes(ports::RnicType::Erdma, "erdma_0", nd);
  CHECK(e.vendor_part_id == 0x107f);
  CHECK(e.caps.iwarp_rendezvous);
  CHECK_FALSE(e.caps.ipv6);
  for (const auto& g : e.ports[0].gids) CHECK(g.type == ports::GidType::RoceV2);
  auto m = make_rnic_attributes(ports::RnicType::Mlx5, "mlx5_0", nd);
  REQUIRE(m.ports[0].gids.size() == 4);  // link-local v1, v2; IPv4 v1, v2
  CHECK(m.ports[0].gids[2].type == ports::GidType::RoceV1);
  CHECK(ports::format_gid(m.ports[0].gids[3].gid) == "0000:0000:0000:0000:0000:ffff:0a01:0203");
  CHECK(ports::format_gid(m.ports[0].gids[0].gid) == "fe80:0000:0000:0000:0000:00ff:fe00:0001");
}
