#pragma once
// Actor: every participant of a run that schedules events (a host's TCP stack, an RNIC,
// a queue pair, a link). Each has a unique, human-readable name -- "client/eth0",
// "server/rnic0/qp17" -- under which it traces and from which its random stream is
// derived, so its draws depend on the seed and its name only.
//
// The simulator keeps a pointer to every actor and events capture `this`, so actors are
// neither copyable nor movable, and must outlive the runs that can reach them (or
// cancel their events and timers first; a Timer cancels itself when destroyed).
//
// A name that is taken or invalid leaves the actor unregistered (registered() == false)
// and makes the simulator's next run fail with the corresponding RunError; make_actor()
// returns that error directly.
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "protocol/common/result.h"
#include "sim/kernel/random.h"
#include "sim/kernel/simulator.h"

namespace smc::sim {

class Actor {
 public:
  Actor(Simulator& sim, std::string name);
  virtual ~Actor();
  Actor(const Actor&) = delete;
  Actor& operator=(const Actor&) = delete;
  Actor(Actor&&) = delete;
  Actor& operator=(Actor&&) = delete;

  const std::string& name() const { return name_; }
  bool registered() const { return registered_; }
  Simulator& simulator() const { return sim_; }
  SimTime now() const { return sim_.now(); }
  RandomStream& random() { return random_; }

  template <typename F>
  EventId schedule_at(SimTime at, F&& fn) {
    return sim_.schedule_at(at, std::forward<F>(fn));
  }
  template <typename F>
  EventId schedule_after(SimDuration delay, F&& fn) {
    return sim_.schedule_after(delay, std::forward<F>(fn));
  }
  // A no-op once the simulator is gone, so timers of actors that outlive it die quietly.
  bool cancel(EventId id) { return !sim_detached_ && sim_.cancel(id); }

  // One trace record at now(), under this actor's name.
  void trace(std::string_view kind, std::initializer_list<TraceField> fields = {}) {
    sim_.trace().record(sim_.now(), name_, kind, fields);
  }

 private:
  friend class Simulator;
  Simulator& sim_;
  std::string name_;
  RandomStream random_;
  bool registered_ = false;
  bool sim_detached_ = false;  // the simulator was destroyed first
};

// Constructs a T (an Actor subclass taking (Simulator&, std::string name, args...)) and
// returns it, or the set-up error its name caused.
template <typename T, typename... Args>
Result<std::unique_ptr<T>, RunError> make_actor(Simulator& sim, std::string name, Args&&... args) {
  auto actor = std::make_unique<T>(sim, std::move(name), std::forward<Args>(args)...);
  if (!actor->registered()) {
    return smc::unexpected(sim.setup_error().value_or(
        RunError{RunError::InvalidActorName, 0, sim.now(), actor->name()}));
  }
  return actor;
}

}  // namespace smc::sim
