#include "protocol/diag/link_group_listing.h"

#include <fmt/core.h>

namespace smc::diag {

std::string format_link_groups(const std::vector<LinkGroupRow>& groups, bool links) {
  std::string out = "LG-ID    LG-Role LG-Type #Conns #Links\n";
  for (const auto& g : groups) {
    out += fmt::format("{:08x} {:<7} {:<7} {:>6} {:>6}\n", g.id, g.server_role ? "SERV" : "CLNT",
                       g.symmetric ? "SYM" : "ASYM", g.connections, g.links.size());
    if (!links) continue;
    for (const auto& l : g.links)
      out += fmt::format("  link {:02x} {:<10} port {} {:<10} gid {} peer {} qpn {} peer-qpn {}\n", l.link_id,
                         l.device, l.port, l.state, l.gid, l.peer_gid, l.qpn, l.peer_qpn);
  }
  return out;
}

std::map<std::string, std::uint64_t> stats_counters(const SmcStats& stats) {
  std::map<std::string, std::uint64_t> c;
  for (auto side : {StatsSide::Client, StatsSide::Server}) {
    const std::string name = side == StatsSide::Client ? "client" : "server";
    c["fallback." + name] = stats.fallbacks(side);
    c["handshake_errors." + name] = stats.handshake_errors(side);
    for (const auto& [reason, n] : stats.fallback_reasons(side)) c[fmt::format("fallback.{}.{:#010x}", name, reason)] = n;
  }
  c["smcr.connections"] = stats.successes(false);
  c["smcd.connections"] = stats.successes(true);
  return c;
}

}  // namespace smc::diag
