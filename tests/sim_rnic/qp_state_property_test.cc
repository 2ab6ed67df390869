// Property: the simulated QP accepts exactly the modify/post calls a real device accepts.
// Random sequences of ibv_modify_qp / ibv_post_send / ibv_post_recv are run against the
// device and against a small model written from the IB spec's QP state diagram
// (vol. 1 fig. 124 / ModifyQP table) and the posting rules of ch. 10.8.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <set>
#include <utility>

#include "tests/sim_rnic/rnic_pair.h"

using namespace smc;
using namespace smc::sim;
using namespace smc::sim::testing;
using ports::QpState;

namespace {

// The model, independent of sim/rnic/qp_state_rules.cc.
bool model_legal(QpState from, QpState to) {
  static const std::set<std::pair<QpState, QpState>> kEdges = {
      {QpState::Reset, QpState::Init}, {QpState::Init, QpState::Init}, {QpState::Init, QpState::Rtr},
      {QpState::Rtr, QpState::Rts},    {QpState::Rts, QpState::Rts},   {QpState::Rts, QpState::Sqd},
      {QpState::Sqd, QpState::Sqd},    {QpState::Sqd, QpState::Rts},   {QpState::Sqe, QpState::Rts},
  };
  if (to == QpState::Reset || to == QpState::Err) return true;  // from any state
  return kEdges.count({from, to}) != 0;
}
bool model_send_ok(QpState s) { return s != QpState::Reset && s != QpState::Init && s != QpState::Rtr; }
bool model_recv_ok(QpState s) { return s != QpState::Reset; }

}  // namespace

TEST_CASE("QP accepts modify/post calls exactly as the state model allows") {
  CHECK(rc::check("modify/post vs the IB state model", [](const std::vector<std::uint8_t>& raw) {
    Simulator sim(Seed{7});
    DirectRoceFabric fabric(sim, "rdma-fabric", us(5));
    SimRnic rnic(sim, "host/rnic0", fabric, rxe_attributes("rnic0", "10.0.0.1", 1));
    auto pd = *rnic.alloc_pd();
    auto cq = *rnic.create_cq(4096);
    std::vector<std::uint8_t> mem(256);
    auto mr = *rnic.reg_mr(pd, mem, ports::kAccessLocalWrite | ports::kAccessRemoteWrite);
    ports::QpCreate qc{pd, cq, cq, {128, 128, 1, 1}, false};
    auto qp = *rnic.create_qp(qc);

    QpState model = QpState::Reset;
    const std::size_t n = std::min<std::size_t>(raw.size(), 60);
    int flushed = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned op = raw[i] % 9;
      if (op <= 6) {
        const auto to = static_cast<QpState>(op);
        ports::QpModify m;
        m.target = to;
        m.remote_gid = rnic.attributes().ports[0].gids[1].gid;
        m.sgid_index = 1;
        m.dest_qp_num = 99;
        const bool ok = rnic.modify_qp(qp.handle, m).ok();
        RC_ASSERT(ok == model_legal(model, to));
        if (ok) model = to;
      } else {
        ports::Sge sge{mr.addr, 8, mr.lkey};
        bool ok;
        if (op == 7) {
          ports::SendWr wr;
          wr.opcode = ports::SendOpcode::Send;
          wr.sg_list = {&sge, 1};
          ok = rnic.post_send(qp.handle, wr).ok();
          RC_ASSERT(ok == model_send_ok(model));
        } else {
          ports::RecvWr wr;
          wr.sg_list = {&sge, 1};
          ok = rnic.post_recv(qp.handle, wr).ok();
          RC_ASSERT(ok == model_recv_ok(model));
        }
        if (ok && model == QpState::Err) ++flushed;
      }
      RC_ASSERT(rnic.query_qp(qp.handle)->qp_state == model);
    }
    // Every WR posted in ERR completes with IBV_WC_WR_FLUSH_ERR (no sim run needed).
    std::vector<ports::WorkCompletion> wcs(4096);
    const std::size_t got = *rnic.poll_cq(cq, wcs);
    int flush_count = 0;
    for (std::size_t i = 0; i < got; ++i)
      if (wcs[i].status == ports::WcStatus::WrFlushErr) ++flush_count;
    RC_ASSERT(flush_count >= flushed);
  }));
}
