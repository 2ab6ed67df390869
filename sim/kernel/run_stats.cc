#include "sim/kernel/run_stats.h"

#include <fmt/format.h>

namespace smc::sim {

double RunStats::events_per_second() const {
  return wall_seconds > 0 ? static_cast<double>(events_processed) / wall_seconds : 0.0;
}

double RunStats::sim_seconds_per_wall_second() const {
  return wall_seconds > 0 ? static_cast<double>(sim_time.ns()) / 1e9 / wall_seconds : 0.0;
}

std::string RunStats::summary() const {
  return fmt::format(
      "seed        {}\n"
      "events      {} processed, {} scheduled, {} pending\n"
      "sim time    {}\n"
      "wall time   {:.6f} s\n"
      "speed       {:.3f} M events/s, {:.1f} sim-s per wall-s\n"
      "trace       {} records, hash {:016x}\n",
      seed, events_processed, events_scheduled, events_pending, format_time(sim_time), wall_seconds,
      events_per_second() / 1e6, sim_seconds_per_wall_second(), trace_records, trace_hash);
}

}  // namespace smc::sim
