#pragma once
// ports::TimerService over the simulation kernel: "now" is the Simulator's virtual clock and
// an armed timer is one simulator event. Timers due at the same instant run in the order
// they were armed, because the event queue orders equal times by scheduling order -- the
// reproducibility the interface promises comes from the kernel, not from this class.
//
// An actor (its name is "<owner>/timers"): neither copyable nor movable, as its events point
// into it. Destroying it cancels every timer still pending.
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "protocol/ports/clock.h"
#include "sim/kernel/actor.h"

namespace smc::world {

class SimTimerService final : public sim::Actor, public ports::TimerService {
 public:
  SimTimerService(sim::Simulator& sim, std::string name) : Actor(sim, std::move(name)) {}
  ~SimTimerService() override;

  ports::Nanos now() const override { return Actor::now().ns(); }
  // A negative delay is treated as 0 (the interface asks for >= 0; the past is not reachable).
  ports::TimerId arm(ports::Nanos delay, std::function<void()> callback) override;
  bool cancel(ports::TimerId id) override;

  std::size_t pending() const { return pending_.size(); }

 private:
  void fire(std::uint64_t id);

  struct Pending {
    sim::EventId event;
    std::function<void()> callback;
  };
  // Keyed by the TimerId value (arming order), never by pointer.
  std::map<std::uint64_t, Pending> pending_;
  std::uint64_t next_id_ = 1;
};

}  // namespace smc::world
