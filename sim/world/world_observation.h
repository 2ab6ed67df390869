#pragma once
// What a conformance case can check about a TCP world once its run is over (issue 5), taken
// before the world is torn down:
//   * per connection, each side's SMC-R end (ConnectionOutcome::SmcSide: final smcss state
//     and the trail of states, the errno the application saw, whether the connection was
//     freed, smcss -d cursors and -R link group columns);
//   * per host, its link groups as its LinkManager holds them (groups, links, connections)
//     and `smcr stats`-style counters derived from the outcomes (protocol/diag).
// Link groups are not freed when their last connection goes (Linux keeps them for
// SMC_LGR_FREE_DELAY, 10 minutes, longer than any run): a group seen here is freed by the
// world's teardown (LinkManager::shutdown), a terminated one at the next timer event.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "protocol/diag/link_group_listing.h"
#include "protocol/diag/smc_stats.h"
#include "sim/world/handshake_world.h"
#include "sim/world/tcp_world.h"

namespace smc::world {

struct HostObservation {
  std::vector<diag::LinkGroupRow> link_groups;
  std::size_t links = 0;        // over every group
  std::size_t connections = 0;  // over every group
  diag::SmcStats stats;
  std::map<std::string, std::uint64_t> counters;  // diag::stats_counters + "link_groups", "links", "connections"
};

struct WorldObservation {
  std::map<std::string, HostObservation> hosts;  // by host name
};

// Fills each outcome's client_smc / server_smc from the world's runs (same order).
void observe_connections(const TcpWorld& world, std::vector<ConnectionOutcome>& outcomes);
WorldObservation observe_world(const TcpWorld& world, const WorldSetup& setup,
                               const std::vector<ConnectionOutcome>& outcomes);

// run_tcp_world, with the observation taken after the run and before the teardown.
WorldRun run_tcp_world_observed(const WorldSetup& setup, WorldObservation& observation, sim::TraceSink* sink = nullptr,
                                const TcpWorldOptions& options = {});

}  // namespace smc::world
