#pragma once
// How much a simulator has done and how fast. Wall time is measured ONLY to fill these
// statistics: it never reaches the trace, an event, or any decision of a run.
#include <cstdint>
#include <string>

#include "sim/kernel/time.h"

namespace smc::sim {

struct RunStats {
  std::uint64_t seed = 0;
  std::uint64_t events_processed = 0;
  std::uint64_t events_scheduled = 0;
  std::uint64_t events_pending = 0;
  std::uint64_t trace_records = 0;
  std::uint64_t trace_hash = 0;
  SimTime sim_time;
  double wall_seconds = 0.0;  // inside run_* calls only

  double events_per_second() const;
  double sim_seconds_per_wall_second() const;
  // A short block of "label  value" lines for the end of a run.
  std::string summary() const;
};

}  // namespace smc::sim
