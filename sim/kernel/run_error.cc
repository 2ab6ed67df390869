#include "sim/kernel/run_error.h"

#include <fmt/format.h>

namespace smc::sim {

std::string_view to_string(RunError::Kind kind) {
  switch (kind) {
    case RunError::Kind::BudgetExhausted: return "budget-exhausted";
    case RunError::Kind::QueueDrained: return "queue-drained";
    case RunError::Kind::Timeout: return "timeout";
    case RunError::Kind::DuplicateActorName: return "duplicate-actor-name";
    case RunError::Kind::InvalidActorName: return "invalid-actor-name";
    case RunError::Kind::ScheduledInPast: return "scheduled-in-past";
  }
  return "unknown";
}

std::string RunError::message() const {
  const std::string t = format_time(at);
  switch (kind) {
    case Kind::BudgetExhausted:
      return fmt::format("event budget exhausted: {} events processed, stopped at {}{}{}", events, t,
                         detail.empty() ? "" : ": ", detail);
    case Kind::QueueDrained:
      return fmt::format("no events left at {} after {} events, and the run's goal is not reached", t,
                         events);
    case Kind::Timeout:
      return fmt::format("timed out at {} after {} events{}{}", t, events, detail.empty() ? "" : ": ",
                         detail);
    case Kind::DuplicateActorName:
      return fmt::format("duplicate actor name \"{}\": actor names must be unique", detail);
    case Kind::InvalidActorName:
      return fmt::format("invalid actor name \"{}\": names are non-empty printable ASCII without "
                         "spaces, '\"', '=' or '\\'",
                         detail);
    case Kind::ScheduledInPast:
      return fmt::format("event scheduled in the past at {}: {}", t, detail);
  }
  return "unknown run error";
}

}  // namespace smc::sim
