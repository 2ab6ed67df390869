#pragma once
// What a lab run brought back (scripts/lab/run's JSON), and the same per-connection view the
// simulator gives (world::ConnectionOutcome), so both are judged by one checker and printed
// in one vocabulary ("SMCR", "TCP 0x05000000/0x03030000", "-", "dropped", "failed", "INIT").
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/common/result.h"
#include "sim/world/connection_outcome.h"

namespace smc::lab {

// One socket as the guest agent reported it.
struct LabSocketResult {
  std::string role;            // client | server
  int conn = 0;                // 1-based, in connect (client) or accept (server) order
  std::string kind;            // smc | plain | dropped | setup
  bool diag = false;           // an SMC socket was found in NETLINK_SOCK_DIAG
  int state = 0;               // sk_state (2 = INIT)
  int mode = 0;                // 0 SMC-R, 1 TCP, 2 SMC-D
  std::uint32_t reason = 0;    // fallback_rsn
  std::uint32_t peer = 0;      // peer_diagnosis
  std::uint32_t sndbuf = 0, rmbe = 0, peer_rmbe = 0;
  std::string error;           // errno name the application saw ("" = none)
  std::string data;            // client: ok | eof | read-failed | write-failed | corrupt | none
};

struct LabCaseRun {
  std::string id;
  std::string status;          // ok | hung | error
  std::string detail;
  std::int64_t elapsed_ms = 0;
  std::vector<LabSocketResult> sockets;
};

struct LabRun {
  std::string kernel;          // uname -r of the guest
  bool complete = false;       // the guest reached the end of its case list
  double wall_s = 0;
  std::vector<LabCaseRun> cases;
};

Result<LabRun, std::string> parse_lab_run(const std::string& json);

// errno names the agent prints (strerrorname_np) back to numbers; 0 for "".
int errno_from_name(const std::string& name);

// The case's connections in the simulator's terms: connection k pairs the client's k-th
// socket with the server's k-th. A socket the guest never reported (the case hung) leaves
// that side empty and is listed in `missing`.
std::vector<world::ConnectionOutcome> to_outcomes(const LabCaseRun& run, const std::string& client_app,
                                                  const std::string& server_app, int connections,
                                                  std::vector<std::string>* missing = nullptr);

}  // namespace smc::lab
