// LinkGroup's Add Link flow (wire-format.md §6.5), server driven:
//   S→C  Add Link request on an existing link: the server's new QP/GID/MAC/MTU/PSN and link
//        number [v2: + its rkey pairs]
//   C→S  Add Link response: the client's new QP/GID/MAC/PSN, MTU = min [v2: + its pairs],
//        or a reject (flag 0x40, reason 1 "no alternate path")
//   v1:  Add Link Continuations alternate, server first, ≤ 2 rkey pairs each, until both
//        sides have sent all their pairs
//   S→C  Confirm Link request on the NEW link, C→S response: the link is Active.
// A server with a single usable port still offers the second link, on the same port
// (Linux smc_llc_srv_add_link: SMC_LGR_ASYMMETRIC_LOCAL); a client that sees the server's
// existing end again and has no other port itself rejects it (smc_llc_cli_add_link), so a
// one-RNIC pair settles with one link after one LLC round trip. The client's C20 wait ends
// with the flow, whatever its result; the server gives up on a missing response after the
// LLC wait (2 s).
// An rkey pair says "the RMB you know under rkey R on the existing link is reached through
// the new link with rkey R' at address A'": the receiver extends that rtoken.
#include <algorithm>

#include "protocol/link/link_device.h"
#include "protocol/link/link_group.h"
#include "protocol/link/link_manager.h"

namespace smc::link {

std::vector<llc::LlcRkeyPair> LinkGroup::rkey_pairs(const SmcLink& existing, const SmcLink& added) const {
  std::vector<llc::LlcRkeyPair> out;
  for (const RmbElement* e : buffers_.elements()) {
    if (!e->is_rmb || !e->used) continue;
    const ports::MemoryRegion* old_mr = e->mr_on(existing.link_idx());
    const ports::MemoryRegion* new_mr = e->mr_on(added.link_idx());
    if (!old_mr || !new_mr) continue;
    out.push_back(llc::LlcRkeyPair{old_mr->rkey, new_mr->rkey, new_mr->addr});
  }
  return out;
}

void LinkGroup::apply_rkey_pairs(const SmcLink& existing, const SmcLink& added,
                                 const std::vector<llc::LlcRkeyPair>& pairs) {
  for (const auto& p : pairs) {
    for (auto& t : rtokens_) {
      if (!t) continue;
      auto it = t->by_link.find(existing.link_idx());
      if (it != t->by_link.end() && it->second.first == p.rkey) t->by_link[added.link_idx()] = {p.rkey_new, p.rmb_vaddr_new};
    }
  }
}

void LinkGroup::drop_link(std::uint8_t idx) {
  if (idx >= kMaxLinks || !links_[idx]) return;
  links_[idx]->mark_deleted();
  std::weak_ptr<bool> alive = alive_;
  manager_.timers().arm(0, [this, alive, idx] {
    if (alive.expired() || !*alive.lock() || !links_[idx] || links_[idx]->state() != LinkState::Down) return;
    buffers_.deregister_link(*links_[idx]);
    for (auto& t : rtokens_)
      if (t) t->by_link.erase(idx);
    links_[idx].reset();
  });
}

void LinkGroup::abort_add_link() {
  if (add_link_timer_) manager_.timers().cancel(add_link_timer_);
  add_link_timer_ = {};
  if (!adding_) return end_add_link_wait();
  const std::uint8_t idx = adding_->idx;
  adding_.reset();
  drop_link(idx);
  end_add_link_wait();
}

void LinkGroup::add_link_timed_out(std::uint8_t idx) {
  add_link_timer_ = {};
  if (terminated_ || !adding_ || adding_->idx != idx) return;
  abort_add_link();
}

bool LinkGroup::start_add_link() {
  if (role_ != LgrRole::Server || terminated_ || adding_ || links().size() >= max_links_) return false;
  SmcLink* via = usable_link();
  if (!via) return false;
  auto alt = manager_.alternate_port(*via, v2_);
  if (!alt) {
    // One port only: Linux still offers an asymmetric link on the same port (the client
    // rejects it unless it has another port of its own).
    auto idx = via->device().gid_index(via->port(), via->local().gid,
                                       v2_ ? ports::GidType::RoceV2 : ports::GidType::RoceV1);
    if (!idx) return false;
    alt = PortChoice{&via->device(), via->port(), *idx};
  }
  std::uint8_t num = 1;
  for (SmcLink* l : links()) num = std::max<std::uint8_t>(num, static_cast<std::uint8_t>(l->link_num() + 1));
  auto added = add_link(*alt->device, alt->port, alt->sgid_index, num);
  if (!added) return false;
  SmcLink& n = **added;
  adding_ = AddingLink{n.link_idx(), via->link_idx(), rkey_pairs(*via, n), false};
  llc::LlcAddLink m;
  m.version = llc_version();
  const LinkEndpoint me = n.local();
  m.sender_mac = me.mac;
  m.sender_gid = me.gid;
  m.sender_qp_num = me.qpn;
  m.link_num = num;
  m.qp_mtu = static_cast<std::uint8_t>(me.mtu);
  m.initial_psn = me.psn;
  if (v2_) {
    llc::LlcAddLinkV2Extension ext;
    ext.v2_direct = true;
    ext.client_target_gid = me.gid;
    ext.rkeys = adding_->to_send;
    adding_->to_send.clear();
    m.v2_extension = ext;
  }
  if (!send_llc(*via, m)) {
    abort_add_link();
    return false;
  }
  std::weak_ptr<bool> alive = alive_;
  const std::uint8_t idx = n.link_idx();
  add_link_timer_ = manager_.timers().arm(manager_.config().llc_wait, [this, alive, idx] {
    if (alive.expired() || !*alive.lock()) return;
    add_link_timed_out(idx);
  });
  return true;
}

void LinkGroup::on_add_link(SmcLink& link, const llc::LlcAddLink& m) {
  if (m.response) return on_add_link_response(link, m);
  on_add_link_request(link, m);
}

void LinkGroup::on_add_link_request(SmcLink& link, const llc::LlcAddLink& m) {
  // A client's suggestion (v1: request with only its MAC/GID): the server ignores the content
  // and starts its own flow.
  if (role_ == LgrRole::Server) {
    start_add_link();
    return;
  }
  auto reject = [&] {
    llc::LlcAddLink r;
    r.version = llc_version();
    r.response = true;
    r.reject = true;
    if (!v2_) r.reject_reason = static_cast<std::uint8_t>(llc::AddLinkRejectReason::NoAlternatePath);
    (void)send_llc(link, r);
    end_add_link_wait();
  };
  // A request whose MTU nibble is 0 is refused (wire-format.md §3.2).
  if (adding_ || links().size() >= std::max<std::uint8_t>(max_links_, 1) || m.qp_mtu == 0) return reject();
  // The client prefers another port; with one port only the new link is asymmetric. When
  // the server's new end is its existing one (it has one port) and the client has no other
  // port either, there is no alternate path at all: reject (Linux smc_llc_cli_add_link).
  auto alt = manager_.alternate_port(link, v2_);
  const bool same_server_end = m.sender_gid == link.peer().gid && (v2_ || m.sender_mac == link.peer().mac);
  if (same_server_end && !alt) return reject();
  PortChoice where = alt ? *alt : PortChoice{&link.device(), link.port(), 0};
  if (!alt) {
    auto idx = link.device().gid_index(link.port(), link.local().gid,
                                       v2_ ? ports::GidType::RoceV2 : ports::GidType::RoceV1);
    if (!idx) return reject();
    where.sgid_index = *idx;
  }
  auto added = add_link(*where.device, where.port, where.sgid_index, m.link_num);
  if (!added) return reject();
  SmcLink& n = **added;
  LinkEndpoint peer;
  peer.gid = m.sender_gid;
  peer.mac = m.sender_mac;
  peer.qpn = m.sender_qp_num;
  peer.psn = m.initial_psn;
  peer.mtu = static_cast<ports::PathMtu>(std::clamp<unsigned>(m.qp_mtu, 1, 5));
  if (n.ready(peer, false)) {
    drop_link(n.link_idx());
    return reject();
  }
  adding_ = AddingLink{n.link_idx(), link.link_idx(), rkey_pairs(link, n), false};
  llc::LlcAddLink r;
  r.version = llc_version();
  r.response = true;
  const LinkEndpoint me = n.local();
  r.sender_mac = me.mac;
  r.sender_gid = me.gid;
  r.sender_qp_num = me.qpn;
  r.link_num = m.link_num;
  r.qp_mtu = static_cast<std::uint8_t>(me.mtu);  // min(own, request) since ready()
  r.initial_psn = me.psn;
  if (v2_) {
    if (m.v2_extension) apply_rkey_pairs(link, n, m.v2_extension->rkeys);
    llc::LlcAddLinkV2Extension ext;
    ext.v2_direct = true;
    ext.client_target_gid = me.gid;
    ext.rkeys = adding_->to_send;
    adding_->to_send.clear();
    r.v2_extension = ext;
  }
  if (!send_llc(link, r)) abort_add_link();
  // Next: v1 continuations from the server, then its Confirm Link on the new link.
}

void LinkGroup::on_add_link_response(SmcLink& link, const llc::LlcAddLink& m) {
  if (role_ != LgrRole::Server || !adding_ || adding_->via != link.link_idx()) return;
  SmcLink* n = links_[adding_->idx].get();
  if (m.reject || !n) return abort_add_link();
  LinkEndpoint peer;
  peer.gid = m.sender_gid;
  peer.mac = m.sender_mac;
  peer.qpn = m.sender_qp_num;
  peer.psn = m.initial_psn;
  peer.mtu = static_cast<ports::PathMtu>(std::clamp<unsigned>(m.qp_mtu, 1, 5));
  if (n->ready(peer, true)) {
    // The client already has its end: tell it the new link is gone.
    llc::LlcDeleteLink d;
    d.version = llc_version();
    d.orderly = true;
    d.link_num = n->link_num();
    d.reason = llc::DeleteLinkReason::LostPath;
    (void)send_llc(link, d);
    return abort_add_link();
  }
  if (v2_) {
    if (m.v2_extension) apply_rkey_pairs(link, *n, m.v2_extension->rkeys);
    return start_confirm_link(*n);
  }
  send_add_link_cont(link);
}

void LinkGroup::send_add_link_cont(SmcLink& via) {
  llc::LlcAddLinkContinuation c;
  c.response = role_ == LgrRole::Client;
  c.link_num = links_[adding_->idx] ? links_[adding_->idx]->link_num() : 0;
  c.num_rkeys = static_cast<std::uint8_t>(std::min<std::size_t>(adding_->to_send.size(), 255));
  const std::size_t n = std::min(adding_->to_send.size(), llc::kAddLinkContinuationPairs);
  c.rkeys.assign(adding_->to_send.begin(), adding_->to_send.begin() + static_cast<std::ptrdiff_t>(n));
  adding_->to_send.erase(adding_->to_send.begin(), adding_->to_send.begin() + static_cast<std::ptrdiff_t>(n));
  if (!send_llc(via, c)) abort_add_link();
}

void LinkGroup::on_add_link_cont(SmcLink& link, const llc::LlcAddLinkContinuation& m) {
  if (!adding_ || adding_->via != link.link_idx()) return;
  SmcLink* n = links_[adding_->idx].get();
  if (!n) return;
  apply_rkey_pairs(link, *n, m.rkeys);
  adding_->peer_done = m.num_rkeys <= m.rkeys.size();
  if (role_ == LgrRole::Client) return send_add_link_cont(link);  // answer every server message
  if (!adding_->to_send.empty() || !adding_->peer_done) return send_add_link_cont(link);
  start_confirm_link(*n);  // both sides done: confirm the new link on itself
}

}  // namespace smc::link
