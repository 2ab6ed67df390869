#pragma once
// The invariants a fuzz campaign checks after every run, each a named checker returning
// typed violations (issue 6):
//   agreement    both ends of a connection tell the same story: both SMC in the same mode, or
//                a fallback whose codes match (a sent Decline is the peer's peer_diagnosis), or
//                a failure the other side sees as a failure;
//   oracle       every side's outcome is one the reference allows for this scenario
//                (campaign/oracle.h, computed from the scenario alone);
//   data         every byte the client wrote arrived once, in order (and came back from an
//                echo server), unless the application saw an error;
//   resources    nothing is left behind when the run ends: no side is still inside its
//                handshake (a leaked timer or state) once every timer had time to fire; the
//                link layer comes to rest (no idle or terminated link group outlives the free
//                delay), no host has more connections in its link groups than SMC-R ends,
//                every link its devices know is in a group, and once the link groups are
//                freed no device holds a PD, MR, CQ or QP (campaign/campaign_world.h);
//   budget       the run ran at all (no set-up RunError) and stayed within its event budget
//                (no livelock);
//   determinism  a re-run with the same seed gives the same trace hash.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/scenario.h"
#include "conformance/campaign/campaign_world.h"
#include "sim/world/handshake_world.h"
#include "sim/world/world_setup.h"

namespace smc::conformance::campaign {

enum class Invariant : std::uint8_t { Agreement, Oracle, Data, Resources, Budget, Determinism };
inline constexpr Invariant kAllInvariants[] = {Invariant::Agreement, Invariant::Oracle,    Invariant::Data,
                                               Invariant::Resources, Invariant::Budget,    Invariant::Determinism};

const char* to_string(Invariant i);  // "agreement", "oracle", ...
std::optional<Invariant> invariant_by_name(std::string_view name);

struct Violation {
  Invariant invariant = Invariant::Agreement;
  std::string connection;  // "cli1#2" or "" for the whole run
  std::string message;
  std::string to_string() const;  // "oracle: cli1#2: client shows ..., allowed {...} (rule)"
};

struct InvariantOptions {
  // Event budget of a run: base + per connection. A handshake needs a few dozen events.
  std::uint64_t budget_base = 200;
  std::uint64_t budget_per_connection = 400;
  // The resources checker also wants every link group without a connection freed within
  // kSettleHorizonNs (campaign_world.h: off until the link layer has Linux's free delay).
  bool idle_groups_freed = false;
};

// With the scenario, a connection whose outcome a network fault leaves undecided (oracle.h)
// may also show the ends of a lost message: a server that gave up (dropped) while the client
// went on, or a client whose timer fired (failed) while the server's Decline was on its way.
std::vector<Violation> check_agreement(const std::vector<world::ConnectionOutcome>& conns,
                                       const scenarios::Scenario* s = nullptr);
std::vector<Violation> check_oracle(const scenarios::Scenario& s, const std::vector<world::ConnectionOutcome>& conns);
std::vector<Violation> check_data(const scenarios::Scenario& s, const std::vector<world::ConnectionOutcome>& conns);
std::vector<Violation> check_resources(const scenarios::Scenario& s, const CampaignRun& run);
std::vector<Violation> check_budget(const world::WorldRun& run, const InvariantOptions& opt);
// Re-runs `setup` and compares its trace hash with `first`.
std::optional<Violation> check_determinism(const world::WorldSetup& setup, const CampaignRun& first);

// Every checker but determinism (which costs a second run), in the order above.
std::vector<Violation> check_run(const scenarios::Scenario& s, const CampaignRun& run, const InvariantOptions& opt);

// "cli1#2"
std::string connection_name(const world::ConnectionOutcome& c);

}  // namespace smc::conformance::campaign
