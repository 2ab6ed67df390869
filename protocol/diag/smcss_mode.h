#pragma once
// The Mode column of smcss (fallback-causes.md §1.3): "SMCR", "SMCD", "TCP 0xRRRRRRRR" and,
// when the peer's diagnosis is not zero, "TCP 0xRRRRRRRR/0xPPPPPPPP" (local code first).
// Formatting and parsing live together so they stay each other's inverse.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smc::diag {

// The sock_diag mode byte (§1.2): SMC-R 0, fallback TCP 1, SMC-D 2.
enum class DiagMode : std::uint8_t { Smcr = 0, FallbackTcp = 1, Smcd = 2 };

struct SmcssMode {
  DiagMode mode = DiagMode::Smcr;
  std::uint32_t local_code = 0;  // fallback_rsn
  std::uint32_t peer_code = 0;   // peer_diagnosis
  bool operator==(const SmcssMode&) const = default;
};

std::string format_smcss_mode(const SmcssMode& m);
// Accepts what smcss prints and what users paste: "SMCR", "smcd", "TCP 0x03010000",
// "TCP 0x3030000" (no zero padding), "TCP 0x05000000/0x03030000", surrounding blanks.
// nullopt for anything else (a code above 32 bits, missing "0x", trailing junk).
std::optional<SmcssMode> parse_smcss_mode(std::string_view text);
// One code as users write it: "0x03030004", "0X3030004", "03030004" → value.
std::optional<std::uint32_t> parse_code(std::string_view text);

}  // namespace smc::diag
