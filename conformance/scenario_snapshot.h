#pragma once
// A scenario host as the engine sees it: its HostSnapshot (netdevs, routes, RDMA and ISM
// devices with MACs and GIDs, pnet table, UEIDs, sysctls), and the small address helpers the
// rest of the scenario-to-world translation shares.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/negotiation/host_snapshot.h"
#include "scenarios/scenario.h"

namespace smc::conformance {

using ScenarioIp = decltype(negotiation::InterfaceAddress{}.address);

struct PrefixedAddress {
  ScenarioIp address;
  std::uint8_t len = 32;
  bool v6 = false;
};

// Scenario files are validated before they get here: these helpers assume well-formed text.
ScenarioIp parse_ip(const std::string& text);
PrefixedAddress parse_prefixed(const std::string& text);
bool starts_with(const std::string& s, const std::string& prefix);

// A host's net.smc sysctl ("limit_smc_hs" or "net.smc.limit_smc_hs"), if the scenario sets it.
std::optional<std::int64_t> sysctl(const scenarios::HostSpec& h, const std::string& name);

// The host's snapshot; `index` (the host's place in the scenario) makes system IDs, MACs,
// RoCEv1 GIDs and ISM GIDs distinct between hosts.
negotiation::HostSnapshot snapshot_of(const scenarios::HostSpec& h, std::size_t index);

// ISM reachability is the "can talk" query the world answers: loopback-ism reaches only its
// own host, a real ISM every ISM with the same CHID.
void fill_ism_reach(std::vector<negotiation::HostSnapshot>& hosts);

// The address an app's socket uses on a host: bind, else the first address of the family.
std::optional<ScenarioIp> host_address(const scenarios::HostSpec& h, bool v6, const std::string& bind);

}  // namespace smc::conformance
