#pragma once
// `smcr stats` / `smcd stats`-style counters (fallback-causes.md §1.4): per network
// namespace, successful SMC connections, fallbacks split by side and keyed by reason,
// and handshake errors counted on their own, never as fallbacks. A socket that fell back
// before connect (0x03060000) counts as "client", listeners included [lab 6.12].
#include <cstdint>
#include <map>
#include <string>

namespace smc::diag {

enum class StatsSide { Client, Server };

class SmcStats {
 public:
  // The kernel keeps a fixed number of distinct reasons per side (§1.4); further new
  // reasons still count in the side's total but get no row of their own.
  static constexpr std::size_t kMaxReasons = 30;

  void count_fallback(StatsSide side, std::uint32_t reason);
  void count_handshake_error(StatsSide side);
  void count_success(StatsSide side, bool smcd, int version);

  std::uint64_t fallbacks(StatsSide side) const;
  std::uint64_t fallbacks(StatsSide side, std::uint32_t reason) const;
  std::uint64_t handshake_errors(StatsSide side) const;
  std::uint64_t successes(bool smcd) const;
  // The per-reason fallback rows of a side, by reason code.
  const std::map<std::uint32_t, std::uint64_t>& fallback_reasons(StatsSide s) const { return side(s).by_reason; }

  // "SMC-R Connections Summary" block with the per-reason fallback breakdown (the -d view).
  std::string format(bool smcd) const;

 private:
  struct Side {
    std::uint64_t fallback_total = 0;
    std::map<std::uint32_t, std::uint64_t> by_reason;  // ordered: deterministic output
    std::uint64_t handshake_errors = 0;
    std::uint64_t smcr_v1 = 0, smcr_v2 = 0, smcd_v1 = 0, smcd_v2 = 0;
  };
  const Side& side(StatsSide s) const { return s == StatsSide::Client ? client_ : server_; }
  Side& side(StatsSide s) { return s == StatsSide::Client ? client_ : server_; }
  Side client_, server_;
};

}  // namespace smc::diag
