#pragma once
// The cause-code knowledge base behind `smcsim explain`: for every code of
// fallback-causes.md §4 (upstream, Alibaba/Anolis) and the renumbered 4.11–4.14 codes
// (§9, wire-format §2.6), what it means, who detects it and where, which kernels define
// it, whether it travels in a Decline, and the causes and fixes (the seed's table,
// completed from §5). Constant names and short meanings come from protocol/clc/decline_code.h.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smc::knowledge {

enum class CodeOrigin { Upstream, Anolis, Historical };

// How the code travels (§3.1).
enum class WireUse {
  Decline,        // the detecting side sends a Decline carrying it
  LocalOnly,      // recorded locally, no CLC message (0x03060000, 0x03010001, 0x05000000)
  LocalOrDecline, // 0x03010000: local from the TCP phase; in a Decline only for an empty v2 Proposal
  NeverProduced,  // defined but no code path produces it
  Internal,       // an internal signal, not expected on the wire or in smcss
};

const char* to_string(CodeOrigin o);
const char* to_string(WireUse w);

struct CauseFix {
  std::string_view cause;
  std::string_view fix;
};

struct CodeKnowledge {
  std::uint32_t code = 0;
  CodeOrigin origin = CodeOrigin::Upstream;
  std::string_view summary;      // §4 "short meaning", in plain words
  std::string_view detected_by;  // "client, server" (§4 Det.)
  std::string_view steps;        // handshake steps of §2.2 / §2.3: "C6 / S9"
  WireUse wire = WireUse::Decline;
  std::string_view peer_shows;   // what the other side's smcss shows
  std::string_view reachable;    // §4 "Reachable (Linux↔Linux, upstream)"
  std::vector<std::string_view> kernels;  // profile names that define the code (§9)
  std::string_view history;      // version notes (§9), empty if none
  std::vector<CauseFix> causes;  // seed table + §5 triggers
  std::vector<std::string_view> notes;  // discrepancies and caveats (§11)
};

// Every entry, ascending by code.
std::span<const CodeKnowledge> all_code_knowledge();
const CodeKnowledge* find_code(std::uint32_t code);

// Constant ("SMC_CLC_DECL_NOUEID") and short kernel meaning, "?" / "unknown" if unknown.
std::string code_constant(std::uint32_t code);
std::string code_meaning(std::uint32_t code);

}  // namespace smc::knowledge
