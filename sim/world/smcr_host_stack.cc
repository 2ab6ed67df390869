#include "sim/world/smcr_host_stack.h"

#include <algorithm>

#include "sim/rnic/rnic_profiles.h"

namespace smc::world {

ports::RnicAttributes rnic_attributes_of(const negotiation::RdmaDevice& device) {
  sim::RnicNetdev nd;
  ports::RnicAttributes a = sim::make_rnic_attributes(ports::RnicType::Mlx5, device.name, nd);
  a.netns = device.netns;
  a.ports.clear();
  bool any_v1 = false;
  for (const auto& p : device.ports) {
    ports::PortAttributes port;
    port.port_num = p.number;
    port.state = p.active ? ports::PortState::Active : ports::PortState::Down;
    port.mac = p.mac;
    port.netdev = p.netdev;
    port.pnetid = p.pnetid;
    for (const auto& g : p.gids) {
      ports::GidEntry e;
      e.index = static_cast<std::uint32_t>(port.gids.size());
      // The link layer looks GIDs up in this form (v4 addresses v4-mapped).
      e.gid = g.gid.mapped_v6().bytes();
      e.type = g.type == negotiation::GidType::RoceV1 ? ports::GidType::RoceV1 : ports::GidType::RoceV2;
      any_v1 = any_v1 || e.type == ports::GidType::RoceV1;
      e.netdev = g.netdev;
      port.gids.push_back(std::move(e));
    }
    a.ports.push_back(std::move(port));
  }
  a.caps.roce_v2_only = !any_v1;
  return a;
}

SmcrHostStack::SmcrHostStack(sim::Simulator& sim, const std::string& host, const negotiation::HostSnapshot& snapshot,
                             WorldRoceFabric& fabric)
    : timers_(sim, "rdma@" + host + "/timers") {
  link::LinkConfig config;
  // Each host its own PSN stream, from its name: adding a host does not shift the others.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : host) h = (h ^ ch) * 1099511628211ULL;
  config.psn_seed = h;
  links_ = std::make_unique<link::LinkManager>(timers_, config);
  for (const auto& d : snapshot.rdma) {
    if (d.ports.empty()) continue;
    ports::RnicAttributes attrs = rnic_attributes_of(d);
    auto rnic = std::make_unique<sim::SimRnic>(sim, "rdma@" + host + "/" + d.name, fabric, attrs);
    for (const auto& p : attrs.ports)
      for (const auto& g : p.gids) fabric.assign_host(g.gid, host);
    links_->add_device(*rnic);
    rnics_.push_back(std::move(rnic));
  }
}

SmcrHostStack::~SmcrHostStack() {
  // The link groups hold QPs and MRs on the devices: gone first.
  links_->shutdown();
  links_.reset();
}

bool SmcrHostStack::try_lock(bool server, const void* owner, std::function<void()> retry) {
  LgrLock& l = locks_[server ? 1 : 0];
  if (l.holder == owner) return true;
  if (!l.holder) {
    // Queued handshakes go first, in arrival order.
    if (l.waiting.empty() || l.waiting.front().first == owner) {
      if (!l.waiting.empty()) l.waiting.pop_front();
      l.holder = owner;
      return true;
    }
  }
  for (const auto& w : l.waiting)
    if (w.first == owner) return false;
  l.waiting.emplace_back(owner, std::move(retry));
  return false;
}

void SmcrHostStack::unlock(bool server, const void* owner) {
  LgrLock& l = locks_[server ? 1 : 0];
  for (auto it = l.waiting.begin(); it != l.waiting.end(); ++it)
    if (it->first == owner) {
      l.waiting.erase(it);
      break;
    }
  if (l.holder != owner) return;
  l.holder = nullptr;
  if (l.waiting.empty()) return;
  // Not from inside the releasing handshake's handler: the waiter resumes from a timer.
  auto wake = l.waiting.front().second;
  timers_.arm(0, [wake] { if (wake) wake(); });
}

void SmcrHostStack::schedule_event(const std::string& kind, std::int64_t at_ns) {
  if (!events_.emplace(kind, at_ns).second) return;
  const std::int64_t delay = std::max<std::int64_t>(0, at_ns - timers_.now());
  timers_.arm(delay, [this, kind] {
    if (kind == "lgr-forget") links_->forget_link_groups();
    else if (kind == "rtoken-fill") links_->fill_rtokens();
  });
}

sim::SimRnic* SmcrHostStack::rnic(const std::string& device) const {
  for (const auto& r : rnics_)
    if (r->attributes().name == device) return r.get();
  return nullptr;
}

}  // namespace smc::world
