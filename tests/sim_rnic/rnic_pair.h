#pragma once
// Test fixture: two simulated RNICs on a DirectRoceFabric, each with a PD, a CQ, a
// registered buffer, and one RC QP, connected the way SMC brings up a link
// (RESET -> INIT -> RTR -> RTS on both ends).
#include <cstdint>
#include <memory>
#include <vector>

#include "protocol/ports/rnic.h"
#include "sim/kernel/simulator.h"
#include "sim/rnic/rnic_profiles.h"
#include "sim/rnic/roce_fabric.h"
#include "sim/rnic/sim_rnic.h"

namespace smc::sim::testing {

struct RecordingHandler : ports::RnicEventHandler {
  std::vector<ports::AsyncEvent> events;
  int completion_calls = 0;
  void on_completion(ports::CqHandle) override { ++completion_calls; }
  void on_async_event(const ports::AsyncEvent& e) override { events.push_back(e); }
  bool saw(ports::AsyncEventType t) const {
    for (const auto& e : events)
      if (e.type == t) return true;
    return false;
  }
};

struct Endpoint {
  std::unique_ptr<SimRnic> rnic;
  RecordingHandler handler;
  ports::PdHandle pd;
  ports::CqHandle cq;
  std::vector<std::uint8_t> buffer;
  ports::MemoryRegion mr;
  ports::QpHandle qp;
  std::uint32_t qp_num = 0;
  std::uint32_t sgid_index = 0;  // the RoCEv2 IPv4 GID
  ports::Gid gid{};

  std::vector<ports::WorkCompletion> poll() {
    std::vector<ports::WorkCompletion> out(64);
    auto n = rnic->poll_cq(cq, out);
    out.resize(n.ok() ? *n : 0);
    return out;
  }
};

inline ports::RnicAttributes rxe_attributes(const char* name, const char* ip, std::uint8_t mac_last) {
  RnicNetdev nd;
  nd.name = "eth0";
  nd.mac = {0x02, 0, 0, 0, 0, mac_last};
  nd.ipv4 = {ip};
  return make_rnic_attributes(ports::RnicType::Rxe, name, nd);
}

struct RnicPair {
  explicit RnicPair(std::uint64_t seed = 1, std::uint32_t buffer_size = 65536, std::uint32_t cqe = 256,
                    std::uint32_t access = ports::kAccessLocalWrite | ports::kAccessRemoteWrite)
      : sim(Seed{seed}), fabric(sim, "rdma-fabric", us(5)) {
    setup(a, "client/rnic0", "10.0.0.1", 1, buffer_size, cqe, access);
    setup(b, "server/rnic0", "10.0.0.2", 2, buffer_size, cqe, access);
  }

  void setup(Endpoint& e, const char* name, const char* ip, std::uint8_t mac, std::uint32_t size, std::uint32_t cqe,
             std::uint32_t access) {
    e.rnic = std::make_unique<SimRnic>(sim, name, fabric, rxe_attributes(name + 7, ip, mac));
    e.rnic->set_event_handler(&e.handler);
    e.pd = *e.rnic->alloc_pd();
    e.cq = *e.rnic->create_cq(cqe);
    e.buffer.assign(size, 0);
    e.mr = *e.rnic->reg_mr(e.pd, e.buffer, access);
    ports::QpCreate qc;
    qc.pd = e.pd;
    qc.send_cq = e.cq;
    qc.recv_cq = e.cq;
    auto qp = *e.rnic->create_qp(qc);
    e.qp = qp.handle;
    e.qp_num = qp.qp_num;
    // rxe: index 0 = link-local (v2), 1 = the IPv4 address (v2).
    e.sgid_index = 1;
    e.gid = e.rnic->attributes().ports[0].gids[1].gid;
  }

  // RESET -> INIT -> RTR -> RTS on both ends; false if any step failed.
  bool connect(std::uint8_t retry_cnt = 7, std::uint8_t rnr_retry = 7, std::uint8_t timeout = 14) {
    return bring_up(a, b, retry_cnt, rnr_retry, timeout) && bring_up(b, a, retry_cnt, rnr_retry, timeout);
  }
  static bool bring_up(Endpoint& self, const Endpoint& peer, std::uint8_t retry_cnt, std::uint8_t rnr_retry,
                       std::uint8_t timeout) {
    ports::QpModify m;
    m.target = ports::QpState::Init;
    m.port_num = 1;
    m.access = ports::kAccessLocalWrite | ports::kAccessRemoteWrite;
    if (!self.rnic->modify_qp(self.qp, m).ok()) return false;
    m.target = ports::QpState::Rtr;
    m.path_mtu = ports::PathMtu::Mtu1024;
    m.dest_qp_num = peer.qp_num;
    m.rq_psn = 1000 + peer.qp_num;
    m.remote_gid = peer.gid;
    m.sgid_index = self.sgid_index;
    if (!self.rnic->modify_qp(self.qp, m).ok()) return false;
    m.target = ports::QpState::Rts;
    m.sq_psn = 1000 + self.qp_num;
    m.retry_cnt = retry_cnt;
    m.rnr_retry = rnr_retry;
    m.timeout = timeout;
    return self.rnic->modify_qp(self.qp, m).ok();
  }

  ports::VerbsStatus write(Endpoint& from, const Endpoint& to, std::uint64_t wr_id, std::uint32_t local_off,
                           std::uint32_t len, std::uint64_t remote_addr, std::uint32_t rkey,
                           ports::SendOpcode op = ports::SendOpcode::RdmaWrite) {
    ports::Sge sge{from.mr.addr + local_off, len, from.mr.lkey};
    ports::SendWr wr;
    wr.wr_id = wr_id;
    wr.opcode = op;
    wr.sg_list = std::span<const ports::Sge>(&sge, 1);
    wr.remote_addr = remote_addr;
    wr.rkey = rkey;
    (void)to;
    return from.rnic->post_send(from.qp, wr);
  }

  ports::VerbsStatus send(Endpoint& from, std::uint64_t wr_id, std::uint32_t local_off, std::uint32_t len,
                          bool solicited = true) {
    ports::Sge sge{from.mr.addr + local_off, len, from.mr.lkey};
    ports::SendWr wr;
    wr.wr_id = wr_id;
    wr.opcode = ports::SendOpcode::Send;
    wr.sg_list = std::span<const ports::Sge>(&sge, 1);
    wr.solicited = solicited;
    return from.rnic->post_send(from.qp, wr);
  }

  ports::VerbsStatus recv(Endpoint& at, std::uint64_t wr_id, std::uint32_t local_off, std::uint32_t len) {
    ports::Sge sge{at.mr.addr + local_off, len, at.mr.lkey};
    ports::RecvWr wr;
    wr.wr_id = wr_id;
    wr.sg_list = std::span<const ports::Sge>(&sge, 1);
    return at.rnic->post_recv(at.qp, wr);
  }

  void run(SimDuration d) { (void)sim.run_for(d); }

  // Declaration order matters: the devices go before the fabric and the simulator.
  Simulator sim;
  DirectRoceFabric fabric;
  Endpoint a;
  Endpoint b;
};

}  // namespace smc::sim::testing
