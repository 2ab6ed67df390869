#pragma once
// An application's socket as its kernel opens it (socket(), the options set on it,
// MSG_FASTOPEN), and the per-connection socket policies of a host: the SMC handshake BPF
// policy and per-socket IPsec.
#include <optional>
#include <string>
#include <utility>

#include "conformance/scenario_snapshot.h"
#include "protocol/common/result.h"
#include "protocol/negotiation/host_snapshot.h"
#include "protocol/socket/socket_opening.h"
#include "scenarios/scenario.h"

namespace smc::conformance {

// The level and number of a scenario's socket option: a name from the §7.2 table, or
// "LEVEL" + a number ("SOL_IP" / "23") for an option the table does not name.
std::optional<std::pair<int, int>> sockopt_number(const scenarios::SockoptSpec& o);

// socket(), the options set on it and MSG_FASTOPEN, as the app's kernel decides them.
Result<socket::SocketOpening, std::string> open_app_socket(const scenarios::AppSpec& a, const scenarios::HostSpec& h,
                                                           const std::string& profile_name);

// A host's SMC handshake policy (6.18 BPF `hs_ctrl`, Anolis negotiator BPF) for a connection
// to `peer`: does it forbid the SYN option (client) or the SYN-ACK option (server)? Keys:
// syn_option, synack_option (0 = forbid), peer (a prefix the policy is limited to: the seed's
// "disable SMC on the problematic link").
struct HsPolicy {
  bool no_syn_option = false;
  bool no_synack_option = false;
};

Result<HsPolicy, std::string> hs_policy_for(const scenarios::HostSpec& h, const ScenarioIp& peer);

// An IP_XFRM_POLICY / IPV6_XFRM_POLICY option on the app's socket (the C3/S4 IPsec check).
void apply_ipsec(const scenarios::AppSpec& a, negotiation::ConnectionContext& conn);

}  // namespace smc::conformance
