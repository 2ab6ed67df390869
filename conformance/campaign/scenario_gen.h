#pragma once
// Random but valid scenarios for a fuzz campaign: 2–8 hosts on one or two segments, IPv4
// subnets (some routed through gateways, some with an asymmetric netmask), IPv6 on some,
// VLAN sub-interfaces and second NICs, RoCE NICs of every kind with random GID types, port
// state, pnetids and netns mode, ISM and loopback-ism devices, UEIDs, SEIDs, pnet tables,
// kernel profiles per host, the SMC sysctls the world models, server and client
// applications (socket kinds, echo, plain-server personalities, IPsec policies, several
// short-lived connections, data), middleboxes and faults.
//
// Only what the handshake world honours (docs/scenario-format.md, column "slice") changes
// the run; keys the world merely parses and that would change a real kernel's outcome
// (syncookies, BPF, limits, fastopen) are never generated, so the oracle and the world speak
// about the same setup. A generated scenario validates and builds a world (tests check it).
#include <cstdint>

#include "conformance/campaign/choices.h"
#include "scenarios/scenario.h"

namespace smc::conformance::campaign {

scenarios::Scenario generate_scenario(Choices& c, std::uint64_t sim_seed);

// The scenario of run `run_index` of the campaign `campaign_seed` (its simulator seed is
// derived from both as well).
scenarios::Scenario scenario_for_run(std::uint64_t campaign_seed, std::uint64_t run_index);

}  // namespace smc::conformance::campaign
