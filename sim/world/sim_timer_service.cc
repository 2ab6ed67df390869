#include "sim/world/sim_timer_service.h"

#include <utility>

namespace smc::world {

SimTimerService::~SimTimerService() {
  for (auto& [id, p] : pending_) Actor::cancel(p.event);
}

ports::TimerId SimTimerService::arm(ports::Nanos delay, std::function<void()> callback) {
  std::uint64_t id = next_id_++;
  sim::EventId ev = schedule_after(sim::ns(delay < 0 ? 0 : delay), [this, id] { fire(id); });
  pending_.emplace(id, Pending{ev, std::move(callback)});
  return ports::TimerId{id};
}

bool SimTimerService::cancel(ports::TimerId id) {
  auto it = pending_.find(id.value);
  if (it == pending_.end()) return false;
  Actor::cancel(it->second.event);
  pending_.erase(it);
  return true;
}

void SimTimerService::fire(std::uint64_t id) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  // Disarmed before the callback runs, so the callback may re-arm or cancel freely.
  std::function<void()> cb = std::move(it->second.callback);
  pending_.erase(it);
  if (cb) cb();
}

}  // namespace smc::world
