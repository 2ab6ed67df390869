#pragma once
// What `smcsim explain` says about a code or an smcss Mode string, as text or JSON.
// Kept out of the CLI so tests check the wording without running a process.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/diag/smcss_mode.h"

namespace smc::knowledge {

struct ExplainRequest {
  std::string input;                         // as the user typed it
  std::optional<diag::SmcssMode> mode;       // set when the input was an smcss Mode / line
  std::vector<std::uint32_t> codes;          // codes to explain, in order (local first)
};

// Parses "0x03030004", "TCP 0x05000000/0x03030000", "SMCR", or a whole smcss row ending in
// its Mode column. nullopt: not something explain understands (a usage error).
std::optional<ExplainRequest> parse_explain_input(std::string_view text);

struct ExplainResult {
  std::string output;
  bool all_known = true;  // false when a code is not in the knowledge base (exit 1)
};

ExplainResult explain_text(const ExplainRequest& req);
ExplainResult explain_json(const ExplainRequest& req);

}  // namespace smc::knowledge
