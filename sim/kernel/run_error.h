#pragma once
// Why a run stopped short of its goal. A run never hangs and never throws: it returns one
// of these, carrying how many events that run call processed and the virtual time it
// reached, so a budget blown by a livelock reads "budget of 1000000 events exhausted at
// 3.141592653s".
#include <cstdint>
#include <string>
#include <string_view>

#include "sim/kernel/time.h"

namespace smc::sim {

struct RunError {
  enum class Kind {
    BudgetExhausted,     // the event budget ran out before the goal was reached
    QueueDrained,        // no event left, and run_until's predicate is still false
    Timeout,             // run_until_or_timeout's deadline passed with the predicate false
    DuplicateActorName,  // set-up error: two actors asked for one name
    InvalidActorName,    // set-up error: empty name, or one a trace line cannot carry
    ScheduledInPast,     // an event or timer was scheduled before now()
  };
  // So that callers can write `err.kind == RunError::BudgetExhausted`.
  static constexpr Kind BudgetExhausted = Kind::BudgetExhausted;
  static constexpr Kind QueueDrained = Kind::QueueDrained;
  static constexpr Kind Timeout = Kind::Timeout;
  static constexpr Kind DuplicateActorName = Kind::DuplicateActorName;
  static constexpr Kind InvalidActorName = Kind::InvalidActorName;
  static constexpr Kind ScheduledInPast = Kind::ScheduledInPast;

  Kind kind;
  std::uint64_t events = 0;  // events processed by the run call that failed
  SimTime at;                // virtual time when it stopped
  std::string detail;        // the actor name, the budget, ...

  std::string message() const;
};

std::string_view to_string(RunError::Kind kind);

}  // namespace smc::sim
