#include "sim/world/handshake_world.h"

namespace smc::world {

HandshakeWorld::HandshakeWorld(sim::Simulator& sim, const WorldSetup& setup)
    : sim_(sim), duration_ns_(setup.duration_ns) {
  for (const auto& c : setup.connections) connections_.push_back(std::make_unique<HandshakeConnection>(sim_, c));
}

std::vector<ConnectionOutcome> HandshakeWorld::run() {
  for (auto& c : connections_) c->start();
  // A run error (a set-up mistake) leaves the outcomes as far as they got; the trace says why.
  if (auto st = sim_.run_for(sim::ns(duration_ns_)); !st) {
    run_error_ = st.error().message();
    sim_.trace().record(sim_.now(), "world", "run.error", {{"error", run_error_}});
  }
  std::vector<ConnectionOutcome> out;
  for (auto& c : connections_) out.push_back(c->outcome());
  return out;
}

WorldRun run_world(const WorldSetup& setup, sim::TraceSink* sink) {
  sim::Simulator sim(sim::Seed(setup.seed));
  if (sink) sim.trace().attach(*sink);
  WorldRun r;
  {
    HandshakeWorld world(sim, setup);
    r.connections = world.run();
    r.run_error = world.run_error();
  }
  if (sink) sim.trace().detach(*sink);
  r.trace_hash = sim.trace().hash();
  r.trace_records = sim.trace().records();
  r.stats = sim.stats();
  r.events = r.stats.events_processed;
  return r;
}

}  // namespace smc::world
