#pragma once
// Two simulated RNICs joined by a direct RoCE fabric, one RC queue pair each, and a
// burst of 64 KiB RDMA WRITEs from one into the other's registered ring: shared by the
// Google Benchmark case (bench/rdma_bench.cc) and `bench/run` (bench/figures).
//
// A burst posts kInFlight writes (the send queue depth SMC uses; selective signaling, the
// last WR signaled, as verbs bulk streams do) and runs the simulator until the completion
// arrives: post_send, PSN accounting, fabric delivery, rkey/bounds/access checks,
// placement into the peer's MR, ACK, completion and poll_cq, with the kernel trace
// hashing every record. The bytes are copied once, from the sender's registered memory
// straight into the receiver's.
#include <memory>
#include <vector>

#include "sim/kernel/simulator.h"
#include "sim/rnic/rnic_profiles.h"
#include "sim/rnic/roce_fabric.h"
#include "sim/rnic/sim_rnic.h"

namespace smc::bench::rdma {

using namespace smc::sim;

constexpr std::uint32_t kWrite = 64 * 1024;
constexpr std::uint32_t kInFlight = 16;
constexpr std::uint32_t kRing = kWrite * kInFlight;  // 1 MiB receive area

struct Side {
  std::unique_ptr<SimRnic> rnic;
  ports::PdHandle pd;
  ports::CqHandle cq;
  std::vector<std::uint8_t> mem;
  ports::MemoryRegion mr;
  ports::CreatedQp qp;
  ports::Gid gid{};
};

struct Stream {
  Stream() : sim(Seed{1}), fabric(sim, "rdma-fabric", us(2)) {
    make(a, "client/rnic0", "10.0.0.1", 1, kWrite);
    make(b, "server/rnic0", "10.0.0.2", 2, kRing);
    up(a, b);
    up(b, a);
    a.rnic->set_event_handler(&notifier);
  }
  void make(Side& s, const char* name, const char* ip, std::uint8_t mac, std::uint32_t size) {
    RnicNetdev nd;
    nd.mac = {2, 0, 0, 0, 0, mac};
    nd.ipv4 = {ip};
    s.rnic = std::make_unique<SimRnic>(sim, name, fabric, make_rnic_attributes(ports::RnicType::Mlx5, name, nd));
    s.pd = *s.rnic->alloc_pd();
    s.cq = *s.rnic->create_cq(1024);
    s.mem.assign(size, 0x5a);
    s.mr = *s.rnic->reg_mr(s.pd, s.mem, ports::kAccessLocalWrite | ports::kAccessRemoteWrite);
    s.qp = *s.rnic->create_qp(ports::QpCreate{s.pd, s.cq, s.cq, {kInFlight, 16, 1, 1}, false});
    s.gid = s.rnic->attributes().ports[0].gids[3].gid;  // RoCEv2 IPv4 GID
  }
  static void up(Side& self, const Side& peer) {
    ports::QpModify m;
    m.target = ports::QpState::Init;
    m.access = ports::kAccessLocalWrite | ports::kAccessRemoteWrite;
    (void)self.rnic->modify_qp(self.qp.handle, m);
    m.target = ports::QpState::Rtr;
    m.path_mtu = ports::PathMtu::Mtu4096;
    m.dest_qp_num = peer.qp.qp_num;
    m.remote_gid = peer.gid;
    m.sgid_index = 3;
    (void)self.rnic->modify_qp(self.qp.handle, m);
    m.target = ports::QpState::Rts;
    (void)self.rnic->modify_qp(self.qp.handle, m);
  }

  // Posts kInFlight writes and runs the world until all have completed.
  bool burst() {
    for (std::uint32_t i = 0; i < kInFlight; ++i) {
      ports::Sge sge{a.mr.addr, kWrite, a.mr.lkey};
      ports::SendWr wr;
      wr.wr_id = i;
      wr.opcode = ports::SendOpcode::RdmaWrite;
      wr.signaled = i + 1 == kInFlight;
      wr.sg_list = {&sge, 1};
      wr.remote_addr = b.mr.addr + std::uint64_t{i} * kWrite;
      wr.rkey = b.mr.rkey;
      if (!a.rnic->post_send(a.qp.handle, wr).ok()) return false;
    }
    // Wait as a verbs consumer does: for the completion notification, then poll.
    notifier.fired = false;
    auto st = sim.run_until([&] { return notifier.fired; });
    ports::WorkCompletion wcs[4];
    auto n = a.rnic->poll_cq(a.cq, wcs);
    return st.ok() && n.ok() && *n == 1 && wcs[0].status == ports::WcStatus::Success;
  }

  struct Notifier : ports::RnicEventHandler {
    bool fired = false;
    void on_completion(ports::CqHandle) override { fired = true; }
    void on_async_event(const ports::AsyncEvent&) override {}
  };

  Simulator sim;
  DirectRoceFabric fabric;
  Notifier notifier;
  Side a;
  Side b;
};

}  // namespace smc::bench::rdma
