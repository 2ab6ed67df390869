#include "protocol/link/smc_link.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "protocol/cdc/cdc_message.h"
#include "protocol/link/link_device.h"
#include "protocol/llc/llc_header.h"

namespace smc::link {

using clc::DeclineCode;
using datapath::LinkError;

namespace {

// wr_id = kind << 56 | slot: completions say what they complete without a lookup table.
constexpr std::uint64_t kKindSend = 1, kKindWrite = 2, kKindRecv = 3;
constexpr std::uint64_t wr_id(std::uint64_t kind, std::uint64_t slot) { return kind << 56 | slot; }
constexpr std::uint64_t wr_kind(std::uint64_t id) { return id >> 56; }
constexpr std::uint32_t wr_slot(std::uint64_t id) { return static_cast<std::uint32_t>(id & 0xffffffffu); }

// Link-group creation: ENOMEM is a memory shortage, anything else an internal error.
DeclineCode creation_code(ports::VerbsError e) {
  return e == ports::VerbsError::NoMemory ? DeclineCode::Mem : DeclineCode::InternalError;
}

}  // namespace

const char* to_string(LinkState s) {
  switch (s) {
    case LinkState::Inactive: return "inactive";
    case LinkState::Activating: return "activating";
    case LinkState::Active: return "active";
    case LinkState::Down: return "down";
  }
  return "?";
}

const char* to_string(LinkDownCause c) {
  switch (c) {
    case LinkDownCause::CompletionError: return "completion-error";
    case LinkDownCause::QpFatal: return "qp-fatal";
    case LinkDownCause::PortError: return "port-error";
    case LinkDownCause::DeviceFatal: return "device-fatal";
    case LinkDownCause::CqError: return "cq-error";
    case LinkDownCause::TestLinkTimeout: return "test-link-timeout";
    case LinkDownCause::Deleted: return "deleted";
  }
  return "?";
}

SmcLink::SmcLink(LinkDevice& device, const SmcLinkParams& params, const LinkConfig& config, SmcLinkObserver& observer)
    : device_(device), params_(params), config_(config), observer_(observer) {}

ports::RnicDevice& SmcLink::rnic() const { return device_.rnic(); }

Result<std::unique_ptr<SmcLink>, DeclineCode> SmcLink::create(LinkDevice& device, const SmcLinkParams& params,
                                                              const LinkConfig& config, SmcLinkObserver& observer) {
  std::unique_ptr<SmcLink> l(new SmcLink(device, params, config, observer));
  ports::RnicDevice& dev = device.rnic();
  auto pd = dev.alloc_pd();
  if (!pd) return smc::unexpected(creation_code(pd.error()));
  l->pd_ = *pd;
  l->has_pd_ = true;

  auto cq = dev.create_cq(config.send_slots + config.recv_slots);
  if (!cq) return smc::unexpected(creation_code(cq.error()));
  l->cq_ = *cq;
  l->has_cq_ = true;

  l->slot_size_ = params.v2 ? std::max(config.recv_slot_size_v2, config.send_slot_size)
                            : std::max(config.recv_slot_size_v1, config.send_slot_size);
  l->wr_area_.reset(static_cast<std::size_t>(l->slot_size_) * (config.send_slots + config.recv_slots));
  auto mr = dev.reg_mr(l->pd_, l->wr_area_.span(), ports::kAccessLocalWrite);
  if (!mr) return smc::unexpected(creation_code(mr.error()));
  l->wr_mr_ = *mr;
  l->has_mr_ = true;

  ports::QpCreate qc;
  qc.pd = l->pd_;
  qc.send_cq = l->cq_;
  qc.recv_cq = l->cq_;
  qc.cap.max_send_wr = config.send_slots;
  qc.cap.max_recv_wr = config.recv_slots;
  qc.cap.max_send_sge = 1;
  qc.cap.max_recv_sge = 1;
  auto qp = dev.create_qp(qc);
  if (!qp) return smc::unexpected(creation_code(qp.error()));
  l->qp_ = qp->handle;
  l->qp_num_ = qp->qp_num;
  l->has_qp_ = true;
  l->send_slot_busy_.assign(config.send_slots, false);
  auto port = dev.query_port(params.port);
  l->mtu_ = port ? port->active_mtu : ports::PathMtu::Mtu1024;
  device.attach(*l);
  return l;
}

SmcLink::~SmcLink() {
  *alive_ = false;
  destroy_resources();
}

void SmcLink::destroy_resources() {
  ports::RnicDevice& dev = rnic();
  if (has_qp_ || has_cq_) device_.detach(*this);
  // Errors are ignored: after a device removal every verb fails with ENODEV and there is
  // nothing left to release.
  if (has_qp_) (void)dev.destroy_qp(qp_);
  if (has_mr_) (void)dev.dereg_mr(wr_mr_.handle);
  if (has_cq_) (void)dev.destroy_cq(cq_);
  if (has_pd_) (void)dev.dealloc_pd(pd_);
  has_qp_ = has_mr_ = has_cq_ = has_pd_ = false;
}

LinkEndpoint SmcLink::local() const {
  LinkEndpoint e;
  auto port = rnic().query_port(params_.port);
  if (port) {
    e.mac = port->mac;
    for (const auto& g : port->gids)
      if (g.index == params_.sgid_index) e.gid = g.gid;
  }
  e.qpn = qp_num_;
  e.psn = params_.psn & 0xffffff;
  e.mtu = mtu_;
  return e;
}

bool SmcLink::post_receive(std::uint32_t slot) {
  const std::uint32_t index = config_.send_slots + slot;
  ports::Sge sge{wr_mr_.addr + static_cast<std::uint64_t>(index) * slot_size_, slot_size_, wr_mr_.lkey};
  ports::RecvWr wr;
  wr.wr_id = wr_id(kKindRecv, slot);
  wr.sg_list = std::span<const ports::Sge>(&sge, 1);
  return rnic().post_recv(qp_, wr).ok();
}

std::optional<DeclineCode> SmcLink::ready(const LinkEndpoint& peer, bool server) {
  ports::RnicDevice& dev = rnic();
  peer_ = peer;
  // The path MTU is the smaller of ours and what the peer announced (CLC MTU nibble).
  mtu_ = static_cast<ports::PathMtu>(std::min(static_cast<unsigned>(mtu_), static_cast<unsigned>(peer.mtu)));
  ports::QpModify m;
  m.target = ports::QpState::Init;
  m.port_num = params_.port;
  m.access = ports::kAccessLocalWrite | ports::kAccessRemoteWrite;
  if (!dev.modify_qp(qp_, m)) return DeclineCode::ReadyLinkError;
  for (std::uint32_t s = 0; s < config_.recv_slots; ++s)
    if (!post_receive(s)) return DeclineCode::ReadyLinkError;
  m.target = ports::QpState::Rtr;
  m.path_mtu = mtu_;
  m.dest_qp_num = peer.qpn;
  m.rq_psn = peer.psn & 0xffffff;
  m.remote_gid = peer.gid;
  m.sgid_index = params_.sgid_index;
  m.min_rnr_timer = config_.min_rnr_timer;
  if (!dev.modify_qp(qp_, m)) return DeclineCode::ReadyLinkError;
  state_ = LinkState::Activating;
  if (server) return to_rts();
  return std::nullopt;
}

std::optional<DeclineCode> SmcLink::to_rts() {
  ports::QpModify m;
  m.target = ports::QpState::Rts;
  m.sq_psn = params_.psn & 0xffffff;
  m.timeout = config_.qp_timeout;
  m.retry_cnt = config_.retry_cnt;
  m.rnr_retry = config_.rnr_retry;
  if (!rnic().modify_qp(qp_, m)) return DeclineCode::ReadyLinkError;
  return std::nullopt;
}

Status<LinkError> SmcLink::send(wire::ByteView message) {
  if (state_ == LinkState::Down || state_ == LinkState::Inactive) return smc::unexpected(LinkError::LinkDown);
  if (message.size() > slot_size_) return smc::unexpected(LinkError::Rejected);
  if (outstanding_ >= config_.send_slots) return smc::unexpected(LinkError::NoBuffers);
  auto free = std::find(send_slot_busy_.begin(), send_slot_busy_.end(), false);
  if (free == send_slot_busy_.end()) return smc::unexpected(LinkError::NoBuffers);
  const auto slot = static_cast<std::uint32_t>(free - send_slot_busy_.begin());
  const std::uint64_t off = static_cast<std::uint64_t>(slot) * slot_size_;
  std::copy(message.begin(), message.end(), wr_area_.data() + off);
  ports::Sge sge{wr_mr_.addr + off, static_cast<std::uint32_t>(message.size()), wr_mr_.lkey};
  ports::SendWr wr;
  wr.wr_id = wr_id(kKindSend, slot);
  wr.opcode = ports::SendOpcode::Send;
  wr.sg_list = std::span<const ports::Sge>(&sge, 1);
  wr.signaled = true;   // Linux posts every LLC/CDC send signaled and solicited
  wr.solicited = true;
  auto r = rnic().post_send(qp_, wr);
  if (!r) {
    if (r.error() == ports::VerbsError::NoMemory) return smc::unexpected(LinkError::NoBuffers);
    return smc::unexpected(LinkError::LinkDown);
  }
  *free = true;
  ++outstanding_;
  return Ok{};
}

Status<LinkError> SmcLink::write(std::uint64_t local_addr, std::uint32_t lkey, std::uint32_t len,
                                 std::uint64_t remote_addr, std::uint32_t rkey) {
  if (state_ == LinkState::Down || state_ == LinkState::Inactive) return smc::unexpected(LinkError::LinkDown);
  if (outstanding_ >= config_.send_slots) return smc::unexpected(LinkError::NoBuffers);
  ports::Sge sge{local_addr, len, lkey};
  ports::SendWr wr;
  wr.wr_id = wr_id(kKindWrite, 0);
  wr.opcode = ports::SendOpcode::RdmaWrite;
  wr.sg_list = std::span<const ports::Sge>(&sge, 1);
  wr.signaled = true;  // the slot accounting needs every completion
  wr.remote_addr = remote_addr;
  wr.rkey = rkey;
  auto r = rnic().post_send(qp_, wr);
  if (!r) {
    if (r.error() == ports::VerbsError::NoMemory) return smc::unexpected(LinkError::NoBuffers);
    if (r.error() == ports::VerbsError::InvalidArgument) return smc::unexpected(LinkError::Rejected);
    return smc::unexpected(LinkError::LinkDown);
  }
  ++outstanding_;
  return Ok{};
}

void SmcLink::handle_completions() {
  auto alive = alive_;
  std::array<ports::WorkCompletion, 16> wcs{};
  for (;;) {
    auto n = rnic().poll_cq(cq_, wcs);
    if (!n) {
      go_down(LinkDownCause::CqError);
      return;
    }
    if (*n == 0) return;
    for (std::size_t i = 0; i < *n; ++i) {
      on_completion(wcs[i]);
      if (!*alive) return;
    }
  }
}

void SmcLink::on_completion(const ports::WorkCompletion& wc) {
  const std::uint64_t kind = wr_kind(wc.wr_id);
  if (kind == kKindSend || kind == kKindWrite) {
    if (outstanding_) --outstanding_;
    if (kind == kKindSend && wr_slot(wc.wr_id) < send_slot_busy_.size()) send_slot_busy_[wr_slot(wc.wr_id)] = false;
  }
  if (wc.status != ports::WcStatus::Success) {
    // After the first error the QP is in ERR and the rest flush: only the first counts.
    if (state_ != LinkState::Down) {
      first_error_ = wc.status;
      go_down(LinkDownCause::CompletionError);
    }
    return;
  }
  if (kind != kKindRecv) return;
  const std::uint32_t slot = wr_slot(wc.wr_id);
  const std::size_t off = static_cast<std::size_t>(config_.send_slots + slot) * slot_size_;
  const std::size_t len = std::min<std::size_t>(wc.byte_len, slot_size_);
  wire::Bytes message(wr_area_.data() + off, wr_area_.data() + off + len);
  // Repost before handling: the handler may send, and the peer may answer at once.
  if (state_ != LinkState::Down && !post_receive(slot)) {
    go_down(LinkDownCause::QpFatal);
    return;
  }
  ++messages_received_;
  if (message.empty()) return;
  if (message[0] == cdc::kCdcType) {
    observer_.on_cdc(*this, message);
  } else if (message.size() >= llc::kLlcMessageSize) {
    observer_.on_llc(*this, message);
  }  // Linux drops an LLC receive shorter than 44 bytes
}

void SmcLink::handle_async(const ports::AsyncEvent& event) {
  switch (event.type) {
    case ports::AsyncEventType::QpFatal:
    case ports::AsyncEventType::QpReqErr:
    case ports::AsyncEventType::QpAccessErr: go_down(LinkDownCause::QpFatal); break;
    case ports::AsyncEventType::PortError: go_down(LinkDownCause::PortError); break;
    case ports::AsyncEventType::DeviceFatal: go_down(LinkDownCause::DeviceFatal); break;
    case ports::AsyncEventType::CqErr: go_down(LinkDownCause::CqError); break;
    default: break;
  }
}

void SmcLink::mark_deleted() {
  if (state_ == LinkState::Down) return;
  state_ = LinkState::Down;
  if (has_qp_) {
    ports::QpModify m;
    m.target = ports::QpState::Err;
    (void)rnic().modify_qp(qp_, m);
  }
}

void SmcLink::go_down(LinkDownCause cause) {
  if (state_ == LinkState::Down) return;
  mark_deleted();
  observer_.on_link_down(*this, cause);
}

}  // namespace smc::link
