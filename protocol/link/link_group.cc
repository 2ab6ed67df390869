#include "protocol/link/link_group.h"

#include "protocol/cdc/cdc_message.h"
#include "protocol/link/link_device.h"
#include "protocol/link/link_manager.h"

namespace smc::link {

using clc::DeclineCode;
using datapath::LinkError;

LinkGroup::LinkGroup(LinkManager& manager, std::uint64_t id, LgrRole role, bool v2, negotiation::SystemId peer_id)
    : manager_(manager), id_(id), role_(role), v2_(v2), peer_id_(peer_id), buffers_(manager.config()) {}

LinkGroup::~LinkGroup() {
  *alive_ = false;
  cancel_timers();
  release();
}

void LinkGroup::cancel_timers() {
  for (auto& t : test_timers_) {
    if (t) manager_.timers().cancel(t);
    t = {};
  }
  if (add_link_timer_) manager_.timers().cancel(add_link_timer_);
  add_link_timer_ = {};
  for (auto& [rkey, w] : rkey_waits_)
    if (w.timer) manager_.timers().cancel(w.timer);
}

Result<SmcLink*, DeclineCode> LinkGroup::add_link(LinkDevice& device, std::uint8_t port, std::uint32_t sgid_index,
                                                  std::uint8_t link_num) {
  std::optional<std::uint8_t> idx;
  for (std::uint8_t i = 0; i < kMaxLinks; ++i)
    if (!links_[i]) {
      idx = i;
      break;
    }
  if (!idx) return smc::unexpected(DeclineCode::InternalError);
  SmcLinkParams p;
  p.port = port;
  p.sgid_index = sgid_index;
  p.v2 = v2_;
  p.link_idx = *idx;
  p.psn = manager_.next_psn();
  auto l = SmcLink::create(device, p, manager_.config(), *this);
  if (!l) return smc::unexpected(l.error());
  (*l)->set_link_num(link_num);
  // Every buffer of the group must be reachable through the new link as well.
  if (auto r = buffers_.register_link(**l); !r) return smc::unexpected(r.error());
  links_[*idx] = std::move(*l);
  return links_[*idx].get();
}

std::vector<SmcLink*> LinkGroup::links() const {
  std::vector<SmcLink*> out;
  for (const auto& l : links_)
    if (l) out.push_back(l.get());
  return out;
}

SmcLink* LinkGroup::usable_link() const {
  for (const auto& l : links_)
    if (l && l->state() == LinkState::Active) return l.get();
  return nullptr;
}

SmcLink* LinkGroup::link_by_peer_qpn(std::uint32_t qpn) const {
  for (const auto& l : links_)
    if (l && l->peer().qpn == qpn) return l.get();
  return nullptr;
}

std::size_t LinkGroup::active_links() const {
  std::size_t n = 0;
  for (const auto& l : links_) n += (l && l->state() == LinkState::Active) ? 1 : 0;
  return n;
}

Result<std::uint8_t, DeclineCode> LinkGroup::add_rtoken(std::uint8_t link_idx, std::uint32_t rkey,
                                                        std::uint64_t addr) {
  for (std::size_t i = 0; i < rtokens_.size(); ++i) {
    if (!rtokens_[i]) continue;
    auto it = rtokens_[i]->by_link.find(link_idx);
    if (it != rtokens_[i]->by_link.end() && it->second == std::make_pair(rkey, addr))
      return static_cast<std::uint8_t>(i);
  }
  for (std::size_t i = 0; i < rtokens_.size(); ++i) {
    if (rtokens_[i]) continue;
    rtokens_[i] = Rtoken{};
    rtokens_[i]->by_link[link_idx] = {rkey, addr};
    return static_cast<std::uint8_t>(i);
  }
  if (rtokens_.size() >= manager_.config().max_rtokens) return smc::unexpected(DeclineCode::RtokenError);
  rtokens_.emplace_back(Rtoken{});
  rtokens_.back()->by_link[link_idx] = {rkey, addr};
  return static_cast<std::uint8_t>(rtokens_.size() - 1);
}

const Rtoken* LinkGroup::rtoken(std::uint8_t slot) const {
  return slot < rtokens_.size() && rtokens_[slot] ? &*rtokens_[slot] : nullptr;
}

void LinkGroup::remove_rtoken(std::uint8_t slot) {
  if (slot < rtokens_.size()) rtokens_[slot].reset();
}

std::size_t LinkGroup::rtoken_count() const {
  std::size_t n = 0;
  for (const auto& t : rtokens_) n += t ? 1 : 0;
  return n;
}

void LinkGroup::fill_rtokens() {
  // Foreign RMBs: addresses no peer RMB of this run has (high half of the address space),
  // one per slot, so none is mistaken for a known buffer.
  std::uint64_t addr = 0xffff'0000'0000'0000ull;
  const std::uint32_t max = manager_.config().max_rtokens;
  for (std::uint32_t i = 0; i < max; ++i) {
    if (i < rtokens_.size() && rtokens_[i]) continue;
    Rtoken t;
    t.by_link[0] = {0xfeed0000u + i, addr + (static_cast<std::uint64_t>(i) << 20)};
    if (i < rtokens_.size()) rtokens_[i] = std::move(t);
    else rtokens_.emplace_back(std::move(t));
  }
}

void LinkGroup::attach_connection(std::uint32_t token, ConnectionHooks hooks) { connections_[token] = std::move(hooks); }

void LinkGroup::detach_connection(std::uint32_t token) { connections_.erase(token); }

Status<LinkError> LinkGroup::send_llc(SmcLink& link, const llc::LlcMessage& message) {
  llc::LlcMessage m = message;
  switch (manager_.filter_llc(m)) {
    case LlcTxVerdict::Drop: return Ok{};
    case LlcTxVerdict::Fail: return smc::unexpected(LinkError::Rejected);
    case LlcTxVerdict::Send: break;
  }
  return link.send(llc::encode_llc(m));
}

void LinkGroup::await_confirm_rkey(std::uint32_t rkey, std::function<void(bool)> done) {
  auto& w = rkey_waits_[rkey];
  if (w.timer) manager_.timers().cancel(w.timer);
  w.done = std::move(done);
  std::weak_ptr<bool> alive = alive_;
  w.timer = manager_.timers().arm(manager_.config().llc_wait, [this, alive, rkey] {
    if (alive.expired() || !*alive.lock()) return;
    auto it = rkey_waits_.find(rkey);
    if (it == rkey_waits_.end()) return;
    auto f = std::move(it->second.done);
    rkey_waits_.erase(it);
    if (f) f(false);
  });
}

Status<LinkError> LinkGroup::announce_rmb(const RmbElement& rmb, SmcLink& via) {
  const ports::MemoryRegion* mr = rmb.mr_on(via.link_idx());
  if (!mr) return smc::unexpected(LinkError::Rejected);
  llc::LlcConfirmRkey m;
  m.version = llc_version();
  m.rkey = mr->rkey;
  m.rmb_vaddr = mr->addr;
  for (SmcLink* l : links()) {
    if (l == &via || l->state() != LinkState::Active || m.entries.size() >= llc::kConfirmRkeyMaxEntries) continue;
    if (const ports::MemoryRegion* other = rmb.mr_on(l->link_idx()))
      m.entries.push_back(llc::LlcRtoken{l->link_num(), other->rkey, other->addr});
  }
  return send_llc(via, m);
}

void LinkGroup::report_first_contact(std::optional<DeclineCode> result) {
  if (!first_contact_result_) return;
  auto f = std::move(first_contact_result_);
  first_contact_result_ = nullptr;
  f(result);
}

void LinkGroup::start_confirm_link(SmcLink& link) {
  llc::LlcConfirmLink m;
  m.version = llc_version();
  const LinkEndpoint me = link.local();
  m.sender_mac = me.mac;
  m.sender_gid = me.gid;
  m.sender_qp_num = me.qpn;
  m.link_num = link.link_num();
  m.link_uid = static_cast<std::uint32_t>(id_ | link.link_idx());
  m.max_links = max_links_;
  m.max_conns = v2_ ? max_conns_ : 0;
  if (!send_llc(link, m)) report_first_contact(DeclineCode::TimeoutConfirmLink);
}

void LinkGroup::link_activated(SmcLink& link) {
  link.set_active();
  arm_test_link(link.link_idx());
  if (adding_ && adding_->idx == link.link_idx()) {
    adding_.reset();
    if (add_link_timer_) manager_.timers().cancel(add_link_timer_);
    add_link_timer_ = {};
    end_add_link_wait();
  }
}

void LinkGroup::end_add_link_wait() {
  if (!add_link_done_) return;
  auto f = std::move(add_link_done_);
  add_link_done_ = nullptr;
  f();
}

void LinkGroup::on_confirm_link(SmcLink& link, const llc::LlcConfirmLink& m) {
  if (link.state() != LinkState::Activating) return;  // a late duplicate
  if (role_ == LgrRole::Client && !m.response) {
    if (!m.no_rmbe_eyecatcher) return report_first_contact(DeclineCode::RmbeEyecatcher);
    if (auto e = link.to_rts()) return report_first_contact(*e);
    link.set_link_num(m.link_num);
    if (m.max_links) max_links_ = m.max_links;
    if (v2_ && m.max_conns) max_conns_ = m.max_conns;
    llc::LlcConfirmLink r;
    r.version = llc_version();
    r.response = true;
    const LinkEndpoint me = link.local();
    r.sender_mac = me.mac;
    r.sender_gid = me.gid;
    r.sender_qp_num = me.qpn;
    r.link_num = m.link_num;
    r.link_uid = static_cast<std::uint32_t>(id_ | link.link_idx());
    r.max_links = m.max_links;
    r.max_conns = m.max_conns;
    if (!send_llc(link, r)) return report_first_contact(DeclineCode::TimeoutConfirmLink);
    link_activated(link);
    return report_first_contact(std::nullopt);
  }
  if (role_ == LgrRole::Server && m.response) {
    if (!m.no_rmbe_eyecatcher) return report_first_contact(DeclineCode::RmbeEyecatcher);
    const bool first = active_links() == 0;
    link_activated(link);
    report_first_contact(std::nullopt);
    // First contact with max_links > 1: the server offers a second link (§6.5).
    if (first && max_links_ > 1) start_add_link();
  }
}

void LinkGroup::on_delete_link(SmcLink& link, const llc::LlcDeleteLink& m) {
  if (m.response) return;
  if (m.all) return terminate(m.reason, false);
  SmcLink* target = nullptr;
  for (SmcLink* l : links())
    if (l->link_num() == m.link_num && l->state() != LinkState::Down) target = l;
  llc::LlcDeleteLink r;
  r.version = llc_version();
  r.response = true;
  r.orderly = m.orderly;
  r.link_num = m.link_num;
  r.reason = target ? llc::DeleteLinkReason::Success : llc::DeleteLinkReason::UnknownLinkId;
  (void)send_llc(link, r);
  if (!target) return;
  const std::uint8_t idx = target->link_idx();
  if (test_timers_[idx]) manager_.timers().cancel(test_timers_[idx]);
  test_timers_[idx] = {};
  if (adding_ && adding_->idx == idx) adding_.reset();
  drop_link(idx);  // connections follow the first Active link: they move by themselves
  if (!usable_link()) terminate(m.reason, false);
}

void LinkGroup::on_confirm_rkey(SmcLink& link, const llc::LlcConfirmRkey& m) {
  if (m.response) {
    ++confirm_rkey_responses_;
    auto it = rkey_waits_.find(m.rkey);
    if (it == rkey_waits_.end()) return;
    if (it->second.timer) manager_.timers().cancel(it->second.timer);
    auto f = std::move(it->second.done);
    rkey_waits_.erase(it);
    if (f) f(!m.negative);
    return;
  }
  llc::LlcConfirmRkey r = m;
  r.response = true;
  auto slot = add_rtoken(link.link_idx(), m.rkey, m.rmb_vaddr);
  if (slot) {
    for (const auto& e : m.entries) {
      for (SmcLink* l : links())
        if (l->link_num() == e.link_num) rtokens_[*slot]->by_link[l->link_idx()] = {e.rkey, e.rmb_vaddr};
    }
  } else {
    r.negative = true;
    r.retry = true;
  }
  (void)send_llc(link, r);
}

void LinkGroup::on_delete_rkey(SmcLink& link, const llc::LlcDeleteRkey& m) {
  if (m.response) return;
  llc::LlcDeleteRkey r = m;
  r.response = true;
  r.error_mask = 0;
  std::uint8_t unknown = 0;
  for (std::size_t i = 0; i < m.rkeys.size(); ++i) {
    bool found = false;
    for (std::size_t s = 0; s < rtokens_.size(); ++s) {
      if (!rtokens_[s]) continue;
      auto it = rtokens_[s]->by_link.find(link.link_idx());
      if (it != rtokens_[s]->by_link.end() && it->second.first == m.rkeys[i]) {
        rtokens_[s].reset();
        found = true;
        break;
      }
    }
    if (!found) {
      if (v2_) ++unknown;
      else if (i < 8) r.error_mask = static_cast<std::uint8_t>(r.error_mask | (0x80u >> i));
    }
  }
  if (v2_) {
    r.error_mask = unknown;
    r.rkeys.clear();  // the v2 response clears the list (wire-format.md §3.2)
  }
  r.negative = r.error_mask != 0;
  (void)send_llc(link, r);
}

void LinkGroup::on_llc(SmcLink& link, wire::ByteView message) {
  if (terminated_) return;
  auto decoded = llc::decode_llc(message);
  if (!decoded) return;  // Linux drops what it has no handler for
  if (const auto* m = std::get_if<llc::LlcConfirmLink>(&*decoded)) return on_confirm_link(link, *m);
  if (const auto* m = std::get_if<llc::LlcTestLink>(&*decoded)) {
    if (m->response) return;  // any receive counts as life (messages_received)
    llc::LlcTestLink r = *m;
    r.response = true;
    (void)send_llc(link, r);
    return;
  }
  if (const auto* m = std::get_if<llc::LlcDeleteLink>(&*decoded)) return on_delete_link(link, *m);
  if (const auto* m = std::get_if<llc::LlcConfirmRkey>(&*decoded)) return on_confirm_rkey(link, *m);
  if (const auto* m = std::get_if<llc::LlcDeleteRkey>(&*decoded)) return on_delete_rkey(link, *m);
  if (const auto* m = std::get_if<llc::LlcAddLink>(&*decoded)) return on_add_link(link, *m);
  if (const auto* m = std::get_if<llc::LlcAddLinkContinuation>(&*decoded)) return on_add_link_cont(link, *m);
}

void LinkGroup::on_cdc(SmcLink& link, wire::ByteView message) {
  (void)link;
  auto m = cdc::CdcMessage::decode(message);
  if (!m) return;
  auto it = connections_.find(m->token);
  if (it == connections_.end() || !it->second.on_cdc) {
    ++cdc_unknown_token_;  // unknown alert token: dropped, as Linux does
    return;
  }
  it->second.on_cdc(*m);
}

void LinkGroup::on_link_down(SmcLink& link, LinkDownCause cause) {
  (void)cause;
  if (terminated_) return;
  const std::uint8_t idx = link.link_idx();
  if (test_timers_[idx]) manager_.timers().cancel(test_timers_[idx]);
  test_timers_[idx] = {};
  if (SmcLink* survivor = usable_link()) {
    // Connections move by themselves (they ask for a usable link on every send); the peer
    // hears that the link is gone (wire-format.md §6.6).
    llc::LlcDeleteLink d;
    d.version = llc_version();
    d.orderly = true;
    d.link_num = link.link_num();
    d.reason = llc::DeleteLinkReason::LostPath;
    (void)send_llc(*survivor, d);
    if (adding_ && adding_->idx == idx) adding_.reset();
    drop_link(idx);
    return;
  }
  // During first contact nothing is reported: the handshake's own timer gives 0x02010000.
  terminate(llc::DeleteLinkReason::LostPath, false);
}

void LinkGroup::arm_test_link(std::uint8_t idx) {
  const ports::Nanos every = manager_.config().test_link_interval;
  if (every <= 0 || !links_[idx]) return;
  const std::uint64_t seen = links_[idx]->messages_received();
  std::weak_ptr<bool> alive = alive_;
  test_timers_[idx] = manager_.timers().arm(every, [this, alive, idx, seen] {
    if (alive.expired() || !*alive.lock()) return;
    test_link_due(idx, seen);
  });
}

void LinkGroup::test_link_due(std::uint8_t idx, std::uint64_t seen) {
  test_timers_[idx] = {};
  SmcLink* l = links_[idx].get();
  if (terminated_ || !l || l->state() != LinkState::Active) return;
  if (l->messages_received() != seen) return arm_test_link(idx);  // traffic: alive
  llc::LlcTestLink t;
  t.version = llc_version();
  ++test_links_sent_;
  if (!send_llc(*l, t)) return l->go_down(LinkDownCause::TestLinkTimeout);
  const std::uint64_t before = l->messages_received();
  std::weak_ptr<bool> alive = alive_;
  test_timers_[idx] = manager_.timers().arm(manager_.config().llc_wait, [this, alive, idx, before] {
    if (alive.expired() || !*alive.lock()) return;
    test_timers_[idx] = {};
    SmcLink* link = links_[idx].get();
    if (!link || link->state() != LinkState::Active) return;
    if (link->messages_received() == before) return link->go_down(LinkDownCause::TestLinkTimeout);
    arm_test_link(idx);
  });
}

void LinkGroup::terminate(llc::DeleteLinkReason reason, bool tell_peer) {
  if (terminated_) return;
  terminated_ = true;
  cancel_timers();
  bool told = false;
  if (tell_peer) {
    llc::LlcDeleteLink d;
    d.version = llc_version();
    d.all = true;
    d.orderly = true;
    d.reason = reason;
    for (SmcLink* l : links()) {
      if (l->state() == LinkState::Active && send_llc(*l, d)) {
        told = true;
        break;
      }
    }
  }
  // A QP moved to ERR flushes what it has not sent yet: when the peer is being told, the
  // links stay up (unused: the group is terminated) until the group is freed.
  if (!told)
    for (SmcLink* l : links()) l->mark_deleted();
  first_contact_result_ = nullptr;  // the handshake's timer reports it
  add_link_done_ = nullptr;
  auto waits = std::move(rkey_waits_);
  rkey_waits_.clear();
  for (auto& [rkey, w] : waits)
    if (w.done) w.done(false);
  auto conns = std::move(connections_);
  connections_.clear();
  for (auto& [token, hooks] : conns)
    if (hooks.on_group_lost) hooks.on_group_lost();
  manager_.schedule_reap(id_, told ? manager_.config().llc_wait : 0);
}

void LinkGroup::release() {
  cancel_timers();
  std::vector<SmcLink*> ls = links();
  buffers_.release_all(ls);
  for (auto& l : links_) l.reset();
}

}  // namespace smc::link
