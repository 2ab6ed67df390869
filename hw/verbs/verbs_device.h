#pragma once
// ports::RnicDevice on libibverbs (rdma-core): one opened ibv_context. Handles name the
// verbs objects (ibv_pd, ibv_mr, ibv_cq, ibv_qp) kept in ordered maps, so a stale handle
// is refused with EINVAL as in the simulator.
//
// Events: the device has one completion channel for all its CQs and its async fd, both
// non-blocking and watched by the EventLoop. A CQ is re-armed (ibv_req_notify_cq) before
// its handler is told, and events are acknowledged at once, so the engine polls as it
// does in the simulator and never re-arms. Handlers run from the loop, never from a verb.
//
// Declared deviations from the simulated RNIC (docs/hw-backend.md):
//   - WorkCompletion::solicited is always false: ibv_wc does not carry the SE bit;
//   - an error completion's opcode comes from the WR this device remembers for that
//     wr_id (ibv_wc leaves it undefined); a receive error reports Recv;
//   - PortAttributes::pnetid is empty (the kernel's pnet table is not visible to verbs);
//   - RnicAttributes::netns is "init" unless told otherwise (no verbs query for it).
#include <infiniband/verbs.h>

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "hw/loop/event_loop.h"
#include "hw/verbs/device_profile.h"
#include "protocol/ports/rnic.h"

namespace smc::hw {

class VerbsDevice final : public ports::RnicDevice {
 public:
  // Opens the named device (ibv_get_device_list + ibv_open_device) and reads its
  // attributes, ports and GID tables. NoDevice when no device has that name.
  static ports::VerbsResult<std::unique_ptr<VerbsDevice>> open(EventLoop& loop, const std::string& name);
  ~VerbsDevice() override;
  VerbsDevice(const VerbsDevice&) = delete;
  VerbsDevice& operator=(const VerbsDevice&) = delete;

  const ports::RnicAttributes& attributes() const override { return attrs_; }
  ports::VerbsResult<ports::PortAttributes> query_port(std::uint8_t port) const override;
  void set_event_handler(ports::RnicEventHandler* handler) override { handler_ = handler; }
  ports::VerbsResult<ports::PdHandle> alloc_pd() override;
  ports::VerbsStatus dealloc_pd(ports::PdHandle pd) override;
  ports::VerbsResult<ports::MemoryRegion> reg_mr(ports::PdHandle pd, std::span<std::uint8_t> memory,
                                                 std::uint32_t access) override;
  ports::VerbsStatus dereg_mr(ports::MrHandle mr) override;
  ports::VerbsResult<ports::CqHandle> create_cq(std::uint32_t cqe) override;
  ports::VerbsStatus destroy_cq(ports::CqHandle cq) override;
  ports::VerbsResult<std::size_t> poll_cq(ports::CqHandle cq, std::span<ports::WorkCompletion> out) override;
  ports::VerbsResult<ports::CreatedQp> create_qp(const ports::QpCreate& attr) override;
  ports::VerbsStatus modify_qp(ports::QpHandle qp, const ports::QpModify& attr) override;
  ports::VerbsResult<ports::QpAttributes> query_qp(ports::QpHandle qp) const override;
  ports::VerbsStatus destroy_qp(ports::QpHandle qp) override;
  ports::VerbsStatus post_send(ports::QpHandle qp, const ports::SendWr& wr) override;
  ports::VerbsStatus post_recv(ports::QpHandle qp, const ports::RecvWr& wr) override;

  // eRDMA's reserved rendezvous ports (empty for other devices): see device_profile.h.
  const ReservedPortRange& reserved_oob_ports() const { return oob_ports_; }

 private:
  struct Qp {
    ibv_qp* qp = nullptr;
    std::uint32_t send_cq = 0, recv_cq = 0;
    std::uint32_t max_send_wr = 0;
    std::uint8_t port_num = 1;  // set on RESET -> INIT, used by the RTR address vector
    // Posted send WRs not yet known complete, oldest first: names the opcode of an error
    // completion, whose ibv_wc opcode is undefined.
    std::deque<std::pair<std::uint64_t, ports::SendOpcode>> outstanding;
  };

  VerbsDevice(EventLoop& loop, ibv_context* context);
  ports::VerbsStatus load_attributes();
  ports::VerbsResult<ports::PortAttributes> read_port(std::uint8_t port_num, const ibv_port_attr& pa) const;
  void probe_cur_qp_state();
  void on_completion_channel();
  void on_async_fd();
  Qp* qp_by_handle(ports::QpHandle h);
  ports::WorkCompletion convert(const ibv_wc& wc);

  EventLoop& loop_;
  ibv_context* context_ = nullptr;
  ibv_comp_channel* channel_ = nullptr;
  ports::RnicAttributes attrs_;
  ReservedPortRange oob_ports_;
  ports::RnicEventHandler* handler_ = nullptr;
  bool removed_ = false;

  std::map<std::uint32_t, ibv_pd*> pds_;
  std::map<std::uint32_t, ibv_mr*> mrs_;
  std::map<std::uint32_t, ibv_cq*> cqs_;
  std::map<std::uint32_t, Qp> qps_;
  std::map<std::uint32_t, std::uint32_t> qp_ids_by_num_;
  std::uint32_t next_id_ = 1;  // one counter for all handle kinds: a handle is never reused
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::hw
