// The verbs backend on a real device. Without a device (CI) only enumeration runs: it
// must answer an empty list cleanly. With SMC_HW_DEVICE naming a device (rxe0 in the
// kernel lab), a loopback RC QP pair on it moves 1 MiB by SEND/RECV and 1 MiB by RDMA
// WRITE with verified bytes, as the engine's data path does.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "hw/loop/event_loop.h"
#include "hw/verbs/verbs_directory.h"

using namespace smc;
using namespace smc::ports;
using namespace smc::hw;

namespace {

std::unique_ptr<EventLoop> make_loop() {
  auto loop = EventLoop::create();
  REQUIRE(loop.ok());
  return std::move(loop.value());
}

const char* device_under_test() {
  const char* name = std::getenv("SMC_HW_DEVICE");
  return name && *name ? name : nullptr;
}

// Collects completions as the engine would: told by the device, then polling.
struct Collector final : RnicEventHandler {
  RnicDevice* dev = nullptr;
  std::vector<WorkCompletion> wcs;
  std::vector<AsyncEvent> events;
  void on_completion(CqHandle cq) override {
    WorkCompletion batch[16];
    for (;;) {
      auto n = dev->poll_cq(cq, batch);
      REQUIRE(n.ok());
      wcs.insert(wcs.end(), batch, batch + *n);
      if (*n < std::size(batch)) break;
    }
  }
  void on_async_event(const AsyncEvent& e) override { events.push_back(e); }
  std::optional<WorkCompletion> take(std::uint64_t wr_id) {
    auto it = std::find_if(wcs.begin(), wcs.end(), [&](const WorkCompletion& w) { return w.wr_id == wr_id; });
    if (it == wcs.end()) return std::nullopt;
    WorkCompletion w = *it;
    wcs.erase(it);
    return w;
  }
};

std::vector<std::uint8_t> pattern(std::size_t n, std::uint32_t seed) {
  std::vector<std::uint8_t> b(n);
  for (auto& v : b) {
    seed = seed * 1664525u + 1013904223u;
    v = static_cast<std::uint8_t>(seed >> 24);
  }
  return b;
}

// A RoCEv2 GID of port 1, IPv4-mapped preferred (what SMC-Rv2 on rxe uses).
const GidEntry* pick_gid(const PortAttributes& port) {
  const GidEntry* best = nullptr;
  for (const auto& g : port.gids) {
    if (g.type != GidType::RoceV2) continue;
    const bool v4 = g.gid[10] == 0xff && g.gid[11] == 0xff &&
                    std::all_of(g.gid.begin(), g.gid.begin() + 10, [](std::uint8_t b) { return b == 0; });
    if (!best || v4) best = &g;
    if (v4) break;
  }
  return best;
}

}  // namespace

TEST_CASE("device enumeration: sorted names, empty and clean where there is no RDMA") {
  const auto names = rdma_device_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  struct stat st{};
  if (::stat("/sys/class/infiniband", &st) != 0) CHECK(names.empty());
  auto loop = make_loop();
  VerbsDirectory dir(*loop);
  CHECK(dir.devices().size() + dir.open_failures().size() == names.size());
  for (auto* d : dir.devices()) CHECK_FALSE(d->attributes().name.empty());
  MESSAGE("RDMA devices on this host: " << names.size());
}

TEST_CASE("opening a device that does not exist is ENODEV") {
  auto loop = make_loop();
  auto dev = VerbsDevice::open(*loop, "smcsim-no-such-device");
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error() == VerbsError::NoDevice);
}

TEST_CASE("loopback RC QP pair on SMC_HW_DEVICE: SEND/RECV and RDMA WRITE of 1 MiB, verified") {
  const char* name = device_under_test();
  if (!name) {
    MESSAGE("SKIPPED: SMC_HW_DEVICE is not set (e.g. SMC_HW_DEVICE=rxe0): no device data-path test on this host");
    return;
  }
  auto loop = make_loop();
  auto opened = VerbsDevice::open(*loop, name);
  if (!opened) FAIL("cannot open " << name << ": " << to_string(opened.error()));
  VerbsDevice& dev = **opened;
  const RnicAttributes& a = dev.attributes();
  MESSAGE("device " << a.name << " type " << to_string(a.type) << " vendor " << a.vendor_id << " part "
                    << a.vendor_part_id << " cur_qp_state reported: " << a.caps.reports_cur_qp_state);
  CHECK(a.name == name);
  REQUIRE_FALSE(a.ports.empty());
  const PortAttributes& port = a.ports[0];
  CHECK(port.port_num == 1);
  CHECK(port.state == PortState::Active);
  const GidEntry* gid = pick_gid(port);
  if (!gid) FAIL("no RoCEv2 GID on port 1 of " << name);
  MESSAGE("using GID index " << gid->index << " " << format_gid(gid->gid) << " on " << gid->netdev);

  CHECK(a.limits.max_qp > 0);
  CHECK(a.limits.max_cqe > 0);
  if (a.type == RnicType::Rxe) {
    CHECK(a.caps.roce_v2_only);
    for (const auto& g : port.gids) CHECK(g.type == GidType::RoceV2);  // rxe has no RoCEv1 GIDs
  }
  CHECK_FALSE(port.netdev.empty());
  CHECK(port.mac != MacAddress{});

  Collector col;
  col.dev = &dev;
  dev.set_event_handler(&col);

  auto pd = dev.alloc_pd();
  REQUIRE(pd.ok());
  auto scq = dev.create_cq(64);
  auto rcq = dev.create_cq(64);
  REQUIRE(scq.ok());
  REQUIRE(rcq.ok());
  QpCreate qc{*pd, *scq, *rcq, QpCapabilities{16, 16, 1, 1}, false};
  auto qa = dev.create_qp(qc);
  auto qb = dev.create_qp(qc);
  REQUIRE(qa.ok());
  REQUIRE(qb.ok());
  CHECK(qa->qp_num != qb->qp_num);
  CHECK(qa->cap.max_send_wr >= 16);

  auto bring_up = [&](const CreatedQp& self, const CreatedQp& peer, std::uint32_t my_psn, std::uint32_t peer_psn) {
    QpModify m;
    m.target = QpState::Init;
    m.port_num = 1;
    m.access = kAccessLocalWrite | kAccessRemoteWrite;
    REQUIRE(dev.modify_qp(self.handle, m).ok());
    m.target = QpState::Rtr;
    m.path_mtu = port.active_mtu;
    m.dest_qp_num = peer.qp_num;
    m.rq_psn = peer_psn;
    m.remote_gid = gid->gid;
    m.sgid_index = gid->index;
    REQUIRE(dev.modify_qp(self.handle, m).ok());
    m.target = QpState::Rts;
    m.sq_psn = my_psn;
    REQUIRE(dev.modify_qp(self.handle, m).ok());
  };
  bring_up(*qa, *qb, 0x1000, 0x2000);
  bring_up(*qb, *qa, 0x2000, 0x1000);
  auto qattr = dev.query_qp(qa->handle);
  REQUIRE(qattr.ok());
  CHECK(qattr->qp_state == QpState::Rts);
  CHECK(qattr->dest_qp_num == qb->qp_num);
  CHECK(qattr->cur_qp_state == (a.caps.reports_cur_qp_state ? QpState::Rts : QpState::Reset));

  constexpr std::size_t kSize = 1 << 20;
  const auto src = pattern(kSize, 7);
  std::vector<std::uint8_t> send_buf = src, recv_buf(kSize, 0), write_dst(kSize, 0);
  auto mr_send = dev.reg_mr(*pd, send_buf, kAccessLocalWrite);
  auto mr_recv = dev.reg_mr(*pd, recv_buf, kAccessLocalWrite);
  auto mr_dst = dev.reg_mr(*pd, write_dst, kAccessLocalWrite | kAccessRemoteWrite);
  REQUIRE(mr_send.ok());
  REQUIRE(mr_recv.ok());
  REQUIRE(mr_dst.ok());

  SUBCASE("SEND/RECV of 1 MiB") {
    const Sge rs{mr_recv->addr, static_cast<std::uint32_t>(kSize), mr_recv->lkey};
    REQUIRE(dev.post_recv(qb->handle, RecvWr{100, std::span<const Sge>(&rs, 1)}).ok());
    const Sge ss{mr_send->addr, static_cast<std::uint32_t>(kSize), mr_send->lkey};
    SendWr w;
    w.wr_id = 1;
    w.opcode = SendOpcode::Send;
    w.sg_list = std::span<const Sge>(&ss, 1);
    REQUIRE(dev.post_send(qa->handle, w).ok());
    REQUIRE(loop->run_until([&] { return col.wcs.size() >= 2; }, 20 * kSecond));
    auto sent = col.take(1);
    auto got = col.take(100);
    REQUIRE(sent.has_value());
    REQUIRE(got.has_value());
    CHECK(sent->status == WcStatus::Success);
    CHECK(sent->opcode == WcOpcode::Send);
    CHECK(got->status == WcStatus::Success);
    CHECK(got->opcode == WcOpcode::Recv);
    CHECK(got->byte_len == kSize);
    CHECK(got->qp_num == qb->qp_num);
    CHECK(recv_buf == src);
  }

  SUBCASE("RDMA WRITE of 1 MiB, then WRITE with immediate") {
    const Sge ss{mr_send->addr, static_cast<std::uint32_t>(kSize), mr_send->lkey};
    SendWr w;
    w.wr_id = 2;
    w.opcode = SendOpcode::RdmaWrite;
    w.sg_list = std::span<const Sge>(&ss, 1);
    w.remote_addr = mr_dst->addr;
    w.rkey = mr_dst->rkey;
    REQUIRE(dev.post_send(qa->handle, w).ok());
    REQUIRE(loop->run_until([&] { return !col.wcs.empty(); }, 20 * kSecond));
    auto done = col.take(2);
    REQUIRE(done.has_value());
    CHECK(done->status == WcStatus::Success);
    CHECK(done->opcode == WcOpcode::RdmaWrite);
    CHECK(write_dst == src);

    // WRITE with immediate: 4 KiB more, and the receiver consumes a RECV carrying imm.
    REQUIRE(dev.post_recv(qb->handle, RecvWr{200, {}}).ok());
    const Sge small{mr_send->addr, 4096, mr_send->lkey};
    w.wr_id = 3;
    w.opcode = SendOpcode::RdmaWriteWithImm;
    w.sg_list = std::span<const Sge>(&small, 1);
    w.imm_data = 0x12345678;
    REQUIRE(dev.post_send(qa->handle, w).ok());
    REQUIRE(loop->run_until([&] { return col.wcs.size() >= 2; }, 20 * kSecond));
    auto imm = col.take(200);
    REQUIRE(imm.has_value());
    CHECK(imm->status == WcStatus::Success);
    CHECK(imm->opcode == WcOpcode::RecvRdmaWithImm);
    REQUIRE(imm->imm_data.has_value());
    CHECK(*imm->imm_data == 0x12345678u);
  }

  SUBCASE("RDMA WRITE with a wrong rkey: REM_ACCESS_ERR, reported as an RDMA WRITE completion") {
    const Sge ss{mr_send->addr, 4096, mr_send->lkey};
    SendWr w;
    w.wr_id = 4;
    w.opcode = SendOpcode::RdmaWrite;
    w.sg_list = std::span<const Sge>(&ss, 1);
    w.remote_addr = mr_dst->addr;
    w.rkey = mr_dst->rkey ^ 0x5a5a00;
    REQUIRE(dev.post_send(qa->handle, w).ok());
    REQUIRE(loop->run_until([&] { return !col.wcs.empty(); }, 20 * kSecond));
    auto failed = col.take(4);
    REQUIRE(failed.has_value());
    CHECK(failed->status == WcStatus::RemAccessErr);
    CHECK(failed->opcode == WcOpcode::RdmaWrite);
    auto st = dev.query_qp(qa->handle);
    REQUIRE(st.ok());
    CHECK(st->qp_state == QpState::Err);
  }

  SUBCASE("moving a QP to ERR flushes its posted receive with WR_FLUSH_ERR") {
    const Sge rs{mr_recv->addr, 64, mr_recv->lkey};
    REQUIRE(dev.post_recv(qb->handle, RecvWr{300, std::span<const Sge>(&rs, 1)}).ok());
    QpModify m;
    m.target = QpState::Err;
    REQUIRE(dev.modify_qp(qb->handle, m).ok());
    REQUIRE(loop->run_until([&] { return !col.wcs.empty(); }, 20 * kSecond));
    auto flushed = col.take(300);
    REQUIRE(flushed.has_value());
    CHECK(flushed->status == WcStatus::WrFlushErr);
    CHECK(flushed->opcode == WcOpcode::Recv);
  }

  auto busy_pd = dev.dealloc_pd(*pd);  // MRs and QPs still on it
  REQUIRE_FALSE(busy_pd.ok());
  CHECK(busy_pd.error() == VerbsError::Busy);
  auto busy_cq = dev.destroy_cq(*scq);  // QPs still use it
  REQUIRE_FALSE(busy_cq.ok());
  CHECK(busy_cq.error() == VerbsError::Busy);
  REQUIRE(dev.destroy_qp(qa->handle).ok());
  REQUIRE(dev.destroy_qp(qb->handle).ok());
  auto stale = dev.destroy_qp(qa->handle);
  REQUIRE_FALSE(stale.ok());
  CHECK(stale.error() == VerbsError::InvalidArgument);
  REQUIRE(dev.dereg_mr(mr_send->handle).ok());
  REQUIRE(dev.dereg_mr(mr_recv->handle).ok());
  REQUIRE(dev.dereg_mr(mr_dst->handle).ok());
  REQUIRE(dev.destroy_cq(*scq).ok());
  REQUIRE(dev.destroy_cq(*rcq).ok());
  REQUIRE(dev.dealloc_pd(*pd).ok());
}

TEST_CASE("port down and up on SMC_HW_NETDEV: IBV_EVENT_PORT_ERR then IBV_EVENT_PORT_ACTIVE") {
  const char* name = device_under_test();
  const char* netdev = std::getenv("SMC_HW_NETDEV");
  if (!name || !netdev || !*netdev) {
    MESSAGE("SKIPPED: needs SMC_HW_DEVICE and SMC_HW_NETDEV (the device's netdev, which this test takes down)");
    return;
  }
  auto loop = make_loop();
  auto opened = VerbsDevice::open(*loop, name);
  if (!opened) FAIL("cannot open " << name);
  Collector col;
  col.dev = opened->get();
  (*opened)->set_event_handler(&col);
  const std::string ip = std::getenv("SMC_HW_IP") ? std::getenv("SMC_HW_IP") : "ip";
  auto has = [&](AsyncEventType t) {
    return std::any_of(col.events.begin(), col.events.end(), [&](const AsyncEvent& e) { return e.type == t; });
  };
  REQUIRE(std::system((ip + " link set " + netdev + " down").c_str()) == 0);
  REQUIRE(loop->run_until([&] { return has(AsyncEventType::PortError); }, 10 * kSecond));
  CHECK(col.events.front().port_num == 1);
  auto down = (*opened)->query_port(1);
  REQUIRE(down.ok());
  CHECK(down->state != PortState::Active);
  REQUIRE(std::system((ip + " link set " + netdev + " up").c_str()) == 0);
  REQUIRE(loop->run_until([&] { return has(AsyncEventType::PortActive); }, 10 * kSecond));
  CHECK((*opened)->attributes().ports[0].state == PortState::Active);
}
