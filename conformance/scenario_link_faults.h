#pragma once
// Scenario faults on the real SMC-R link layer (docs/scenario-format.md fault table; §12 rows
// 7, 48, 59, 60, 65, 68, 71, 72): they become InjectedLinkFailures entries that the world's
// host stacks apply (sim/world/injected_link_layer.h, SmcrHostStack):
//   llc-drop / llc-fail     the target host's LLC message `message` is lost / fails to post
//   crafted-confirm-link    the target host sends Confirm Link without "no RMBE eyecatcher"
//   drop-lgr-silently       at `at`, the target host loses its link groups without a word
//   rtoken-fill             at `at`, the target host's link groups' rtoken tables fill up
//   lgr-link-race           a reusing connection on the target host finds its matched link
//                           group's links gone before it picks one
#include <optional>
#include <string>

#include "scenarios/scenario.h"
#include "sim/world/world_setup.h"

namespace smc::conformance {

// True when `kind` is one of the kinds above.
bool is_link_fault(const std::string& kind);

// Adds the fault to cs.link_failures when it names one of the connection's hosts. nullopt:
// applied (or not about this connection); else why it cannot be expressed.
std::optional<std::string> apply_link_fault(const scenarios::FaultSpec& f, world::ConnectionSetup& cs);

}  // namespace smc::conformance
