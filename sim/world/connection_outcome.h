#pragma once
// What one simulated connection left behind, as a conformance case checks it: both sides'
// SMC socket records (smcss Mode column), the client's errno, whether the server dropped
// the child, the CLC messages in wire order, and whether the application bytes arrived.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/diag/socket_diag.h"
#include "protocol/socket/smc_socket_record.h"
#include "sim/world/message_event.h"

namespace smc::world {

struct ConnectionOutcome {
  std::string client_app;
  std::string server_app;
  int index = 1;
  std::string client_address;  // for the smcss view
  std::string server_address;
  std::uint16_t client_port = 0;
  std::uint16_t server_port = 0;
  std::optional<socket::SmcSocketRecord> client;  // nullopt: the client socket is not SMC
  std::optional<socket::SmcSocketRecord> server;  // nullopt: not SMC, or dropped
  std::optional<int> client_errno;                // connect() failed, or ECONNRESET later
  bool server_dropped = false;
  bool server_reset = false;
  std::vector<std::string> wire;                  // "P", "A", "C", "D(C->S v1 0x03030000)"
  bool data_sent = false;
  bool data_intact = false;                       // every byte arrived in order (and echoed back)
  std::int64_t client_done_ns = -1;
  std::int64_t server_done_ns = -1;
  std::vector<std::string> script_mismatches;     // a scripted peer saw something its script did not expect
  MessageLog messages;                            // the ladder: every message and mark, in time order

  // ---- lifecycle (issue 5): the SMC-R data path's end, filled after the run
  // (sim/world/world_observation.h). Empty/nullopt where no real SMC-R data path ran.
  struct SmcSide {
    diag::SmcState state = diag::SmcState::Active;  // smcss State at the end of the run
    std::vector<diag::SmcState> trail;              // every state entered, in order
    std::optional<int> app_errno;                   // what the app's read/write saw (ECONNRESET, ECONNABORTED)
    bool freed = false;                             // the connection was freed (its buffers back in the pool)
    std::optional<diag::ConnInfo> conn;             // smcss -d
    std::optional<diag::LinkGroupInfo> lgr;         // smcss -R
  };
  std::optional<SmcSide> client_smc;
  std::optional<SmcSide> server_smc;

  std::string client_mode() const;  // smcss Mode, "failed" or "-" (not an SMC socket)
  std::string server_mode() const;  // smcss Mode, "dropped" or "-"
  std::string wire_text() const;    // "P,A,C"
};

// "ETIMEDOUT" for 110 and the few errnos connect() reports here; else the number.
std::string errno_name(int err);

}  // namespace smc::world
