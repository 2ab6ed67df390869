#include "protocol/link/link_device.h"

#include <vector>

#include "protocol/link/smc_link.h"

namespace smc::link {

LinkDevice::LinkDevice(ports::RnicDevice& rnic) : rnic_(rnic) { rnic_.set_event_handler(this); }

LinkDevice::~LinkDevice() { rnic_.set_event_handler(nullptr); }

void LinkDevice::attach(SmcLink& link) {
  by_cq_[link.cq().id] = &link;
  by_qp_[link.qp().id] = &link;
}

void LinkDevice::detach(SmcLink& link) {
  auto c = by_cq_.find(link.cq().id);
  if (c != by_cq_.end() && c->second == &link) by_cq_.erase(c);
  auto q = by_qp_.find(link.qp().id);
  if (q != by_qp_.end() && q->second == &link) by_qp_.erase(q);
}

std::optional<std::uint32_t> LinkDevice::gid_index(std::uint8_t port, const ports::Gid& gid,
                                                   ports::GidType type) const {
  auto attrs = rnic_.query_port(port);
  if (!attrs) return std::nullopt;
  std::optional<std::uint32_t> any;
  for (const auto& e : attrs->gids) {
    if (e.gid != gid) continue;
    if (e.type == type) return e.index;
    if (!any) any = e.index;
  }
  return any;
}

void LinkDevice::on_completion(ports::CqHandle cq) {
  auto it = by_cq_.find(cq.id);
  if (it != by_cq_.end()) it->second->handle_completions();
}

void LinkDevice::on_async_event(const ports::AsyncEvent& event) {
  // Collect first: a link going down may make its owner detach other links.
  std::vector<SmcLink*> targets;
  for (const auto& [id, link] : by_qp_) {
    bool hit = false;
    switch (event.type) {
      case ports::AsyncEventType::QpFatal:
      case ports::AsyncEventType::QpReqErr:
      case ports::AsyncEventType::QpAccessErr: hit = event.qp && event.qp->id == id; break;
      case ports::AsyncEventType::CqErr: hit = event.cq && event.cq->id == link->cq().id; break;
      case ports::AsyncEventType::PortError: hit = event.port_num == link->port(); break;
      case ports::AsyncEventType::DeviceFatal: hit = true; break;
      case ports::AsyncEventType::PortActive:
      case ports::AsyncEventType::GidChange: break;
    }
    if (hit) targets.push_back(link);
  }
  for (SmcLink* l : targets) {
    // Still attached? (an earlier target's owner may have deleted it meanwhile)
    auto it = by_qp_.find(l->qp().id);
    if (it != by_qp_.end() && it->second == l) l->handle_async(event);
  }
}

}  // namespace smc::link
