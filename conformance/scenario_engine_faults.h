#pragma once
// Host and socket settings whose effect on a connection the engine decides (protocol/), put
// into a ConnectionSetup the world can run (fallback-causes.md §12 rows 13, 17, 46):
//   - an app's `concurrency`: K connections of the app start together (batches 1 ms apart);
//   - the server's handshake limitation (limit_smc_hs / Anolis limit_handshake) under a
//     congested SMC handshake queue (protocol/handshake/handshake_queue.h), replayed over
//     every connection to the server host: a SYN that finds the queue congested loses the
//     SMC option;
//   - TCP-AO on the client socket (TCP_AO_ADD_KEY before connect): with timestamps the SYN
//     has no room for the SMC option (protocol/tcp_option build_linux_syn_options);
//   - the `sysctl-change` fault (vendor options changed mid-handshake, row 46).
// A SYN that leaves without the SMC option reaches the world as ConnectionSetup::strip_syn:
// the outcome is the same (both ends 0x03010000, no CLC) although the world's trace names a
// stripping filter; the precise world hook is described in docs/engine.md.
#include <optional>
#include <string>

#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

// nullopt: applied; else why the world cannot express it.
std::optional<std::string> apply_engine_effects(const scenarios::Scenario& s, const scenarios::HostSpec& client,
                                                const scenarios::HostSpec& server, world::ConnectionSetup& cs);

// A `sysctl-change` fault (target host, sysctl, value, at) on this connection's hosts.
std::optional<std::string> apply_sysctl_change(const scenarios::FaultSpec& f, world::ConnectionSetup& cs);

}  // namespace smc::conformance
