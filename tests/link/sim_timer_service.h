#pragma once
// ports::TimerService on the simulation kernel, for the link-layer tests: a timer is one
// simulated event, cancelled through its EventId.
#include <cstdint>
#include <functional>
#include <map>

#include "protocol/ports/clock.h"
#include "sim/kernel/simulator.h"

namespace smc::link::testing {

class SimTimerService final : public ports::TimerService {
 public:
  explicit SimTimerService(sim::Simulator& sim) : sim_(sim) {}

  ports::Nanos now() const override { return sim_.now().ns(); }

  ports::TimerId arm(ports::Nanos delay, std::function<void()> callback) override {
    const std::uint64_t id = ++next_;
    events_[id] = sim_.schedule_after(sim::SimDuration::from_ns(delay < 0 ? 0 : delay),
                                      [this, id, cb = std::move(callback)] {
                                        events_.erase(id);
                                        cb();
                                      });
    return ports::TimerId{id};
  }

  bool cancel(ports::TimerId id) override {
    auto it = events_.find(id.value);
    if (it == events_.end()) return false;
    const bool pending = sim_.cancel(it->second);
    events_.erase(it);
    return pending;
  }

  std::size_t armed() const { return events_.size(); }

 private:
  sim::Simulator& sim_;
  std::uint64_t next_ = 0;
  std::map<std::uint64_t, sim::EventId> events_;
};

}  // namespace smc::link::testing
