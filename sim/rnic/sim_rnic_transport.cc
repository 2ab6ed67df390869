// The RC transport of SimRnic: requester (PSNs, retransmission on ACK timeout, RNR
// waits) and responder (PSN check, resources, rkey/bounds/access checks, placement),
// in the order an RC responder makes its checks (IB spec 9.7; rxe's responder follows
// the same order: PSN, opcode, resources, length, rkey).
#include <fmt/format.h>

#include <cstring>

#include "sim/rnic/ib_timers.h"
#include "sim/rnic/qp_state_rules.h"
#include "sim/rnic/sim_rnic.h"

namespace smc::sim {

using namespace ports;

namespace {

// PSNs are 24-bit serial numbers: a - b as a signed 24-bit distance.
std::int32_t psn_diff(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>((a - b) << 8) >> 8;
}
std::uint32_t psn_add(std::uint32_t a, std::uint32_t n) { return (a + n) & 0xffffff; }

bool is_send_op(SendOpcode op) { return op == SendOpcode::Send || op == SendOpcode::SendWithImm; }

}  // namespace

// ---------------------------------------------------------------- requester

void SimRnic::transmit_pending(Qp& qp) {
  if (qp.state != QpState::Rts) return;
  bool had_outstanding = false;
  bool sent_new = false;
  for (auto& wqe : qp.sq) {
    if (wqe.sent) {
      had_outstanding = true;
      continue;
    }
    send_wqe(qp, wqe, false);
    sent_new = true;
  }
  if (sent_new && !had_outstanding) arm_retry_timer(qp);
}

void SimRnic::send_wqe(Qp& qp, SendWqe& wqe, bool retransmission) {
  if (!wqe.sent) {
    const std::uint32_t mtu = mtu_bytes(qp.attr.path_mtu);
    wqe.packets = wqe.length == 0 ? 1 : (wqe.length + mtu - 1) / mtu;
    wqe.psn = qp.next_psn;
    qp.next_psn = psn_add(qp.next_psn, wqe.packets);
    wqe.sent = true;
    counters_.messages_sent += 1;
    counters_.packets_sent += wqe.packets;
  } else if (retransmission) {
    counters_.retransmissions += 1;
  }
  const Gid* src = sgid(qp);
  RocePacket p;
  p.opcode = wire_opcode(wqe.opcode);
  p.src_gid = src ? *src : Gid{};
  p.dst_gid = qp.attr.remote_gid;
  p.src_qpn = qp.qp_num;
  p.dest_qpn = qp.attr.dest_qp_num;
  p.psn = wqe.psn;
  p.packets = wqe.packets;
  p.length = wqe.length;
  p.solicited = wqe.solicited;
  p.imm_data = wqe.imm_data;
  p.remote_addr = wqe.remote_addr;
  p.rkey = wqe.rkey;
  p.source = this;
  p.payload = wqe.payload;
  const bool dropped = qp.blackholed || removed_ || !port_up(qp.attr.port_num) || !src;
  // Inside post_send the first transmission is the verb's record too.
  const std::string_view kind = dropped          ? "rnic.tx-drop"
                                : retransmission ? "rnic.tx-retry"
                                : in_post_send_  ? "rnic.post_send"
                                                 : "rnic.tx";
  trace_qp_packet(simulator().trace(), now(), qp.actor, kind, p, wqe.wr_id, true);
  if (!dropped) fabric_.transmit(std::move(p));
}

void SimRnic::cancel_timer(Qp& qp) {
  qp.timer_generation++;
  if (qp.timer_event.seq) cancel(qp.timer_event);
  qp.timer_event = EventId{};
  qp.retry_timer_pending = false;
}

// The ACK timeout restarts on every acknowledged message. Rather than cancel and
// re-schedule an event per ACK, the deadline moves and the pending event, when it fires
// early, re-schedules itself for the new deadline: one event per idle period.
void SimRnic::arm_retry_timer(Qp& qp) {
  const std::int64_t timeout = ack_timeout_ns(qp.attr.timeout);
  if (timeout == 0) {  // timeout 0: wait forever
    cancel_timer(qp);
    return;
  }
  qp.retry_deadline = now() + SimDuration::from_ns(timeout);
  if (qp.retry_timer_pending && simulator().pending(qp.timer_event)) return;
  cancel_timer(qp);
  schedule_retry_event(qp, qp.retry_deadline);
}

void SimRnic::schedule_retry_event(Qp& qp, SimTime at) {
  const std::uint64_t generation = qp.timer_generation;
  std::weak_ptr<bool> alive = alive_;
  const std::uint32_t id = qp.id;
  qp.retry_timer_pending = true;
  qp.timer_event = schedule_at(at, [this, alive, id, generation] {
    if (!alive.expired()) on_retry_timer(id, generation);
  });
}

void SimRnic::on_retry_timer(std::uint32_t qp_id, std::uint64_t generation) {
  Qp* qp = qp_by_handle(QpHandle{qp_id});
  if (!qp || qp->timer_generation != generation) return;
  qp->retry_timer_pending = false;
  if (qp->state != QpState::Rts && qp->state != QpState::Sqd) return;
  if (qp->sq.empty() || !qp->sq.front().sent) return;
  if (now() < qp->retry_deadline) {  // progress since this event was scheduled
    schedule_retry_event(*qp, qp->retry_deadline);
    return;
  }
  if (++qp->retries > qp->attr.retry_cnt) {
    fail_qp(*qp, WcStatus::RetryExcErr, std::nullopt);
    return;
  }
  // Go-back-N from the oldest unacknowledged message.
  for (auto& wqe : qp->sq)
    if (wqe.sent) send_wqe(*qp, wqe, true);
  arm_retry_timer(*qp);
}

void SimRnic::on_rnr_wait_over(std::uint32_t qp_id, std::uint64_t generation) {
  Qp* qp = qp_by_handle(QpHandle{qp_id});
  if (!qp || qp->timer_generation != generation) return;
  if (qp->state != QpState::Rts && qp->state != QpState::Sqd) return;
  bool any = false;
  for (auto& wqe : qp->sq)
    if (wqe.sent) {
      send_wqe(*qp, wqe, true);
      any = true;
    }
  if (any) arm_retry_timer(*qp);
}

void SimRnic::complete_acked(Qp& qp, std::uint32_t acked_psn) {
  bool progress = false;
  while (!qp.sq.empty() && qp.sq.front().sent &&
         psn_diff(psn_add(qp.sq.front().psn, qp.sq.front().packets - 1), acked_psn) <= 0) {
    const SendWqe w = std::move(qp.sq.front());
    qp.sq.pop_front();
    progress = true;
    if (w.signaled)
      push_completion(qp, qp.send_cq,
                      WorkCompletion{w.wr_id, WcStatus::Success,
                                     is_send_op(w.opcode) ? WcOpcode::Send : WcOpcode::RdmaWrite, w.length, qp.qp_num,
                                     std::nullopt, false});
    if (qp.state == QpState::Err) return;  // the completion overflowed the CQ
  }
  if (!progress) return;
  qp.retries = 0;
  qp.rnr_retries = 0;
  if (!qp.sq.empty() && qp.sq.front().sent)
    arm_retry_timer(qp);
  else
    cancel_timer(qp);
}

void SimRnic::handle_response(Qp& qp, const RocePacket& p) {
  if (qp.state != QpState::Rts && qp.state != QpState::Sqd && qp.state != QpState::Sqe) return;
  if (p.opcode == RoceOpcode::Ack) {
    complete_acked(qp, p.psn);
    return;
  }
  // A NAK for PSN n acknowledges everything before n.
  complete_acked(qp, psn_add(p.psn, 0xffffff));
  if (qp.state == QpState::Err || qp.sq.empty() || !qp.sq.front().sent || qp.sq.front().psn != p.psn) return;
  switch (p.nak) {
    case NakCode::Rnr: {
      // rnr_retry 7 means "retry forever" (IB spec 9.7.5.2.8).
      if (qp.attr.rnr_retry != 7 && ++qp.rnr_retries > qp.attr.rnr_retry) {
        fail_qp(qp, WcStatus::RnrRetryExcErr, std::nullopt);
        return;
      }
      cancel_timer(qp);
      const std::uint64_t generation = qp.timer_generation;
      std::weak_ptr<bool> alive = alive_;
      const std::uint32_t id = qp.id;
      qp.timer_event = schedule_after(SimDuration::from_ns(rnr_timer_ns(p.rnr_timer)), [this, alive, id, generation] {
        if (!alive.expired()) on_rnr_wait_over(id, generation);
      });
      return;
    }
    case NakCode::RemoteAccess: fail_qp(qp, WcStatus::RemAccessErr, std::nullopt); return;
    case NakCode::InvalidRequest: fail_qp(qp, WcStatus::RemInvReqErr, std::nullopt); return;
    case NakCode::RemoteOperation: fail_qp(qp, WcStatus::RemOpErr, std::nullopt); return;
    case NakCode::PsnSequence:
      for (auto& wqe : qp.sq)
        if (wqe.sent) send_wqe(qp, wqe, true);
      arm_retry_timer(qp);
      return;
  }
}

// ---------------------------------------------------------------- responder

void SimRnic::receive(const RocePacket& p) {
  if (removed_) return;
  Qp* qp = qp_by_num(p.dest_qpn);
  const bool drop = !qp || qp->blackholed || !port_up(qp->attr.port_num) || p.src_qpn != qp->attr.dest_qp_num ||
                    p.src_gid != qp->attr.remote_gid;
  if (drop) {
    trace_packet(simulator().trace(), now(), qp ? std::string_view(qp->actor) : std::string_view(name()),
                 "rnic.rx-drop", p);
    return;
  }
  if (p.opcode == RoceOpcode::Ack || p.opcode == RoceOpcode::Nak) {
    // An arriving ACK is not traced again: the responder's rx record names it (resp=ACK)
    // and a bulk stream would otherwise pay one more record per message.
    if (p.opcode == RoceOpcode::Nak) trace_qp_packet(simulator().trace(), now(), qp->actor, "rnic.rx", p, std::nullopt, false);
    handle_response(*qp, p);
    return;
  }
  // One record per request at the responder, written when its answer is known.
  rx_request_ = &p;
  rx_traced_ = false;
  handle_request(*qp, p);
  if (!rx_traced_) trace_rx_request(simulator().trace(), now(), qp->actor, p, nullptr);
  rx_request_ = nullptr;
}

void SimRnic::send_ack(const Qp& qp, const RocePacket& request, RoceOpcode opcode, NakCode nak) {
  RocePacket a;
  a.opcode = opcode;
  a.src_gid = request.dst_gid;
  a.dst_gid = request.src_gid;
  a.src_qpn = qp.qp_num;
  a.dest_qpn = request.src_qpn;
  a.nak = nak;
  a.rnr_timer = qp.attr.min_rnr_timer;
  // ACK carries the last PSN of the message; a NAK the PSN of the message refused.
  a.psn = opcode == RoceOpcode::Ack ? psn_add(request.psn, request.packets - 1) : request.psn;
  const bool dropped = qp.blackholed || removed_ || !port_up(qp.attr.port_num);
  if (rx_request_ && !rx_traced_) {
    trace_rx_request(simulator().trace(), now(), qp.actor, *rx_request_, &a);
    rx_traced_ = true;
    if (dropped) trace_qp_packet(simulator().trace(), now(), qp.actor, "rnic.tx-drop", a, std::nullopt, false);
  } else {
    trace_qp_packet(simulator().trace(), now(), qp.actor, dropped ? "rnic.tx-drop" : "rnic.tx", a, std::nullopt, false);
  }
  if (!dropped) fabric_.transmit(std::move(a));
}

bool SimRnic::copy_into(const RocePacket& p, std::uint8_t* dst, std::uint32_t len) {
  std::uint32_t done = 0;
  for (const auto& seg : p.payload) {
    const std::uint32_t n = std::min(seg.length, len - done);
    if (n) std::memcpy(dst + done, seg.data, n);
    done += n;
  }
  return done == len;
}

bool SimRnic::scatter_into_recv(Qp& qp, const RocePacket& p, const RecvWqe& wqe, WcStatus& status) {
  struct Target {
    std::uint8_t* host;
    std::uint32_t length;
  };
  std::vector<Target> targets;
  std::uint64_t capacity = 0;
  for (const Sge& sge : wqe.sges) {
    std::uint8_t* host = nullptr;
    const SimMr* mr = nullptr;
    if (mrs_.translate(sge.lkey, qp.pd, sge.addr, sge.length, kAccessLocalWrite, host, mr) != Translate::Ok) {
      status = WcStatus::LocProtErr;
      return false;
    }
    targets.push_back({host, sge.length});
    capacity += sge.length;
  }
  if (p.length > capacity) {
    status = WcStatus::LocLenErr;
    return false;
  }
  // Gather from the sender's segments straight into the receive buffers: one copy.
  std::size_t t = 0;
  std::uint32_t t_off = 0;
  for (const auto& seg : p.payload) {
    std::uint32_t s_off = 0;
    while (s_off < seg.length) {
      while (targets[t].length == t_off) {
        ++t;
        t_off = 0;
      }
      const std::uint32_t n = std::min(seg.length - s_off, targets[t].length - t_off);
      std::memcpy(targets[t].host + t_off, seg.data + s_off, n);
      s_off += n;
      t_off += n;
    }
  }
  status = WcStatus::Success;
  return true;
}

void SimRnic::handle_request(Qp& qp, const RocePacket& p) {
  if (!qp_responds(qp.state)) return;  // RESET/INIT/ERR: silently discarded
  const std::int32_t d = psn_diff(p.psn, qp.expected_psn);
  if (d < 0) {
    // Duplicate (our ACK was lost): acknowledge again, never execute twice.
    RocePacket dup = p;
    dup.psn = psn_add(qp.expected_psn, 0xffffff);
    dup.packets = 1;
    send_ack(qp, dup, RoceOpcode::Ack, NakCode::Rnr);
    return;
  }
  if (d > 0) return;  // behind an RNR-refused message: the requester goes back to it
  // The sender's memory must still be registered (it is read only now).
  for (const auto& seg : p.payload)
    if (!p.source || !p.source->mr_alive(seg.mr_id, seg.mr_generation)) return;

  const bool is_write = p.opcode == RoceOpcode::RdmaWrite || p.opcode == RoceOpcode::RdmaWriteWithImm;
  const bool needs_recv = p.opcode != RoceOpcode::RdmaWrite;
  if (is_write && !(qp.attr.access & kAccessRemoteWrite)) {
    send_ack(qp, p, RoceOpcode::Nak, NakCode::InvalidRequest);
    fail_qp(qp, WcStatus::WrFlushErr, AsyncEventType::QpReqErr);
    return;
  }
  if (needs_recv && qp.rq.empty()) {
    counters_.rnr_naks_sent += 1;
    send_ack(qp, p, RoceOpcode::Nak, NakCode::Rnr);
    return;
  }
  if (is_write) {
    std::uint8_t* host = nullptr;
    const SimMr* mr = nullptr;
    const Translate t = mrs_.translate(p.rkey, qp.pd, p.remote_addr, p.length, kAccessRemoteWrite, host, mr);
    if (t != Translate::Ok) {
      trace_as(qp.actor, "rnic.rkey-violation",
               {{"rkey", TraceValue::hex(p.rkey)},
                {"va", TraceValue::hex(p.remote_addr)},
                {"len", p.length},
                {"cause", t == Translate::BadKey     ? "bad-key"
                          : t == Translate::WrongPd  ? "wrong-pd"
                          : t == Translate::NoAccess ? "no-remote-write"
                                                     : "out-of-range"}});
      send_ack(qp, p, RoceOpcode::Nak, NakCode::RemoteAccess);
      // Class C responder error: this QP goes to ERR as well, its receives flushed.
      fail_qp(qp, WcStatus::WrFlushErr, AsyncEventType::QpAccessErr);
      return;
    }
    copy_into(p, host, p.length);
    counters_.bytes_written += p.length;
  }
  if (needs_recv) {
    RecvWqe wqe = std::move(qp.rq.front());
    qp.rq.pop_front();
    WorkCompletion wc{wqe.wr_id, WcStatus::Success,
                      p.opcode == RoceOpcode::RdmaWriteWithImm ? WcOpcode::RecvRdmaWithImm : WcOpcode::Recv, p.length,
                      qp.qp_num, std::nullopt, p.solicited};
    if (p.opcode == RoceOpcode::SendWithImm || p.opcode == RoceOpcode::RdmaWriteWithImm) wc.imm_data = p.imm_data;
    if (!is_write) {
      WcStatus status = WcStatus::Success;
      if (!scatter_into_recv(qp, p, wqe, status)) {
        wc.status = status;
        wc.byte_len = 0;
        wc.imm_data.reset();
        push_completion(qp, qp.recv_cq, wc);
        send_ack(qp, p, RoceOpcode::Nak,
                 status == WcStatus::LocLenErr ? NakCode::InvalidRequest : NakCode::RemoteOperation);
        qp.state = QpState::Err;
        cancel_timer(qp);
        flush_qp(qp);
        post_async(AsyncEvent{AsyncEventType::QpFatal, 0, QpHandle{qp.id}, std::nullopt});
        return;
      }
      counters_.bytes_written += p.length;
    }
    push_completion(qp, qp.recv_cq, wc);
  }
  qp.expected_psn = psn_add(qp.expected_psn, p.packets);
  send_ack(qp, p, RoceOpcode::Ack, NakCode::Rnr);
}

}  // namespace smc::sim
