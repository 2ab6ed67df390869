#include "sim/kernel/timer.h"

#include "sim/kernel/actor.h"

namespace smc::sim {

Timer::Timer(Actor& owner, std::string name, std::function<void()> on_expiry)
    : owner_(owner), name_(std::move(name)), on_expiry_(std::move(on_expiry)) {}

Timer::~Timer() { cancel(); }

void Timer::arm_at(SimTime deadline) {
  cancel();
  deadline_ = deadline;
  pending_ = owner_.schedule_at(deadline, [this] { expire(); });
}

void Timer::arm_after(SimDuration delay) { arm_at(owner_.now() + delay); }

bool Timer::cancel() {
  if (!pending_.valid()) return false;
  bool was_pending = owner_.cancel(pending_);
  pending_ = EventId{};
  return was_pending;
}

void Timer::expire() {
  pending_ = EventId{};
  ++expirations_;
  if (on_expiry_) on_expiry_();
}

}  // namespace smc::sim
