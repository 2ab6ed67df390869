#include "protocol/link/smcr_connection.h"

#include <algorithm>

#include "protocol/buffer/rmbe_size.h"
#include "protocol/link/link_manager.h"

namespace smc::link {

using clc::DeclineCode;
using datapath::LinkError;
using handshake::LinkFieldsResult;
using handshake::SmcrLinkFields;
using negotiation::NegotiatedPath;
using negotiation::PathKind;

namespace {

ports::Gid gid_of(const ports::IpAddress& a) { return a.mapped_v6().bytes(); }

bool is_smcr(const NegotiatedPath& p) { return p.kind == PathKind::SmcRv1 || p.kind == PathKind::SmcRv2; }

struct Placement {
  LinkDevice* device = nullptr;
  std::uint32_t sgid_index = 0;
};

// The device and GID table entry the negotiation chose. The kernel's device search only
// offers devices it has, so a miss here is an internal error.
Result<Placement, DeclineCode> place(LinkManager& m, const NegotiatedPath& path) {
  Placement p;
  p.device = m.device(path.device);
  if (!p.device) return smc::unexpected(DeclineCode::InternalError);
  const auto type = path.kind == PathKind::SmcRv2 ? ports::GidType::RoceV2 : ports::GidType::RoceV1;
  auto idx = p.device->gid_index(path.port, gid_of(path.local_gid), type);
  if (!idx) return smc::unexpected(DeclineCode::InternalError);
  p.sgid_index = *idx;
  return p;
}

// Linux: max_links/max_conns are negotiated only for SMC-Rv2 with release >= 1.
void apply_limits(LinkGroup& g, const NegotiatedPath& path, const LinkConfig& cfg) {
  if (path.kind == PathKind::SmcRv2 && path.release >= 1)
    g.set_limits(path.max_links, path.max_conns);
  else
    g.set_limits(cfg.max_links, 255);
}

}  // namespace

SmcrConnection::SmcrConnection(LinkManager& manager) : manager_(manager) {}

SmcrConnection::~SmcrConnection() {
  *alive_ = false;
  release();
}

LinkGroup* SmcrConnection::link_group() const { return lgr_id_ ? manager_.find_link_group(lgr_id_) : nullptr; }

SmcLink* SmcrConnection::current_link() const {
  LinkGroup* g = link_group();
  if (!g || g->terminated()) return nullptr;
  return g->usable_link();
}

std::span<std::uint8_t> SmcrConnection::rmb() {
  if (!rmb_memory_) return {};
  return *rmb_memory_;
}

std::uint32_t SmcrConnection::rmbe_size() const {
  return rmb_memory_ ? static_cast<std::uint32_t>(rmb_memory_->size()) : 0;
}

// ---------------------------------------------------------------- handshake side

std::optional<DeclineCode> SmcrConnection::prepare_client(const NegotiatedPath& path) {
  // Only reached through LinkLayer's defaults, which this class overrides.
  return is_smcr(path) ? std::optional<DeclineCode>(DeclineCode::InternalError) : std::nullopt;
}

std::optional<DeclineCode> SmcrConnection::prepare_server(const NegotiatedPath& path) {
  return is_smcr(path) ? std::optional<DeclineCode>(DeclineCode::InternalError) : std::nullopt;
}

SmcrLinkFields SmcrConnection::own_fields(const SmcLink& link) const {
  SmcrLinkFields f;
  const LinkEndpoint me = link.local();
  f.mac = me.mac;
  f.qpn = me.qpn;
  f.psn = me.psn;
  f.mtu = static_cast<std::uint8_t>(me.mtu);
  if (const ports::MemoryRegion* mr = rmb_ ? rmb_->mr_on(link.link_idx()) : nullptr) {
    f.rkey = mr->rkey;
    f.rmb_addr = mr->addr;
  }
  f.rmbe_size = rmb_ ? rmb_->size_code : 0;
  f.token = local_token_;
  f.gid = ports::IpAddress::v6(me.gid).unmapped();
  return f;
}

LinkFieldsResult SmcrConnection::reserve_buffers(LinkGroup& g, SmcLink& link) {
  lgr_id_ = g.id();
  link_idx_ = link.link_idx();
  const std::uint8_t code = buffer::rmbe_size_encode(manager_.config().rmb_size, manager_.config().rmbe_size_cap);
  auto links = g.links();
  auto rmb = g.buffers().get(code, true, links);
  if (!rmb) return smc::unexpected(rmb.error());
  rmb_ = *rmb;
  rmb_memory_ = rmb_->memory;
  local_token_ = manager_.next_token();
  std::weak_ptr<bool> alive = alive_;
  ConnectionHooks hooks;
  hooks.on_cdc = [this, alive](const cdc::CdcMessage& m) {
    if (!alive.expired() && on_cdc_) on_cdc_(m);
  };
  hooks.on_group_lost = [this, alive] {
    if (alive.expired()) return;
    // The group takes its registrations with it; rmb_memory_ keeps the bytes readable.
    rmb_ = sndbuf_ = nullptr;
    rtoken_slot_.reset();
    lgr_id_ = 0;
    if (on_lost_) on_lost_();
  };
  g.attach_connection(local_token_, std::move(hooks));
  return own_fields(link);
}

std::optional<DeclineCode> SmcrConnection::learn_peer(LinkGroup& g, SmcLink& link, const SmcrLinkFields& peer) {
  auto slot = g.add_rtoken(link.link_idx(), peer.rkey, peer.rmb_addr);
  if (!slot) return slot.error();
  rtoken_slot_ = *slot;
  peer_token_ = peer.token;
  peer_rmbe_size_ = static_cast<std::uint32_t>(buffer::rmbe_size_decode(peer.rmbe_size));
  // The send buffer mirrors the peer's RMB element: data for peer offset x sits at x.
  auto links = g.links();
  auto snd = g.buffers().get(static_cast<std::uint8_t>(peer.rmbe_size & 0x0f), false, links);
  if (!snd) return snd.error();
  if ((*snd)->size() < peer_rmbe_size_) {  // downgraded: cannot mirror the peer
    g.buffers().put(*snd);
    return DeclineCode::Mem;
  }
  sndbuf_ = *snd;
  return std::nullopt;
}

LinkFieldsResult SmcrConnection::prepare_accept(const NegotiatedPath& path, const SmcrLinkFields& proposal) {
  if (!is_smcr(path)) return SmcrLinkFields{};
  auto where = place(manager_, path);
  if (!where) return smc::unexpected(where.error());
  const bool v2 = path.kind == PathKind::SmcRv2;
  if (path.first_contact) {
    LinkGroup& g = manager_.create_link_group(LgrRole::Server, v2, proposal.peer_id);
    lgr_id_ = g.id();
    first_contact_ = true;
    apply_limits(g, path, manager_.config());
    auto link = g.add_link(*where->device, path.port, where->sgid_index, 1);
    if (!link) return smc::unexpected(link.error());
    return reserve_buffers(g, **link);
  }
  LinkGroup* g = manager_.find_reusable(LgrRole::Server, v2, proposal.peer_id, gid_of(path.peer_gid), std::nullopt);
  if (g && manager_.reuse_race()) race_links_down(*g);
  if (!g || !g->usable_link()) return smc::unexpected(DeclineCode::NoActiveLink);
  matched_lgr_ = g->id();
  auto fields = reserve_buffers(*g, *g->usable_link());
  if (!fields) return fields;
  // The new RMB is announced with Confirm RKey and the Accept waits for the response (Linux
  // smcr_lgr_reg_rmbs before smc_clc_send_accept; no response in 2 s: 0x09990003).
  const ports::MemoryRegion* mr = rmb_->mr_on(g->usable_link()->link_idx());
  if (!mr || !g->announce_rmb(*rmb_, *g->usable_link())) return smc::unexpected(DeclineCode::RegisterBufferError);
  accept_pending_ = true;
  std::weak_ptr<bool> alive = alive_;
  g->await_confirm_rkey(mr->rkey, [this, alive](bool ok) {
    if (!alive.expired()) on_rkey_confirmed(ok);
  });
  return fields;
}

LinkFieldsResult SmcrConnection::prepare_confirm(const NegotiatedPath& path, const SmcrLinkFields& accept) {
  if (!is_smcr(path)) return SmcrLinkFields{};
  auto where = place(manager_, path);
  if (!where) return smc::unexpected(where.error());
  const bool v2 = path.kind == PathKind::SmcRv2;
  const ports::Gid peer_gid = gid_of(path.peer_gid);
  if (path.first_contact) {  // C13: a new link group
    LinkGroup& g = manager_.create_link_group(LgrRole::Client, v2, accept.peer_id);
    lgr_id_ = g.id();
    first_contact_ = true;
    apply_limits(g, path, manager_.config());
    auto link = g.add_link(*where->device, path.port, where->sgid_index, 0);  // numbered by the server
    if (!link) return smc::unexpected(link.error());
    auto fields = reserve_buffers(g, **link);  // C15
    if (!fields) return fields;
    if (auto e = learn_peer(g, **link, accept)) return smc::unexpected(*e);  // C16
    LinkEndpoint peer;
    peer.gid = peer_gid;
    peer.mac = accept.mac;
    peer.qpn = accept.qpn;
    peer.psn = accept.psn;
    peer.mtu = static_cast<ports::PathMtu>(std::clamp<unsigned>(accept.mtu, 1, 5));
    if (auto e = (*link)->ready(peer, false)) return smc::unexpected(*e);  // C17
    std::weak_ptr<bool> alive = alive_;
    g.set_first_contact_result([this, alive](std::optional<DeclineCode> r) {
      if (!alive.expired()) on_first_contact_result(r);
    });
    watch_add_link(g);
    // The Confirm's MTU is min(own, Accept) (wire-format.md §2.3): the link already has it.
    return own_fields(**link);
  }
  // C13/C14: reuse. No group with this peer at all: the server has one we lost (out of sync).
  // Linux's client match includes the peer QP number: the group whose link the server named.
  LinkGroup* g = manager_.find_reusable(LgrRole::Client, v2, accept.peer_id, peer_gid, accept.qpn);
  if (!g) return smc::unexpected(DeclineCode::SyncError);
  matched_lgr_ = g->id();
  if (manager_.reuse_race()) race_links_down(*g);
  SmcLink* link = g->link_by_peer_qpn(accept.qpn);
  if (!link || link->state() != LinkState::Active) return smc::unexpected(DeclineCode::NoServerLink);
  auto fields = reserve_buffers(*g, *link);
  if (!fields) return fields;
  if (auto e = learn_peer(*g, *link, accept)) return smc::unexpected(*e);
  // The new RMB is announced with Confirm RKey before the Confirm (C17). Linux waits for
  // the response (2 s, else 0x09990003); here only a failed send is seen synchronously.
  if (!g->announce_rmb(*rmb_, *link)) return smc::unexpected(DeclineCode::RegisterBufferError);
  if (announce_credits_) {
    llc::LlcAnnounceCredits c;
    c.credits = static_cast<std::uint8_t>(std::min<std::uint32_t>(manager_.config().recv_slots, 255));
    if (!g->send_llc(*link, c)) return smc::unexpected(DeclineCode::CreditsError);
  }
  established_ = true;
  return fields;
}

std::optional<DeclineCode> SmcrConnection::prepare_server_with(const NegotiatedPath& path,
                                                               const SmcrLinkFields& confirm) {
  if (!is_smcr(path)) return std::nullopt;
  LinkGroup* g = link_group();
  SmcLink* link = g ? g->link(link_idx_) : nullptr;
  if (!g || !link) return DeclineCode::InternalError;
  if (auto e = learn_peer(*g, *link, confirm)) return e;  // S13: rtoken
  if (!first_contact_) {
    established_ = true;
    return std::nullopt;
  }
  LinkEndpoint peer;
  peer.gid = gid_of(path.peer_gid);
  peer.mac = confirm.mac;
  peer.qpn = confirm.qpn;
  peer.psn = confirm.psn;
  peer.mtu = static_cast<ports::PathMtu>(std::clamp<unsigned>(confirm.mtu, 1, 5));
  if (auto e = link->ready(peer, true)) return e;  // S13: QP to RTR/RTS
  std::weak_ptr<bool> alive = alive_;
  g->set_first_contact_result([this, alive](std::optional<DeclineCode> r) {
    if (!alive.expired()) on_first_contact_result(r);
  });
  return std::nullopt;
}

void SmcrConnection::start_link_setup() {
  LinkGroup* g = link_group();
  SmcLink* link = g ? g->link(link_idx_) : nullptr;
  if (!g || !link || !first_contact_) return;
  if (g->role() == LgrRole::Server) g->start_confirm_link(*link);
}

void SmcrConnection::set_setup_callbacks(std::function<void()> confirmed, std::function<void(DeclineCode)> failed) {
  on_confirmed_ = std::move(confirmed);
  on_failed_ = std::move(failed);
  if (early_result_) {
    auto r = *early_result_;
    early_result_.reset();
    on_first_contact_result(r);
  }
}

void SmcrConnection::on_first_contact_result(std::optional<DeclineCode> result) {
  if (!on_confirmed_ && !on_failed_) {
    early_result_ = result;
    return;
  }
  if (!result) {
    established_ = true;
    if (on_confirmed_) on_confirmed_();
  } else if (on_failed_) {
    on_failed_(*result);
  }
}

void SmcrConnection::watch_add_link(LinkGroup& g) {
  std::weak_ptr<bool> alive = alive_;
  g.set_add_link_done([this, alive] {
    if (!alive.expired() && on_add_link_done_) on_add_link_done_();
  });
}

void SmcrConnection::abandon() { release(); }

void SmcrConnection::race_links_down(LinkGroup& g) const {
  for (SmcLink* l : g.links())
    if (l->state() == LinkState::Active) l->go_down(LinkDownCause::PortError);
}

void SmcrConnection::set_accept_ready_callback(std::function<void(std::optional<DeclineCode>)> f) {
  on_accept_ready_ = std::move(f);
  if (accept_result_ && on_accept_ready_) {
    auto r = *accept_result_;
    accept_result_.reset();
    on_accept_ready_(r);
  }
}

void SmcrConnection::on_rkey_confirmed(bool ok) {
  if (!accept_pending_) return;
  accept_pending_ = false;
  std::optional<DeclineCode> r;
  if (!ok) r = DeclineCode::RegisterBufferError;
  if (!on_accept_ready_) {
    accept_result_ = r;
    return;
  }
  on_accept_ready_(r);
}

void SmcrConnection::peer_out_of_sync() {
  LinkGroup* g = matched_lgr_ ? manager_.find_link_group(matched_lgr_) : nullptr;
  if (g && !g->terminated()) g->terminate(llc::DeleteLinkReason::ProgramInitiated, false);
}

void SmcrConnection::release() {
  accept_pending_ = false;
  LinkGroup* g = link_group();
  if (g) {
    g->detach_connection(local_token_);
    if (rtoken_slot_) g->remove_rtoken(*rtoken_slot_);
    if (!g->terminated()) {
      g->buffers().put(rmb_);
      g->buffers().put(sndbuf_);
    }
    // A first contact that never got its link confirmed leaves nothing worth keeping.
    if (first_contact_ && !established_ && !g->terminated()) {
      g->set_first_contact_result(nullptr);
      g->terminate(llc::DeleteLinkReason::ProgramInitiated, false);
    }
  }
  rmb_ = sndbuf_ = nullptr;
  rmb_memory_.reset();  // back in the pool: another connection may get it
  rtoken_slot_.reset();
  lgr_id_ = 0;
}

// ---------------------------------------------------------------- data path side

Status<LinkError> SmcrConnection::write_to_peer(std::uint32_t offset, wire::ByteView data) {
  SmcLink* link = current_link();
  LinkGroup* g = link_group();
  if (!link || !g || !sndbuf_ || !rtoken_slot_) return smc::unexpected(LinkError::LinkDown);
  if (static_cast<std::uint64_t>(offset) + data.size() > peer_rmbe_size_) return smc::unexpected(LinkError::Rejected);
  if (data.empty()) return Ok{};
  const Rtoken* rt = g->rtoken(*rtoken_slot_);
  const ports::MemoryRegion* mr = sndbuf_->mr_on(link->link_idx());
  if (!rt || !mr) return smc::unexpected(LinkError::LinkDown);
  auto peer = rt->by_link.find(link->link_idx());
  if (peer == rt->by_link.end()) return smc::unexpected(LinkError::LinkDown);
  std::copy(data.begin(), data.end(), sndbuf_->memory->begin() + offset);
  return link->write(mr->addr + offset, mr->lkey, static_cast<std::uint32_t>(data.size()),
                     peer->second.second + offset, peer->second.first);
}

Status<LinkError> SmcrConnection::send_cdc(const cdc::CdcMessage& message) {
  SmcLink* link = current_link();
  if (!link) return smc::unexpected(LinkError::LinkDown);
  return link->send(message.encode());
}

}  // namespace smc::link
