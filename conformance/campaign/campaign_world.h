#pragma once
// One campaign run in the scenario world: the TcpWorld that `smcsim run` and the catalogue use
// (real sim/tcp over sim/net, a SimRnic per RDMA device, a LinkManager per host, the real data
// path), built here rather than through run_tcp_world so that the resources invariant can look
// inside before the world is torn down.
//
// The run's life, and when the resources are counted:
//   1. run:    the setup's duration (the outcomes and the event budget are this phase's);
//   2. settle: the simulator goes on until every host's link layer is at rest (no terminated
//              link group is left: it must be freed, after the LLC wait at most; with
//              CampaignWorldOptions::idle_groups_freed also no group without a connection)
//              or kSettleHorizonNs has passed (beyond Linux's 600 s / 610 s link-group free
//              delays, wire-format.md §3: a group lingering for the kernel's free delay is not a
//              leak, one lingering longer is). The link layer has no free delay yet
//              (docs/link-layer.md: an unused group stays until shutdown), so idle groups are
//              counted but not waited for by default;
//              → link-layer accounting per host (link groups, links, connections);
//   3. shutdown: every host's LinkManager frees whatever groups are left (the end of the
//              applications: LinkManager::shutdown), then every device must hold no PD, MR,
//              CQ or QP: whatever is left was leaked by the link layer or the data path;
//              → device accounting per host and device.
// The trace hash covers phases 1 and 2 (a re-run must settle the same way).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/world/handshake_world.h"
#include "sim/world/tcp_world.h"
#include "sim/world/world_setup.h"

namespace smc::conformance::campaign {

// How long after the run's end the link layer may take to free what it no longer needs.
inline constexpr std::int64_t kSettleHorizonNs = 700'000'000'000LL;
// Events the settle phase may take (a livelock there is a resources finding, not a hang).
inline constexpr std::uint64_t kSettleEventBudget = 200'000;

struct DeviceResources {
  std::string device;
  std::size_t pds = 0, mrs = 0, cqs = 0, qps = 0;  // left after the shutdown
  bool empty() const { return pds == 0 && mrs == 0 && cqs == 0 && qps == 0; }
};

struct HostResources {
  std::string host;
  // After the settle.
  std::size_t link_groups = 0;
  std::size_t idle_groups = 0;        // alive, no connection attached
  std::size_t terminated_groups = 0;  // terminated, not freed
  std::size_t group_connections = 0;  // connections attached to its groups
  std::size_t group_links = 0;        // links in its groups
  std::size_t device_links = 0;       // links its devices still route events to
  std::size_t smcr_sides = 0;         // connection ends on this host whose outcome is SMC-R
  // After the shutdown.
  std::vector<DeviceResources> devices;
};


// Test-only: called after the run and before the settle, with the world (a deliberate leak).
using WorldHook = std::function<void(world::TcpWorld&)>;

struct CampaignWorldOptions {
  // A link group without a connection must be freed within the horizon (Linux's free delay).
  // Off until the link layer frees unused groups (docs/link-layer.md, limitations).
  bool idle_groups_freed = false;
  WorldHook after_run;  // tests only
};

struct CampaignRun {
  CampaignWorldOptions world_options;  // what it ran with (a determinism re-run uses the same)
  world::WorldRun run;              // phase 1 (outcomes, events) with the hash over 1 and 2
  std::vector<HostResources> hosts;  // in host-name order
  bool settled = true;              // the link layer came to rest before the horizon
  std::string settle_error;         // the settle phase stopped short (event budget ...)
};

CampaignRun run_campaign_world(const world::WorldSetup& setup, const CampaignWorldOptions& opt = {});

}  // namespace smc::conformance::campaign
