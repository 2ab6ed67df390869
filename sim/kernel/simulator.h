#pragma once
// Simulator: one deterministic run. It owns the virtual clock, the event queue, the trace
// and the run's seed, and knows every actor by name.
//
// Determinism rests on: integer time; events ordered by (time, scheduling order); no
// randomness but RandomStreams derived from the seed; actors kept in a name-ordered map
// (never iterated by pointer); and wall time used only for statistics.
//
// Set-up mistakes (a duplicate actor name, an event scheduled before now) cannot be
// returned from a constructor or a void schedule call, so they are remembered: the next
// run_* call returns them as its RunError instead of running.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "protocol/common/result.h"
#include "sim/kernel/event_queue.h"
#include "sim/kernel/random.h"
#include "sim/kernel/run_error.h"
#include "sim/kernel/run_stats.h"
#include "sim/kernel/time.h"
#include "sim/kernel/trace.h"

namespace smc::sim {

class Actor;

class Simulator {
 public:
  // Large enough for any single scenario's handshake storms, small enough that a
  // livelocked run fails in about a second of wall time.
  static constexpr std::uint64_t kDefaultEventBudget = 10'000'000;

  explicit Simulator(Seed seed);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;
  Simulator(Simulator&&) = delete;
  Simulator& operator=(Simulator&&) = delete;

  Seed seed() const { return seed_; }
  SimTime now() const { return now_; }

  // Schedules `fn` (a callable taking no arguments) at `at` >= now(). An earlier time is
  // a bug in the caller: nothing is scheduled, an invalid id is returned and the next
  // run_* call fails with ScheduledInPast.
  template <typename F>
  EventId schedule_at(SimTime at, F&& fn) {
    if (at < now_) {
      note_past_schedule(at);
      return EventId{};
    }
    return queue_.push(at, std::forward<F>(fn));
  }
  template <typename F>
  EventId schedule_after(SimDuration delay, F&& fn) {
    return schedule_at(now_ + delay, std::forward<F>(fn));
  }
  bool cancel(EventId id) { return queue_.cancel(id); }
  bool pending(EventId id) const { return queue_.pending(id); }
  std::size_t pending_events() const { return queue_.size(); }

  // Runs events until done() is true (checked before each event). Fails with
  // QueueDrained if the events run out first, BudgetExhausted after `event_budget`
  // events.
  template <typename Pred>
  Status<RunError> run_until(Pred&& done, std::uint64_t event_budget = kDefaultEventBudget) {
    return loop(done, SimTime::infinite(), event_budget, Goal::Predicate);
  }
  // As run_until, but fails with Timeout (and the clock stands at now + timeout) if the
  // predicate is still false when no event remains at or before now + timeout.
  template <typename Pred>
  Status<RunError> run_until_or_timeout(Pred&& done, SimDuration timeout,
                                        std::uint64_t event_budget = kDefaultEventBudget) {
    return loop(done, now_ + timeout, event_budget, Goal::PredicateWithDeadline);
  }
  // Runs every event due at or before now + d, then sets the clock to exactly now + d.
  Status<RunError> run_for(SimDuration d, std::uint64_t event_budget = kDefaultEventBudget);
  // Runs until no event is pending.
  Status<RunError> run_until_quiescent(std::uint64_t event_budget = kDefaultEventBudget);

  // The stream of one component, keyed by (seed, name). Equal names give equal streams.
  RandomStream random_stream(std::string_view component) const { return RandomStream(seed_, component); }

  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }

  // Registered actors by name, in name order (deterministic to iterate).
  const std::map<std::string, Actor*, std::less<>>& actors() const { return actors_; }
  Actor* find_actor(std::string_view name) const;
  // The first set-up error, if any (the next run_* call will return it).
  const std::optional<RunError>& setup_error() const { return setup_error_; }

  RunStats stats() const;

 private:
  friend class Actor;
  enum class Goal { Predicate, PredicateWithDeadline, Duration, Quiescence };

  // Returns false (and records the set-up error) if the name is taken or invalid.
  bool register_actor(Actor& actor);
  void unregister_actor(Actor& actor);
  void note_past_schedule(SimTime at);
  void note_setup_error(RunError e);

  // Wall-clock bracket of a run call; see RunStats.
  std::int64_t wall_begin() const;
  void wall_end(std::int64_t begin, std::uint64_t events);
  Status<RunError> stop(RunError::Kind kind, std::uint64_t events, std::string detail);

  template <typename Pred>
  Status<RunError> loop(Pred& done, SimTime deadline, std::uint64_t budget, Goal goal) {
    const std::int64_t wall = wall_begin();
    std::uint64_t n = 0;
    for (;;) {
      if (setup_error_) [[unlikely]] {
        wall_end(wall, n);
        RunError e = *setup_error_;
        e.events = n;
        return smc::unexpected(std::move(e));
      }
      if (done()) break;
      if (queue_.empty()) {
        if (goal == Goal::Duration) now_ = deadline;
        if (goal == Goal::Predicate || goal == Goal::PredicateWithDeadline) {
          wall_end(wall, n);
          return stop(RunError::QueueDrained, n, {});
        }
        break;
      }
      if (deadline != SimTime::infinite() && queue_.next_time() > deadline) {
        now_ = deadline;
        if (goal == Goal::PredicateWithDeadline) {
          wall_end(wall, n);
          return stop(RunError::Timeout, n, {});
        }
        break;
      }
      if (n == budget) [[unlikely]] {
        wall_end(wall, n);
        return stop(RunError::BudgetExhausted, n, "budget " + std::to_string(budget));
      }
      queue_.run_next(now_);
      ++n;
    }
    wall_end(wall, n);
    return Ok{};
  }

  Seed seed_;
  SimTime now_;
  EventQueue queue_;
  Trace trace_;
  std::map<std::string, Actor*, std::less<>> actors_;
  std::optional<RunError> setup_error_;
  std::uint64_t events_processed_ = 0;
  std::int64_t wall_ns_ = 0;
};

}  // namespace smc::sim
