#pragma once
// A verbs-level model of one RDMA device implementing ports::RnicDevice: PD/MR/CQ/QP
// objects with the device's limits enforced at exactly their value, the RC QP state
// machine (qp_state_rules.h), and the RC transport between devices over a RoceFabric:
// SEND/RECV matching with RNR NAKs, RDMA WRITE (with immediate) into the peer's
// registered memory after its key, bounds and access checks, PSNs advanced per MTU-sized
// packet, ACK timeouts and retries, and the error behaviour of a real device (error
// completion, QP to ERR, outstanding WRs flushed with IBV_WC_WR_FLUSH_ERR).
//
// Verbs never call the event handler re-entrantly: completions and async events are
// announced from a separate simulated event at the same virtual time.
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "protocol/ports/rnic.h"
#include "sim/rnic/completion_queue.h"
#include "sim/kernel/actor.h"
#include "sim/rnic/memory_region_table.h"
#include "sim/rnic/rnic_faults.h"
#include "sim/rnic/roce_fabric.h"

namespace smc::sim {

struct RnicCounters {
  std::uint64_t messages_sent = 0;  // requests, first transmissions
  std::uint64_t packets_sent = 0;   // MTU-sized request packets, first transmissions
  std::uint64_t retransmissions = 0;
  std::uint64_t rnr_naks_sent = 0;
  std::uint64_t bytes_written = 0;  // bytes placed into this device's memory by peers
};

class SimRnic final : public Actor, public ports::RnicDevice, public RoceEndpoint {
 public:
  // `name` is the actor's readable path ("server/rnic0"); QPs trace as "<name>/qp<num>".
  // The device registers its GIDs with `fabric`.
  SimRnic(Simulator& sim, std::string name, RoceFabric& fabric, ports::RnicAttributes attributes);
  ~SimRnic() override;
  SimRnic(const SimRnic&) = delete;
  SimRnic& operator=(const SimRnic&) = delete;

  // ports::RnicDevice
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

  // RoceEndpoint
  void receive(const RocePacket& packet) override;

  // ---- the world's controls
  RnicFaults& faults() { return faults_; }
  // Carrier loss / return on a port: async PORT_ERR / PORT_ACTIVE; while down, nothing
  // leaves or enters through the port (outstanding sends end in RETRY_EXC_ERR).
  void set_port_state(std::uint8_t port, ports::PortState state);
  // Hot-unplug: DEVICE_FATAL, every QP to ERR with its WRs flushed, then every verb but
  // poll_cq fails with ENODEV.
  void remove_device();
  bool removed() const { return removed_; }
  // "Drop LGR silently": everything this QP sends or receives vanishes, no error anywhere
  // until the transport retries run out.
  void set_qp_blackhole(ports::QpHandle qp, bool on);
  // The next completion added to `cq` overflows it.
  void inject_cq_overflow(ports::CqHandle cq);

  const RnicCounters& counters() const { return counters_; }
  // Verbs objects alive now (a leak check once every user is gone: the fuzz campaign).
  struct Resources {
    std::size_t pds = 0, mrs = 0, cqs = 0, qps = 0;
  };
  Resources resources() const { return {pds_.size(), mrs_.size(), cqs_.size(), qps_.size()}; }
  // For a fabric or test: is this MR registration still alive?
  bool mr_alive(std::uint32_t id, std::uint32_t generation) const { return mrs_.valid(id, generation); }

 private:
  struct SendWqe {
    std::uint64_t wr_id = 0;
    ports::SendOpcode opcode = ports::SendOpcode::Send;
    std::vector<PayloadSegment> payload;
    std::uint32_t length = 0;
    bool signaled = true;
    bool solicited = false;
    std::uint32_t imm_data = 0;
    std::uint64_t remote_addr = 0;
    std::uint32_t rkey = 0;
    bool sent = false;
    std::uint32_t psn = 0;  // first PSN, valid once sent
    std::uint32_t packets = 1;
  };
  struct RecvWqe {
    std::uint64_t wr_id = 0;
    std::vector<ports::Sge> sges;
  };
  struct Qp {
    std::uint32_t id = 0;
    std::uint32_t qp_num = 0;
    std::string actor;
    std::uint32_t pd = 0;
    std::uint32_t send_cq = 0;
    std::uint32_t recv_cq = 0;
    ports::QpCapabilities cap;
    bool sq_sig_all = false;
    ports::QpState state = ports::QpState::Reset;
    ports::QpModify attr;      // last values of every attribute set
    std::uint32_t next_psn = 0;      // requester: PSN of the next new message
    std::uint32_t expected_psn = 0;  // responder
    std::deque<SendWqe> sq;          // posted, not yet completed (sent ones first)
    std::deque<RecvWqe> rq;
    std::uint32_t retries = 0;       // timeouts since the last progress
    std::uint32_t rnr_retries = 0;   // RNR NAKs since the last progress
    std::uint64_t timer_generation = 0;  // bumped to invalidate the pending retry/RNR event
    EventId timer_event;                 // that event, cancelled when re-armed
    bool retry_timer_pending = false;    // timer_event is the ACK timeout (not an RNR wait)
    SimTime retry_deadline;              // when the ACK timeout really expires
    bool blackholed = false;
  };

  bool usable() const { return !removed_; }
  Qp* qp_by_handle(ports::QpHandle h);
  const Qp* qp_by_handle(ports::QpHandle h) const;
  Qp* qp_by_num(std::uint32_t qpn);
  bool port_up(std::uint8_t port) const;
  const ports::Gid* sgid(const Qp& qp) const;

  // Transport (sim_rnic_transport.cc).
  void transmit_pending(Qp& qp);
  void send_wqe(Qp& qp, SendWqe& wqe, bool retransmission);
  void arm_retry_timer(Qp& qp);
  void cancel_timer(Qp& qp);
  void schedule_retry_event(Qp& qp, SimTime at);
  void on_retry_timer(std::uint32_t qp_id, std::uint64_t generation);
  void on_rnr_wait_over(std::uint32_t qp_id, std::uint64_t generation);
  void handle_request(Qp& qp, const RocePacket& p);
  void handle_response(Qp& qp, const RocePacket& p);
  void complete_acked(Qp& qp, std::uint32_t acked_psn);
  void send_ack(const Qp& qp, const RocePacket& request, RoceOpcode opcode, NakCode nak);
  bool copy_into(const RocePacket& p, std::uint8_t* dst, std::uint32_t len);
  bool scatter_into_recv(Qp& qp, const RocePacket& p, const RecvWqe& wqe, ports::WcStatus& status);

  // Errors and completions (sim_rnic.cc).
  void fail_qp(Qp& qp, ports::WcStatus first_status, std::optional<ports::AsyncEventType> event);
  void flush_qp(Qp& qp);
  void push_completion(Qp& qp, std::uint32_t cq_id, const ports::WorkCompletion& wc);
  void post_async(ports::AsyncEvent event);
  void schedule_notify();
  void trace_as(std::string_view actor, std::string_view kind, std::initializer_list<TraceField> fields = {}) {
    simulator().trace().record(now(), actor, kind, fields);
  }

  RoceFabric& fabric_;
  ports::RnicAttributes attrs_;
  ports::RnicEventHandler* handler_ = nullptr;
  RnicFaults faults_;
  RnicCounters counters_;
  bool removed_ = false;
  bool in_post_send_ = false;
  const RocePacket* rx_request_ = nullptr;  // the request being answered (trace merging)
  bool rx_traced_ = false;

  std::set<std::uint32_t> pds_;
  std::uint32_t next_pd_ = 1;
  MemoryRegionTable mrs_;
  std::map<std::uint32_t, std::unique_ptr<CompletionQueue>> cqs_;
  std::uint32_t next_cq_ = 1;
  std::map<std::uint32_t, std::unique_ptr<Qp>> qps_;
  std::map<std::uint32_t, std::uint32_t> qp_ids_by_num_;
  std::uint32_t next_qp_ = 1;
  std::uint32_t next_qp_num_;

  // Deferred handler calls: completions per CQ (ordered), async events in order.
  std::set<std::uint32_t> notify_cqs_;
  std::vector<ports::AsyncEvent> pending_events_;
  bool notify_scheduled_ = false;
  // Lifetime guard for scheduled events: they check it before touching the device.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::sim
