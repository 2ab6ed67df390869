#pragma once
// The campaign's oracle: what each side of one connection may show, computed from the
// scenario alone with the reference's rules (fallback-causes.md §2 handshake map, §3 rules,
// §4 table, §12 matrix), never through protocol/negotiation. Where the rules decide (the TCP
// phase, IPsec, a client without devices, a middlebox that eats the Proposal, the baseline
// pair's success) the oracle allows one outcome; elsewhere it allows the set of outcomes the
// scenario's ingredients can produce: a code needs its cause (0x02010000 an RDMA blackhole,
// 0x03020000 an IPsec policy, SMC-D an ISM device on both ends ...).
//
// Outcomes use the smcss vocabulary of ConnectionOutcome (client_mode / server_mode), plus
// "pending" for a side still inside its handshake when the run ended.
#include <set>
#include <string>

#include "scenarios/scenario.h"
#include "sim/world/connection_outcome.h"

namespace smc::conformance::campaign {

struct OracleVerdict {
  std::set<std::string> client;  // allowed client views
  std::set<std::string> server;  // allowed server views
  bool definite = false;         // one outcome per side: a regression file can expect it
  // The scenario does not decide the outcome (a network fault that may outlast a handshake
  // timer): only agreement and data are checked for this connection.
  bool undecidable = false;
  std::string rule;              // the reference rule that decided ("§2.1 strip SYN", "general")
};

// The view of each side as the oracle names it.
std::string client_view(const world::ConnectionOutcome& c);
std::string server_view(const world::ConnectionOutcome& c);

// The connection `index` of client app `client` (whose connect names server app `server`).
OracleVerdict oracle_for(const scenarios::Scenario& s, const scenarios::AppSpec& client,
                         const scenarios::AppSpec& server);

}  // namespace smc::conformance::campaign
