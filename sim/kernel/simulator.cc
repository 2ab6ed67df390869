#include "sim/kernel/simulator.h"

#include <chrono>

#include "sim/kernel/actor.h"

namespace smc::sim {

Simulator::Simulator(Seed seed) : seed_(seed) {}

Simulator::~Simulator() {
  // Actors outliving their simulator would call back into freed memory; detaching them
  // here keeps their destructors from doing so.
  for (auto& [name, actor] : actors_) actor->sim_detached_ = true;
}

Status<RunError> Simulator::run_for(SimDuration d, std::uint64_t event_budget) {
  auto never = [] { return false; };
  return loop(never, now_ + d, event_budget, Goal::Duration);
}

Status<RunError> Simulator::run_until_quiescent(std::uint64_t event_budget) {
  auto never = [] { return false; };
  return loop(never, SimTime::infinite(), event_budget, Goal::Quiescence);
}

Actor* Simulator::find_actor(std::string_view name) const {
  auto it = actors_.find(name);
  return it == actors_.end() ? nullptr : it->second;
}

namespace {
// Actor names appear unquoted in trace lines, so they may not contain what separates or
// quotes fields there.
bool valid_actor_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '=' || c == '\\') return false;
  }
  return true;
}
}  // namespace

bool Simulator::register_actor(Actor& actor) {
  if (!valid_actor_name(actor.name())) {
    note_setup_error(RunError{RunError::InvalidActorName, 0, now_, actor.name()});
    return false;
  }
  auto [it, inserted] = actors_.emplace(actor.name(), &actor);
  if (!inserted) {
    note_setup_error(RunError{RunError::DuplicateActorName, 0, now_, actor.name()});
    return false;
  }
  return true;
}

void Simulator::unregister_actor(Actor& actor) {
  auto it = actors_.find(actor.name());
  if (it != actors_.end() && it->second == &actor) actors_.erase(it);
}

void Simulator::note_past_schedule(SimTime at) {
  note_setup_error(RunError{RunError::ScheduledInPast, 0, now_,
                            "requested time " + format_time(at) + " is before now " + format_time(now_)});
}

void Simulator::note_setup_error(RunError e) {
  if (!setup_error_) setup_error_ = std::move(e);
}

// Wall time: statistics only (events/s, sim-s per wall-s). It never reaches the trace,
// an event's time, or any decision taken during a run.
std::int64_t Simulator::wall_begin() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Simulator::wall_end(std::int64_t begin, std::uint64_t events) {
  wall_ns_ += wall_begin() - begin;
  events_processed_ += events;
}

Status<RunError> Simulator::stop(RunError::Kind kind, std::uint64_t events, std::string detail) {
  return smc::unexpected(RunError{kind, events, now_, std::move(detail)});
}

RunStats Simulator::stats() const {
  RunStats s;
  s.seed = seed_.value;
  s.events_processed = events_processed_;
  s.events_scheduled = queue_.scheduled_total();
  s.events_pending = queue_.size();
  s.trace_records = trace_.records();
  s.trace_hash = trace_.hash();
  s.sim_time = now_;
  s.wall_seconds = static_cast<double>(wall_ns_) / 1e9;
  return s;
}

}  // namespace smc::sim
