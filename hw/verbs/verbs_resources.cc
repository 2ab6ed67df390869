// VerbsDevice: the verbs on objects (PD, MR, CQ, QP) and the data path (post, poll).
#include <arpa/inet.h>

#include <vector>

#include "hw/verbs/verbs_device.h"
#include "hw/verbs/verbs_mapping.h"

namespace smc::hw {

using namespace ports;

namespace {
// ibv_* object creators return NULL and set errno; a provider that forgets errno must not
// turn a failure into "success".
VerbsError last_error() { return verbs_error_from_errno(errno ? errno : EIO); }
constexpr std::uint8_t kHopLimit = 64;  // RoCEv2 IP TTL (Linux's default)
}  // namespace

// ---------------------------------------------------------------- PD / MR / CQ

VerbsResult<PdHandle> VerbsDevice::alloc_pd() {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  errno = 0;
  ibv_pd* pd = ::ibv_alloc_pd(context_);
  if (!pd) return smc::unexpected(last_error());
  const std::uint32_t id = next_id_++;
  pds_.emplace(id, pd);
  return PdHandle{id};
}

VerbsStatus VerbsDevice::dealloc_pd(PdHandle pd) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto it = pds_.find(pd.id);
  if (it == pds_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  if (const int rc = ::ibv_dealloc_pd(it->second); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  pds_.erase(it);
  return Ok{};
}

VerbsResult<MemoryRegion> VerbsDevice::reg_mr(PdHandle pd, std::span<std::uint8_t> memory, std::uint32_t access) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto it = pds_.find(pd.id);
  if (it == pds_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  errno = 0;
  ibv_mr* mr = ::ibv_reg_mr(it->second, memory.data(), memory.size(), access_to_ibv(access));
  if (!mr) return smc::unexpected(last_error());
  const std::uint32_t id = next_id_++;
  mrs_.emplace(id, mr);
  return MemoryRegion{MrHandle{id}, mr->lkey, mr->rkey, reinterpret_cast<std::uint64_t>(mr->addr), mr->length};
}

VerbsStatus VerbsDevice::dereg_mr(MrHandle mr) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto it = mrs_.find(mr.id);
  if (it == mrs_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  if (const int rc = ::ibv_dereg_mr(it->second); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  mrs_.erase(it);
  return Ok{};
}

VerbsResult<CqHandle> VerbsDevice::create_cq(std::uint32_t cqe) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  if (cqe == 0 || cqe > attrs_.limits.max_cqe) return smc::unexpected(VerbsError::InvalidArgument);
  const std::uint32_t id = next_id_++;
  errno = 0;
  // The handle travels as the CQ's context: completion and CQ_ERR events name it.
  ibv_cq* cq = ::ibv_create_cq(context_, static_cast<int>(cqe), reinterpret_cast<void*>(std::uintptr_t{id}), channel_, 0);
  if (!cq) return smc::unexpected(last_error());
  if (const int rc = ::ibv_req_notify_cq(cq, 0); rc != 0) {
    ::ibv_destroy_cq(cq);
    return smc::unexpected(verbs_error_from_errno(rc));
  }
  cqs_.emplace(id, cq);
  return CqHandle{id};
}

VerbsStatus VerbsDevice::destroy_cq(CqHandle cq) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto it = cqs_.find(cq.id);
  if (it == cqs_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  for (const auto& [id, qp] : qps_)
    if (qp.send_cq == cq.id || qp.recv_cq == cq.id) return smc::unexpected(VerbsError::Busy);
  if (const int rc = ::ibv_destroy_cq(it->second); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  cqs_.erase(it);
  return Ok{};
}

WorkCompletion VerbsDevice::convert(const ibv_wc& wc) {
  WorkCompletion out;
  out.wr_id = wc.wr_id;
  out.status = wc_status_from_ibv(wc.status);
  out.byte_len = wc.byte_len;
  out.qp_num = wc.qp_num;
  if (wc.wc_flags & IBV_WC_WITH_IMM) out.imm_data = ntohl(wc.imm_data);
  // Send completions retire the oldest outstanding WRs up to this one (unsignaled ones
  // before it completed silently). Their opcode names an error completion's kind.
  std::optional<SendOpcode> sent;
  if (auto q = qp_ids_by_num_.find(wc.qp_num); q != qp_ids_by_num_.end()) {
    auto& outstanding = qps_.at(q->second).outstanding;
    const bool is_recv = wc.status == IBV_WC_SUCCESS && (wc.opcode & IBV_WC_RECV);
    if (!is_recv)
      for (std::size_t i = 0; i < outstanding.size(); ++i)
        if (outstanding[i].first == wc.wr_id) {
          sent = outstanding[i].second;
          outstanding.erase(outstanding.begin(), outstanding.begin() + static_cast<std::ptrdiff_t>(i) + 1);
          break;
        }
  }
  if (wc.status == IBV_WC_SUCCESS) {
    out.opcode = wc_opcode_from_ibv(wc.opcode).value_or(WcOpcode::Send);
  } else if (sent) {
    out.opcode = opcode_is_send(*sent) ? WcOpcode::Send : WcOpcode::RdmaWrite;
  } else {
    out.opcode = WcOpcode::Recv;
  }
  return out;
}

VerbsResult<std::size_t> VerbsDevice::poll_cq(CqHandle cq, std::span<WorkCompletion> out) {
  // Allowed after removal, as in the simulator: flush completions can still be reaped.
  auto it = cqs_.find(cq.id);
  if (it == cqs_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  std::size_t done = 0;
  ibv_wc batch[32];
  while (done < out.size()) {
    const int want = static_cast<int>(std::min<std::size_t>(out.size() - done, std::size(batch)));
    const int n = ::ibv_poll_cq(it->second, want, batch);
    if (n < 0) return smc::unexpected(VerbsError::IoError);  // CQ in error (overflow)
    for (int i = 0; i < n; ++i) out[done++] = convert(batch[i]);
    if (n < want) break;
  }
  return done;
}

// ---------------------------------------------------------------- QP

VerbsDevice::Qp* VerbsDevice::qp_by_handle(QpHandle h) {
  auto it = qps_.find(h.id);
  return it == qps_.end() ? nullptr : &it->second;
}

VerbsResult<CreatedQp> VerbsDevice::create_qp(const QpCreate& attr) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto pd = pds_.find(attr.pd.id);
  auto scq = cqs_.find(attr.send_cq.id);
  auto rcq = cqs_.find(attr.recv_cq.id);
  if (pd == pds_.end() || scq == cqs_.end() || rcq == cqs_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  ibv_qp_init_attr init{};
  init.send_cq = scq->second;
  init.recv_cq = rcq->second;
  init.qp_type = IBV_QPT_RC;
  init.sq_sig_all = attr.sq_sig_all ? 1 : 0;
  init.cap.max_send_wr = attr.cap.max_send_wr;
  init.cap.max_recv_wr = attr.cap.max_recv_wr;
  init.cap.max_send_sge = attr.cap.max_send_sge;
  init.cap.max_recv_sge = attr.cap.max_recv_sge;
  errno = 0;
  ibv_qp* qp = ::ibv_create_qp(pd->second, &init);
  if (!qp) return smc::unexpected(last_error());
  const std::uint32_t id = next_id_++;
  // ibv_create_qp writes the granted capabilities back into init.cap.
  QpCapabilities granted{init.cap.max_send_wr, init.cap.max_recv_wr, init.cap.max_send_sge, init.cap.max_recv_sge};
  qps_.emplace(id, Qp{qp, attr.send_cq.id, attr.recv_cq.id, granted.max_send_wr, 1, {}});
  qp_ids_by_num_[qp->qp_num] = id;
  return CreatedQp{QpHandle{id}, qp->qp_num, granted};
}

VerbsStatus VerbsDevice::modify_qp(QpHandle h, const QpModify& attr) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  Qp* q = qp_by_handle(h);
  if (!q) return smc::unexpected(VerbsError::InvalidArgument);
  ibv_qp_attr a{};
  a.qp_state = to_ibv(attr.target);
  int mask = IBV_QP_STATE;
  const QpState from = qp_state_from_ibv(q->qp->state);
  if (attr.target == QpState::Init && from == QpState::Reset) {
    a.pkey_index = 0;
    a.port_num = attr.port_num;
    a.qp_access_flags = static_cast<unsigned>(access_to_ibv(attr.access));
    mask |= IBV_QP_PKEY_INDEX | IBV_QP_PORT | IBV_QP_ACCESS_FLAGS;
    q->port_num = attr.port_num;
  } else if (attr.target == QpState::Rtr && from == QpState::Init) {
    // RoCE: the address vector is always global (GRH), its sgid_index selects the RoCEv2
    // GID and so the source IP; the kernel resolves the destination MAC from the dgid.
    // On eRDMA this is the call during which the driver performs its rendezvous with the
    // peer (RnicCapabilities::iwarp_rendezvous) over its reserved ports.
    a.path_mtu = to_ibv(attr.path_mtu);
    a.dest_qp_num = attr.dest_qp_num;
    a.rq_psn = attr.rq_psn & 0xffffff;
    a.max_dest_rd_atomic = 1;
    a.min_rnr_timer = attr.min_rnr_timer;
    a.ah_attr.is_global = 1;
    std::copy(attr.remote_gid.begin(), attr.remote_gid.end(), a.ah_attr.grh.dgid.raw);
    a.ah_attr.grh.sgid_index = static_cast<std::uint8_t>(attr.sgid_index);
    a.ah_attr.grh.hop_limit = kHopLimit;
    a.ah_attr.port_num = q->port_num;
    mask |= IBV_QP_AV | IBV_QP_PATH_MTU | IBV_QP_DEST_QPN | IBV_QP_RQ_PSN | IBV_QP_MAX_DEST_RD_ATOMIC |
            IBV_QP_MIN_RNR_TIMER;
  } else if (attr.target == QpState::Rts && from == QpState::Rtr) {
    a.sq_psn = attr.sq_psn & 0xffffff;
    a.timeout = attr.timeout;
    a.retry_cnt = attr.retry_cnt;
    a.rnr_retry = attr.rnr_retry;
    a.max_rd_atomic = 1;
    mask |= IBV_QP_SQ_PSN | IBV_QP_TIMEOUT | IBV_QP_RETRY_CNT | IBV_QP_RNR_RETRY | IBV_QP_MAX_QP_RD_ATOMIC;
  }
  if (const int rc = ::ibv_modify_qp(q->qp, &a, mask); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  if (attr.target == QpState::Reset) q->outstanding.clear();
  return Ok{};
}

VerbsResult<QpAttributes> VerbsDevice::query_qp(QpHandle h) const {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto it = qps_.find(h.id);
  if (it == qps_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  ibv_qp_attr a{};
  ibv_qp_init_attr init{};
  const int mask = IBV_QP_STATE | IBV_QP_CUR_STATE | IBV_QP_PATH_MTU | IBV_QP_SQ_PSN | IBV_QP_RQ_PSN | IBV_QP_DEST_QPN;
  if (const int rc = ::ibv_query_qp(it->second.qp, &a, mask, &init); rc != 0)
    return smc::unexpected(verbs_error_from_errno(rc));
  QpAttributes out;
  out.qp_state = qp_state_from_ibv(a.qp_state);
  out.cur_qp_state = qp_state_from_ibv(a.cur_qp_state);
  out.qp_num = it->second.qp->qp_num;
  out.path_mtu = path_mtu_from_ibv(a.path_mtu);
  out.sq_psn = a.sq_psn;
  out.rq_psn = a.rq_psn;
  out.dest_qp_num = a.dest_qp_num;
  return out;
}

VerbsStatus VerbsDevice::destroy_qp(QpHandle h) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  auto it = qps_.find(h.id);
  if (it == qps_.end()) return smc::unexpected(VerbsError::InvalidArgument);
  const std::uint32_t qpn = it->second.qp->qp_num;
  if (const int rc = ::ibv_destroy_qp(it->second.qp); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  qp_ids_by_num_.erase(qpn);
  qps_.erase(it);
  return Ok{};
}

// ---------------------------------------------------------------- data path

VerbsStatus VerbsDevice::post_send(QpHandle h, const SendWr& wr) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  Qp* q = qp_by_handle(h);
  if (!q) return smc::unexpected(VerbsError::InvalidArgument);
  std::vector<ibv_sge> sges;
  sges.reserve(wr.sg_list.size());
  for (const Sge& s : wr.sg_list) sges.push_back(ibv_sge{s.addr, s.length, s.lkey});
  ibv_send_wr w{};
  w.wr_id = wr.wr_id;
  w.sg_list = sges.data();
  w.num_sge = static_cast<int>(sges.size());
  w.opcode = to_ibv(wr.opcode);
  w.send_flags = (wr.signaled ? unsigned{IBV_SEND_SIGNALED} : 0u) | (wr.solicited ? unsigned{IBV_SEND_SOLICITED} : 0u);
  if (wr.opcode == SendOpcode::SendWithImm || wr.opcode == SendOpcode::RdmaWriteWithImm) w.imm_data = htonl(wr.imm_data);
  if (wr.opcode == SendOpcode::RdmaWrite || wr.opcode == SendOpcode::RdmaWriteWithImm) {
    w.wr.rdma.remote_addr = wr.remote_addr;
    w.wr.rdma.rkey = wr.rkey;
  }
  ibv_send_wr* bad = nullptr;
  if (const int rc = ::ibv_post_send(q->qp, &w, &bad); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  q->outstanding.emplace_back(wr.wr_id, wr.opcode);
  // The send queue holds at most max_send_wr WRs: anything older has completed.
  while (q->outstanding.size() > q->max_send_wr) q->outstanding.pop_front();
  return Ok{};
}

VerbsStatus VerbsDevice::post_recv(QpHandle h, const RecvWr& wr) {
  if (removed_) return smc::unexpected(VerbsError::NoDevice);
  Qp* q = qp_by_handle(h);
  if (!q) return smc::unexpected(VerbsError::InvalidArgument);
  std::vector<ibv_sge> sges;
  sges.reserve(wr.sg_list.size());
  for (const Sge& s : wr.sg_list) sges.push_back(ibv_sge{s.addr, s.length, s.lkey});
  ibv_recv_wr w{};
  w.wr_id = wr.wr_id;
  w.sg_list = sges.data();
  w.num_sge = static_cast<int>(sges.size());
  ibv_recv_wr* bad = nullptr;
  if (const int rc = ::ibv_post_recv(q->qp, &w, &bad); rc != 0) return smc::unexpected(verbs_error_from_errno(rc));
  return Ok{};
}

}  // namespace smc::hw
