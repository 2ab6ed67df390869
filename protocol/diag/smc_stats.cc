#include "protocol/diag/smc_stats.h"

#include <algorithm>
#include <vector>

#include <fmt/core.h>

#include "protocol/knowledge/code_knowledge.h"

namespace smc::diag {

void SmcStats::count_fallback(StatsSide s, std::uint32_t reason) {
  Side& d = side(s);
  ++d.fallback_total;
  auto it = d.by_reason.find(reason);
  if (it != d.by_reason.end()) {
    ++it->second;
  } else if (d.by_reason.size() < kMaxReasons) {
    d.by_reason.emplace(reason, 1);
  }
}

void SmcStats::count_handshake_error(StatsSide s) { ++side(s).handshake_errors; }

void SmcStats::count_success(StatsSide s, bool smcd, int version) {
  Side& d = side(s);
  auto& n = smcd ? (version >= 2 ? d.smcd_v2 : d.smcd_v1) : (version >= 2 ? d.smcr_v2 : d.smcr_v1);
  ++n;
}

std::uint64_t SmcStats::fallbacks(StatsSide s) const { return side(s).fallback_total; }

std::uint64_t SmcStats::fallbacks(StatsSide s, std::uint32_t reason) const {
  const auto& m = side(s).by_reason;
  auto it = m.find(reason);
  return it == m.end() ? 0 : it->second;
}

std::uint64_t SmcStats::handshake_errors(StatsSide s) const { return side(s).handshake_errors; }

std::uint64_t SmcStats::successes(bool smcd) const {
  if (smcd) return client_.smcd_v1 + client_.smcd_v2 + server_.smcd_v1 + server_.smcd_v2;
  return client_.smcr_v1 + client_.smcr_v2 + server_.smcr_v1 + server_.smcr_v2;
}

std::string SmcStats::format(bool smcd) const {
  auto succ = [&](const Side& d) { return smcd ? d.smcd_v1 + d.smcd_v2 : d.smcr_v1 + d.smcr_v2; };
  const std::uint64_t ok = succ(client_) + succ(server_);
  const std::uint64_t v1 = smcd ? client_.smcd_v1 + server_.smcd_v1 : client_.smcr_v1 + server_.smcr_v1;
  const std::uint64_t hs = client_.handshake_errors + server_.handshake_errors;
  const std::uint64_t fb = client_.fallback_total + server_.fallback_total;
  std::string out = smcd ? "SMC-D Connections Summary\n" : "SMC-R Connections Summary\n";
  out += fmt::format("  Total connections handled  {:>12}\n", ok + hs + fb);
  out += fmt::format("  SMC connections            {:>12} (client {}, server {})\n", ok, succ(client_), succ(server_));
  out += fmt::format("    v1                       {:>12}\n", v1);
  out += fmt::format("    v2                       {:>12}\n", ok - v1);
  out += fmt::format("  Handshake errors           {:>12} (client {}, server {})\n", hs, client_.handshake_errors,
                     server_.handshake_errors);
  out += fmt::format("  TCP fallback               {:>12} (client {}, server {})\n", fb, client_.fallback_total,
                     server_.fallback_total);
  for (StatsSide s : {StatsSide::Server, StatsSide::Client}) {
    const Side& d = side(s);
    if (d.by_reason.empty()) continue;
    out += s == StatsSide::Server ? "    Server\n" : "    Client\n";
    // Most frequent first; ties by code, so the order never depends on insertion.
    std::vector<std::pair<std::uint32_t, std::uint64_t>> rows(d.by_reason.begin(), d.by_reason.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [code, n] : rows) {
      std::string name = knowledge::code_constant(code);
      const std::string prefix = "SMC_CLC_DECL_";
      if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
      out += fmt::format("     0x{:08x} {:<14} {:>12}\n", code, name, n);
    }
  }
  return out;
}

}  // namespace smc::diag
