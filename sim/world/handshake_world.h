#pragma once
// HandshakeWorld: every connection of a WorldSetup on one Simulator, run for the setup's
// duration. The handshake slice of the simulated world: it needs neither sim/net nor sim/tcp
// (a connection's bytes travel with the segment's one-way delay, loss-free and in order) and
// stands in for the RDMA link layer with the first-contact LLC exchange's outcome.
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/run_stats.h"
#include "sim/kernel/simulator.h"
#include "sim/world/connection_outcome.h"
#include "sim/world/handshake_connection.h"
#include "sim/world/world_setup.h"

namespace smc::world {

class HandshakeWorld {
 public:
  HandshakeWorld(sim::Simulator& sim, const WorldSetup& setup);
  HandshakeWorld(const HandshakeWorld&) = delete;
  HandshakeWorld& operator=(const HandshakeWorld&) = delete;

  // Runs the simulator for the setup's duration; outcomes in setup order.
  std::vector<ConnectionOutcome> run();
  // Why the run stopped short (a set-up mistake, an exhausted event budget); empty if it did not.
  const std::string& run_error() const { return run_error_; }

 private:
  std::string run_error_;
  sim::Simulator& sim_;
  std::int64_t duration_ns_;
  std::vector<std::unique_ptr<HandshakeConnection>> connections_;
};

struct WorldRun {
  std::vector<ConnectionOutcome> connections;
  std::uint64_t trace_hash = 0;
  std::uint64_t trace_records = 0;
  std::uint64_t events = 0;
  sim::RunStats stats;  // events, simulated time, wall time (statistics only)
  std::string run_error;  // non-empty: the run stopped short; the outcomes are as far as they got
};

// A fresh Simulator seeded with setup.seed; `sink` (optional) receives the trace.
WorldRun run_world(const WorldSetup& setup, sim::TraceSink* sink = nullptr);

}  // namespace smc::world
