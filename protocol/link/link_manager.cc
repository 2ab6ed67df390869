#include "protocol/link/link_manager.h"

#include <algorithm>

#include "protocol/link/smcr_connection.h"

namespace smc::link {

LinkManager::LinkManager(ports::TimerService& timers, LinkConfig config)
    : timers_(timers), config_(config), psn_state_(config.psn_seed) {}

LinkManager::~LinkManager() {
  for (auto t : reap_timers_) timers_.cancel(t);
  shutdown();
  devices_.clear();
}

void LinkManager::add_device(ports::RnicDevice& rnic) {
  devices_[rnic.attributes().name] = std::make_unique<LinkDevice>(rnic);
}

LinkDevice* LinkManager::device(const std::string& name) const {
  auto it = devices_.find(name);
  return it == devices_.end() ? nullptr : it->second.get();
}

std::unique_ptr<SmcrConnection> LinkManager::create_connection() { return std::make_unique<SmcrConnection>(*this); }

std::optional<PortChoice> LinkManager::alternate_port(const SmcLink& existing, bool v2) const {
  for (const auto& [name, dev] : devices_) {
    for (const auto& port : dev->rnic().attributes().ports) {
      if (dev.get() == &existing.device() && port.port_num == existing.port()) continue;
      auto live = dev->rnic().query_port(port.port_num);
      if (!live || live->state != ports::PortState::Active) continue;
      for (const auto& g : live->gids) {
        const bool v4_mapped = std::all_of(g.gid.begin(), g.gid.begin() + 10, [](std::uint8_t b) { return b == 0; }) &&
                               g.gid[10] == 0xff && g.gid[11] == 0xff;
        const bool fits = v2 ? (g.type == ports::GidType::RoceV2 && v4_mapped) : g.type == ports::GidType::RoceV1;
        if (fits) return PortChoice{dev.get(), port.port_num, g.index};
      }
    }
  }
  return std::nullopt;
}

LinkGroup& LinkManager::create_link_group(LgrRole role, bool v2, const negotiation::SystemId& peer_id) {
  // Linux numbers link groups in steps of 256 (SMC_LGR_NUM_INCR); diag shows the id.
  next_lgr_id_ += 256;
  auto g = std::make_unique<LinkGroup>(*this, next_lgr_id_, role, v2, peer_id);
  g->set_limits(config_.max_links, 255);
  LinkGroup& ref = *g;
  groups_.emplace(next_lgr_id_, std::move(g));
  return ref;
}

LinkGroup* LinkManager::find_link_group(std::uint64_t id) const {
  auto it = groups_.find(id);
  return it == groups_.end() ? nullptr : it->second.get();
}

LinkGroup* LinkManager::find_reusable(LgrRole role, bool v2, const negotiation::SystemId& peer_id,
                                      const ports::Gid& peer_gid, std::optional<std::uint32_t> peer_qpn) const {
  for (const auto& [id, g] : groups_) {
    if (!g->known() || g->role() != role || g->v2() != v2 || g->peer_id() != peer_id) continue;
    if (g->connection_count() >= g->max_conns()) continue;
    for (SmcLink* l : g->links()) {
      if (l->state() != LinkState::Active || l->peer().gid != peer_gid) continue;
      if (peer_qpn && l->peer().qpn != *peer_qpn) continue;
      return g.get();
    }
  }
  return nullptr;
}

std::vector<negotiation::LinkGroupSnapshot> LinkManager::snapshot() const {
  std::vector<negotiation::LinkGroupSnapshot> out;
  for (const auto& [id, g] : groups_) {
    if (!g->known()) continue;
    // One entry per Active link: the client matches the Accept's QP number against any of
    // them. A group without an Active link is either a first contact still in flight (not a
    // reuse candidate yet: the kernel's LGR lock keeps later handshakes waiting, see
    // SmcrHostStack) or about to be freed (a terminated group is not listed).
    for (SmcLink* l : g->links()) {
      if (l->state() != LinkState::Active) continue;
      negotiation::LinkGroupSnapshot s;
      s.server_role = g->role() == LgrRole::Server;
      s.v2 = g->v2();
      s.peer_system_id = g->peer_id();
      s.peer_gid = ports::IpAddress::v6(l->peer().gid).unmapped();
      s.peer_qpn = l->peer().qpn;
      s.conns = static_cast<unsigned>(g->connection_count());
      s.max_conns = g->max_conns();
      s.has_usable_link = true;
      out.push_back(s);
    }
  }
  return out;
}

std::size_t LinkManager::group_count() const {
  std::size_t n = 0;
  for (const auto& [id, g] : groups_) n += g->known() ? 1 : 0;
  return n;
}

std::size_t LinkManager::link_count() const {
  std::size_t n = 0;
  for (const auto& [id, g] : groups_)
    if (g->known()) n += g->active_links();
  return n;
}

std::size_t LinkManager::connection_count() const {
  std::size_t n = 0;
  for (const auto& [id, g] : groups_)
    if (g->known()) n += g->connection_count();
  return n;
}

void LinkManager::forget_link_groups() {
  for (const auto& [id, g] : groups_)
    if (g->known()) g->forget();
}

void LinkManager::fill_rtokens() {
  for (const auto& [id, g] : groups_)
    if (g->known()) g->fill_rtokens();
}

std::uint32_t LinkManager::next_token() {
  if (++next_token_ == 0) ++next_token_;  // 0 is never a token
  return next_token_;
}

std::uint32_t LinkManager::next_psn() {
  // splitmix64: Linux picks a random 24-bit PSN; this one is a function of the seed.
  std::uint64_t z = (psn_state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  z ^= z >> 31;
  return static_cast<std::uint32_t>(z & 0xffffff);
}

void LinkManager::schedule_reap(std::uint64_t id, ports::Nanos delay) {
  reap_timers_.push_back(timers_.arm(delay, [this, id] { reap(id); }));
}

void LinkManager::reap(std::uint64_t id) {
  auto it = groups_.find(id);
  if (it == groups_.end() || !it->second->terminated()) return;
  it->second->release();
  groups_.erase(it);
}

void LinkManager::shutdown() {
  for (auto& [id, g] : groups_) {
    if (!g->terminated()) g->terminate(llc::DeleteLinkReason::ProgramInitiated, false);
    g->release();
  }
  groups_.clear();
}

}  // namespace smc::link
