#include "sim/rnic/sim_rnic.h"

#include <fmt/format.h>

#include "sim/rnic/qp_state_rules.h"

namespace smc::sim {

using namespace ports;

namespace {
// First QP number per device kind: rxe hands out 17 first (its first 16 are reserved),
// hardware starts higher; SMC only ever copies the number, never interprets it.
std::uint32_t first_qp_num(RnicType type) {
  switch (type) {
    case RnicType::Rxe: return 17;
    case RnicType::Erdma: return 1;
    case RnicType::RoceExpress:
    case RnicType::Mlx5: return 0x100;
  }
  return 17;
}
}  // namespace

SimRnic::SimRnic(Simulator& sim, std::string name, RoceFabric& fabric, RnicAttributes attributes)
    : Actor(sim, std::move(name)),
      fabric_(fabric),
      attrs_(std::move(attributes)),
      next_qp_num_(first_qp_num(attrs_.type)) {
  for (const auto& port : attrs_.ports)
    for (const auto& g : port.gids) fabric_.attach(g.gid, this);
}

SimRnic::~SimRnic() {
  *alive_ = false;
  if (!removed_)
    for (const auto& port : attrs_.ports)
      for (const auto& g : port.gids) fabric_.detach(g.gid);
}

VerbsResult<PortAttributes> SimRnic::query_port(std::uint8_t port) const {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  for (const auto& p : attrs_.ports)
    if (p.port_num == port) return p;
  return unexpected(VerbsError::InvalidArgument);
}

bool SimRnic::port_up(std::uint8_t port) const {
  for (const auto& p : attrs_.ports)
    if (p.port_num == port) return p.state == PortState::Active;
  return false;
}

// ---------------------------------------------------------------- PD / MR / CQ

VerbsResult<PdHandle> SimRnic::alloc_pd() {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (pds_.size() >= attrs_.limits.max_pd) return unexpected(VerbsError::NoMemory);
  const std::uint32_t id = next_pd_++;
  pds_.insert(id);
  trace("rnic.alloc_pd", {{"pd", id}});
  return PdHandle{id};
}

VerbsStatus SimRnic::dealloc_pd(PdHandle pd) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (!pds_.count(pd.id)) return unexpected(VerbsError::InvalidArgument);
  if (mrs_.pd_in_use(pd.id)) return unexpected(VerbsError::Busy);
  for (const auto& [id, qp] : qps_)
    if (qp->pd == pd.id) return unexpected(VerbsError::Busy);
  pds_.erase(pd.id);
  return Ok{};
}

VerbsResult<MemoryRegion> SimRnic::reg_mr(PdHandle pd, std::span<std::uint8_t> memory, std::uint32_t access) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (!pds_.count(pd.id)) return unexpected(VerbsError::InvalidArgument);
  // Remote write without local write is refused by every verbs provider.
  if ((access & kAccessRemoteWrite) && !(access & kAccessLocalWrite)) return unexpected(VerbsError::InvalidArgument);
  if (memory.size() > attrs_.limits.max_mr_size) return unexpected(VerbsError::InvalidArgument);
  if (faults_.fail_reg_mr) {
    --faults_.fail_reg_mr;
    trace("rnic.reg_mr", {{"len", memory.size()}, {"result", "ENOMEM"}, {"cause", "injected"}});
    return unexpected(VerbsError::NoMemory);
  }
  if (mrs_.size() >= attrs_.limits.max_mr) {
    trace("rnic.reg_mr", {{"len", memory.size()}, {"result", "ENOMEM"}, {"cause", "max_mr"}});
    return unexpected(VerbsError::NoMemory);
  }
  const SimMr& mr = mrs_.add(pd.id, memory, access);
  trace("rnic.reg_mr", {{"pd", pd.id},
                        {"mr", mr.id},
                        {"len", mr.length},
                        {"va", TraceValue::hex(mr.iova)},
                        {"key", TraceValue::hex(mr.key)},
                        {"access", TraceValue::hex(access)}});
  return MemoryRegion{MrHandle{mr.id}, mr.key, mr.key, mr.iova, mr.length};
}

VerbsStatus SimRnic::dereg_mr(MrHandle handle) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (!mrs_.remove(handle.id)) return unexpected(VerbsError::InvalidArgument);
  trace("rnic.dereg_mr", {{"mr", handle.id}});
  // A send still reading from that memory now faults the way the device's DMA would.
  for (auto& [id, qp] : qps_) {
    bool hit = false;
    for (const auto& wqe : qp->sq)
      for (const auto& seg : wqe.payload) hit = hit || seg.mr_id == handle.id;
    if (hit && qp->state != QpState::Err) fail_qp(*qp, WcStatus::LocProtErr, AsyncEventType::QpFatal);
  }
  return Ok{};
}

VerbsResult<CqHandle> SimRnic::create_cq(std::uint32_t cqe) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (cqe == 0 || cqe > attrs_.limits.max_cqe) return unexpected(VerbsError::InvalidArgument);
  if (faults_.fail_create_cq) {
    --faults_.fail_create_cq;
    return unexpected(VerbsError::NoMemory);
  }
  if (cqs_.size() >= attrs_.limits.max_cq) return unexpected(VerbsError::NoMemory);
  const std::uint32_t id = next_cq_++;
  cqs_.emplace(id, std::make_unique<CompletionQueue>(cqe));
  trace("rnic.create_cq", {{"cq", id}, {"cqe", cqe}});
  return CqHandle{id};
}

VerbsStatus SimRnic::destroy_cq(CqHandle cq) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (!cqs_.count(cq.id)) return unexpected(VerbsError::InvalidArgument);
  for (const auto& [id, qp] : qps_)
    if (qp->send_cq == cq.id || qp->recv_cq == cq.id) return unexpected(VerbsError::Busy);
  cqs_.erase(cq.id);
  return Ok{};
}

VerbsResult<std::size_t> SimRnic::poll_cq(CqHandle cq, std::span<WorkCompletion> out) {
  // Allowed after removal: the remaining (flush) completions can still be reaped.
  auto it = cqs_.find(cq.id);
  if (it == cqs_.end()) return unexpected(VerbsError::InvalidArgument);
  if (it->second->in_error()) return unexpected(VerbsError::IoError);
  return it->second->poll(out);
}

void SimRnic::inject_cq_overflow(CqHandle cq) {
  auto it = cqs_.find(cq.id);
  if (it != cqs_.end()) it->second->force_overflow_next();
}

// ---------------------------------------------------------------- QP verbs

SimRnic::Qp* SimRnic::qp_by_handle(QpHandle h) {
  auto it = qps_.find(h.id);
  return it == qps_.end() ? nullptr : it->second.get();
}

const SimRnic::Qp* SimRnic::qp_by_handle(QpHandle h) const {
  auto it = qps_.find(h.id);
  return it == qps_.end() ? nullptr : it->second.get();
}

SimRnic::Qp* SimRnic::qp_by_num(std::uint32_t qpn) {
  auto it = qp_ids_by_num_.find(qpn);
  return it == qp_ids_by_num_.end() ? nullptr : qps_.at(it->second).get();
}

const Gid* SimRnic::sgid(const Qp& qp) const {
  for (const auto& p : attrs_.ports)
    if (p.port_num == qp.attr.port_num && qp.attr.sgid_index < p.gids.size()) return &p.gids[qp.attr.sgid_index].gid;
  return nullptr;
}

VerbsResult<CreatedQp> SimRnic::create_qp(const QpCreate& attr) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  if (!pds_.count(attr.pd.id) || !cqs_.count(attr.send_cq.id) || !cqs_.count(attr.recv_cq.id))
    return unexpected(VerbsError::InvalidArgument);
  const auto& lim = attrs_.limits;
  if (attr.cap.max_send_wr > lim.max_qp_wr || attr.cap.max_recv_wr > lim.max_qp_wr ||
      attr.cap.max_send_sge > lim.max_sge || attr.cap.max_recv_sge > lim.max_sge)
    return unexpected(VerbsError::InvalidArgument);
  if (faults_.fail_create_qp) {
    --faults_.fail_create_qp;
    trace("rnic.create_qp", {{"result", "ENOMEM"}, {"cause", "injected"}});
    return unexpected(VerbsError::NoMemory);
  }
  if (qps_.size() >= lim.max_qp) {
    trace("rnic.create_qp", {{"result", "ENOMEM"}, {"cause", "max_qp"}});
    return unexpected(VerbsError::NoMemory);
  }
  auto qp = std::make_unique<Qp>();
  qp->id = next_qp_++;
  qp->qp_num = next_qp_num_++ & 0xffffff;
  qp->actor = fmt::format("{}/qp{}", name(), qp->qp_num);
  qp->pd = attr.pd.id;
  qp->send_cq = attr.send_cq.id;
  qp->recv_cq = attr.recv_cq.id;
  qp->cap = attr.cap;
  qp->sq_sig_all = attr.sq_sig_all;
  CreatedQp out{QpHandle{qp->id}, qp->qp_num, qp->cap};
  trace_as(qp->actor, "rnic.create_qp",
           {{"qpn", qp->qp_num},
            {"pd", qp->pd},
            {"scq", qp->send_cq},
            {"rcq", qp->recv_cq},
            {"send_wr", qp->cap.max_send_wr},
            {"recv_wr", qp->cap.max_recv_wr}});
  qp_ids_by_num_[qp->qp_num] = qp->id;
  qps_.emplace(qp->id, std::move(qp));
  return out;
}

VerbsStatus SimRnic::modify_qp(QpHandle h, const QpModify& attr) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  Qp* qp = qp_by_handle(h);
  if (!qp) return unexpected(VerbsError::InvalidArgument);
  const QpState from = qp->state;
  QpTransitionContext ctx;
  ctx.port_count = static_cast<std::uint8_t>(attrs_.ports.size());
  const std::uint8_t port = attr.target == QpState::Init ? attr.port_num : qp->attr.port_num;
  for (const auto& p : attrs_.ports)
    if (p.port_num == port) {
      ctx.port_max_mtu = p.max_mtu;
      ctx.gid_table_size = p.gids.size();
    }
  const bool legal = is_legal_qp_transition(from, attr.target) && qp_attributes_valid(from, attr, ctx);
  bool injected = false;
  if (legal && faults_.fail_modify_qp && (!faults_.fail_modify_qp_to || *faults_.fail_modify_qp_to == attr.target)) {
    --faults_.fail_modify_qp;
    injected = true;
  }
  const char* result = !legal ? "EINVAL" : injected ? "EINVAL-injected" : "ok";
  if (from == QpState::Init && attr.target == QpState::Rtr) {
    // The path is fixed here: packet records later carry only what changes per message.
    const Gid* local = nullptr;
    for (const auto& p : attrs_.ports)
      if (p.port_num == qp->attr.port_num && attr.sgid_index < p.gids.size()) local = &p.gids[attr.sgid_index].gid;
    const std::string src = local ? short_gid(*local) : std::string("?");
    const std::string dst = short_gid(attr.remote_gid);
    trace_as(qp->actor, "rnic.modify_qp",
             {{"from", to_string(from)},
              {"to", to_string(attr.target)},
              {"sgid", src},
              {"dgid", dst},
              {"dqpn", attr.dest_qp_num},
              {"mtu", mtu_bytes(attr.path_mtu)},
              {"rq_psn", attr.rq_psn},
              {"result", result}});
  } else {
    trace_as(qp->actor, "rnic.modify_qp", {{"from", to_string(from)}, {"to", to_string(attr.target)}, {"result", result}});
  }
  if (!legal || injected) return unexpected(VerbsError::InvalidArgument);

  switch (attr.target) {
    case QpState::Reset:
      // Back to a fresh QP: queues emptied without completions, as the spec says.
      qp->sq.clear();
      qp->rq.clear();
      cancel_timer(*qp);
      qp->retries = qp->rnr_retries = 0;
      qp->blackholed = false;
      qp->state = QpState::Reset;
      return Ok{};
    case QpState::Err:
      qp->state = QpState::Err;
      cancel_timer(*qp);
      flush_qp(*qp);
      return Ok{};
    case QpState::Init:
      qp->attr.port_num = attr.port_num;
      qp->attr.access = attr.access;
      break;
    case QpState::Rtr:
      if (from == QpState::Init) {
        qp->attr.path_mtu = attr.path_mtu;
        qp->attr.dest_qp_num = attr.dest_qp_num;
        qp->attr.rq_psn = attr.rq_psn;
        qp->attr.remote_gid = attr.remote_gid;
        qp->attr.sgid_index = attr.sgid_index;
        qp->attr.min_rnr_timer = attr.min_rnr_timer;
        qp->expected_psn = attr.rq_psn;

      }
      break;
    case QpState::Rts:
      if (from == QpState::Rtr) {
        qp->attr.sq_psn = attr.sq_psn;
        qp->attr.timeout = attr.timeout;
        qp->attr.retry_cnt = attr.retry_cnt;
        qp->attr.rnr_retry = attr.rnr_retry;
        qp->next_psn = attr.sq_psn;
      }
      break;
    case QpState::Sqd:
    case QpState::Sqe: break;
  }
  qp->state = attr.target;
  // Leaving SQD/SQE for RTS releases the held send queue.
  if (qp->state == QpState::Rts) transmit_pending(*qp);
  return Ok{};
}

VerbsResult<QpAttributes> SimRnic::query_qp(QpHandle h) const {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  const Qp* qp = qp_by_handle(h);
  if (!qp) return unexpected(VerbsError::InvalidArgument);
  QpAttributes a;
  a.qp_state = qp->state;
  a.cur_qp_state = attrs_.caps.reports_cur_qp_state ? qp->state : QpState::Reset;
  a.qp_num = qp->qp_num;
  a.path_mtu = qp->attr.path_mtu;
  a.sq_psn = qp->next_psn;
  a.rq_psn = qp->expected_psn;
  a.dest_qp_num = qp->attr.dest_qp_num;
  return a;
}

VerbsStatus SimRnic::destroy_qp(QpHandle h) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  Qp* qp = qp_by_handle(h);
  if (!qp) return unexpected(VerbsError::InvalidArgument);
  trace_as(qp->actor, "rnic.destroy_qp");
  qp_ids_by_num_.erase(qp->qp_num);
  qps_.erase(h.id);
  return Ok{};
}

VerbsStatus SimRnic::post_send(QpHandle h, const SendWr& wr) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  Qp* qp = qp_by_handle(h);
  if (!qp) return unexpected(VerbsError::InvalidArgument);
  const PostAction action = send_post_action(qp->state);
  if (action == PostAction::Refuse || wr.sg_list.size() > qp->cap.max_send_sge) {
    trace_as(qp->actor, "rnic.post_send", {{"wr_id", wr.wr_id}, {"state", to_string(qp->state)}, {"result", "EINVAL"}});
    return unexpected(VerbsError::InvalidArgument);
  }
  if (qp->sq.size() >= qp->cap.max_send_wr) return unexpected(VerbsError::NoMemory);
  if (faults_.fail_post_send) {
    --faults_.fail_post_send;
    return unexpected(VerbsError::NoMemory);
  }
  const bool signaled = wr.signaled || qp->sq_sig_all;
  if (action == PostAction::Flush) {
    push_completion(*qp, qp->send_cq,
                    WorkCompletion{wr.wr_id, WcStatus::WrFlushErr,
                                   wr.opcode == SendOpcode::Send || wr.opcode == SendOpcode::SendWithImm
                                       ? WcOpcode::Send
                                       : WcOpcode::RdmaWrite,
                                   0, qp->qp_num, std::nullopt, false});
    return Ok{};
  }
  SendWqe wqe;
  wqe.wr_id = wr.wr_id;
  wqe.opcode = wr.opcode;
  wqe.signaled = signaled;
  wqe.solicited = wr.solicited;
  wqe.imm_data = wr.imm_data;
  wqe.remote_addr = wr.remote_addr;
  wqe.rkey = wr.rkey;
  // Local protection check now, as the device does when it fetches the WQE: a bad lkey
  // or a range outside the MR is an error completion, not a verb failure.
  WcStatus local = WcStatus::Success;
  std::uint64_t total = 0;
  wqe.payload.reserve(wr.sg_list.size());
  for (const Sge& sge : wr.sg_list) {
    std::uint8_t* host = nullptr;
    const SimMr* mr = nullptr;
    if (mrs_.translate(sge.lkey, qp->pd, sge.addr, sge.length, 0, host, mr) != Translate::Ok) {
      local = WcStatus::LocProtErr;
      break;
    }
    wqe.payload.push_back(PayloadSegment{host, sge.length, mr->id, mr->generation});
    total += sge.length;
  }
  if (local == WcStatus::Success && total > 0x80000000ull) local = WcStatus::LocLenErr;  // 2^31 message limit
  wqe.length = static_cast<std::uint32_t>(total);
  // An executed WR is traced by its transmission (kind rnic.post_send, see send_wqe).
  if (local != WcStatus::Success || action != PostAction::Execute)
    trace_as(qp->actor, "rnic.post_send",
             {{"wr_id", wr.wr_id},
              {"op", to_string(wire_opcode(wr.opcode))},
              {"len", wqe.length},
              {"sig", signaled},
              {"se", wr.solicited}});
  qp->sq.push_back(std::move(wqe));
  if (local != WcStatus::Success) {
    fail_qp(*qp, local, std::nullopt);
    return Ok{};
  }
  if (action == PostAction::Execute) {
    in_post_send_ = true;
    transmit_pending(*qp);
    in_post_send_ = false;
  }
  return Ok{};
}

VerbsStatus SimRnic::post_recv(QpHandle h, const RecvWr& wr) {
  if (!usable()) return unexpected(VerbsError::NoDevice);
  Qp* qp = qp_by_handle(h);
  if (!qp) return unexpected(VerbsError::InvalidArgument);
  const PostAction action = recv_post_action(qp->state);
  if (action == PostAction::Refuse || wr.sg_list.size() > qp->cap.max_recv_sge) {
    trace_as(qp->actor, "rnic.post_recv", {{"wr_id", wr.wr_id}, {"state", to_string(qp->state)}, {"result", "EINVAL"}});
    return unexpected(VerbsError::InvalidArgument);
  }
  if (qp->rq.size() >= qp->cap.max_recv_wr) return unexpected(VerbsError::NoMemory);
  if (action == PostAction::Flush) {
    push_completion(*qp, qp->recv_cq,
                    WorkCompletion{wr.wr_id, WcStatus::WrFlushErr, WcOpcode::Recv, 0, qp->qp_num, std::nullopt, false});
    return Ok{};
  }
  qp->rq.push_back(RecvWqe{wr.wr_id, {wr.sg_list.begin(), wr.sg_list.end()}});
  return Ok{};
}

// ---------------------------------------------------------------- errors, events

void SimRnic::fail_qp(Qp& qp, WcStatus first_status, std::optional<AsyncEventType> event) {
  trace_as(qp.actor, "rnic.qp_error", {{"status", to_string(first_status)}, {"state", "ERR"}});
  cancel_timer(qp);
  // The WR that failed is the oldest outstanding send; it completes with the error
  // (always, signaled or not), everything behind it is flushed.
  qp.state = QpState::Err;
  if (!qp.sq.empty()) {
    // Popped before the completion is pushed: an overflowing CQ flushes the QP re-entrantly.
    const SendWqe w = std::move(qp.sq.front());
    qp.sq.pop_front();
    const bool is_send = w.opcode == SendOpcode::Send || w.opcode == SendOpcode::SendWithImm;
    push_completion(qp, qp.send_cq,
                    WorkCompletion{w.wr_id, first_status, is_send ? WcOpcode::Send : WcOpcode::RdmaWrite, 0, qp.qp_num,
                                   std::nullopt, false});
  }
  flush_qp(qp);
  if (event) post_async(AsyncEvent{*event, 0, QpHandle{qp.id}, std::nullopt});
}

void SimRnic::flush_qp(Qp& qp) {
  // Each WR is popped before its completion is pushed (see fail_qp).
  while (!qp.sq.empty()) {
    const SendWqe w = std::move(qp.sq.front());
    qp.sq.pop_front();
    const bool is_send = w.opcode == SendOpcode::Send || w.opcode == SendOpcode::SendWithImm;
    push_completion(qp, qp.send_cq,
                    WorkCompletion{w.wr_id, WcStatus::WrFlushErr, is_send ? WcOpcode::Send : WcOpcode::RdmaWrite, 0,
                                   qp.qp_num, std::nullopt, false});
  }
  while (!qp.rq.empty()) {
    const std::uint64_t wr_id = qp.rq.front().wr_id;
    qp.rq.pop_front();
    push_completion(qp, qp.recv_cq,
                    WorkCompletion{wr_id, WcStatus::WrFlushErr, WcOpcode::Recv, 0, qp.qp_num, std::nullopt, false});
  }
}

void SimRnic::push_completion(Qp& qp, std::uint32_t cq_id, const WorkCompletion& wc) {
  auto it = cqs_.find(cq_id);
  if (it == cqs_.end()) return;
  CompletionQueue& cq = *it->second;
  if (cq.in_error()) return;
  trace_as(qp.actor, "rnic.cqe",
           {{"cq", cq_id}, {"wr_id", wc.wr_id}, {"status", to_string(wc.status)}, {"len", wc.byte_len}});
  if (!cq.push(wc)) {
    trace("rnic.cq_overflow", {{"cq", cq_id}, {"capacity", cq.capacity()}});
    post_async(AsyncEvent{AsyncEventType::CqErr, 0, std::nullopt, CqHandle{cq_id}});
    // The QP whose completion was lost cannot go on: it is fatal, as on mlx5.
    if (qp.state != QpState::Err) {
      qp.state = QpState::Err;
      cancel_timer(qp);
      post_async(AsyncEvent{AsyncEventType::QpFatal, 0, QpHandle{qp.id}, std::nullopt});
      flush_qp(qp);
    }
    return;
  }
  notify_cqs_.insert(cq_id);
  schedule_notify();
}

void SimRnic::post_async(AsyncEvent event) {
  trace("rnic.async_event", {{"event", to_string(event.type)},
                             {"port", event.port_num},
                             {"qp", event.qp ? event.qp->id : 0},
                             {"cq", event.cq ? event.cq->id : 0}});
  pending_events_.push_back(event);
  schedule_notify();
}

void SimRnic::schedule_notify() {
  if (notify_scheduled_) return;
  notify_scheduled_ = true;
  std::weak_ptr<bool> alive = alive_;
  schedule_at(now(), [this, alive] {
    if (alive.expired()) return;
    notify_scheduled_ = false;
    auto events = std::move(pending_events_);
    pending_events_.clear();
    auto cqs = std::move(notify_cqs_);
    notify_cqs_.clear();
    if (!handler_) return;
    for (const auto& e : events) handler_->on_async_event(e);
    for (std::uint32_t cq : cqs) handler_->on_completion(CqHandle{cq});
  });
}

void SimRnic::set_port_state(std::uint8_t port, PortState state) {
  for (auto& p : attrs_.ports) {
    if (p.port_num != port || p.state == state) continue;
    p.state = state;
    trace("rnic.port", {{"port", port}, {"state", to_string(state)}});
    post_async(AsyncEvent{state == PortState::Active ? AsyncEventType::PortActive : AsyncEventType::PortError, port,
                          std::nullopt, std::nullopt});
  }
}

void SimRnic::remove_device() {
  if (removed_) return;
  trace("rnic.remove");
  for (const auto& port : attrs_.ports)
    for (const auto& g : port.gids) fabric_.detach(g.gid);
  post_async(AsyncEvent{AsyncEventType::DeviceFatal, 0, std::nullopt, std::nullopt});
  for (auto& [id, qp] : qps_) {
    if (qp->state == QpState::Err || qp->state == QpState::Reset) continue;
    qp->state = QpState::Err;
    cancel_timer(*qp);
    flush_qp(*qp);
  }
  removed_ = true;
}

void SimRnic::set_qp_blackhole(QpHandle h, bool on) {
  if (Qp* qp = qp_by_handle(h)) {
    qp->blackholed = on;
    trace_as(qp->actor, "rnic.blackhole", {{"on", on}});
  }
}

}  // namespace smc::sim
