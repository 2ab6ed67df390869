#pragma once
// An `smcr linkgroup show` / `smcr -d link show`-style listing (smc-tools): one row per link
// group of a host (id, role, type, connections, links) and, in detail, one row per link
// (link id, device, port, state, GIDs, QP numbers). Plain values the world or a lab fills in.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "protocol/diag/smc_stats.h"

namespace smc::diag {

struct LinkRow {
  std::uint8_t link_id = 0;
  std::string device;
  std::uint8_t port = 1;
  std::string state;  // "ACTIVE", "ACTIVATING", "INACTIVE", "DOWN"
  std::string gid;
  std::string peer_gid;
  std::uint32_t qpn = 0;
  std::uint32_t peer_qpn = 0;
};

struct LinkGroupRow {
  std::uint64_t id = 0;
  bool server_role = false;  // SERV / CLNT
  bool v2 = false;
  bool symmetric = true;     // SYM / ASYM: every link on its own device (or a single link)
  std::size_t connections = 0;
  std::vector<LinkRow> links;
};

// Header, one line per group and, with `links`, its links indented below it.
std::string format_link_groups(const std::vector<LinkGroupRow>& groups, bool links);

// The counters a scenario expectation names (docs/scenario-format.md): "fallback.client",
// "fallback.client.0x03030000", "fallback.server...", "handshake_errors.client|server",
// "smcr.connections", "smcd.connections".
std::map<std::string, std::uint64_t> stats_counters(const SmcStats& stats);

}  // namespace smc::diag
