#include "protocol/knowledge/explain.h"

#include <fmt/core.h>

#include "protocol/knowledge/case_ids.h"
#include "protocol/knowledge/code_knowledge.h"
#include "protocol/profile/kernel_profile.h"

namespace smc::knowledge {

namespace {

constexpr std::uint32_t kPeerDecl = 0x05000000;

std::string hex(std::uint32_t c) { return fmt::format("0x{:08x}", c); }

std::vector<std::string> producing_profiles(std::uint32_t code) {
  std::vector<std::string> out;
  for (const auto& p : profile::all_profiles()) {
    if (p.can_produce(code)) out.push_back(p.name);
  }
  return out;
}

template <typename List>
std::string join(const List& items, std::string_view sep) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += sep;
    out += i;
  }
  return out;
}

std::string mode_sentence(const diag::SmcssMode& m) {
  switch (m.mode) {
    case diag::DiagMode::Smcr: return "SMC-R connection: no fallback, no cause code.";
    case diag::DiagMode::Smcd: return "SMC-D connection: no fallback, no cause code.";
    case diag::DiagMode::FallbackTcp: break;
  }
  if (m.local_code == 0) return "TCP fallback without a code (an smcss that does not print codes).";
  if (m.peer_code != 0) {
    return fmt::format("TCP fallback: the local side recorded {} and the peer's Decline gave {} "
                       "(the first code is local, the second the peer's).",
                       hex(m.local_code), hex(m.peer_code));
  }
  return fmt::format("TCP fallback with local code {}.", hex(m.local_code));
}

void text_entry(std::string& out, std::uint32_t code, std::string_view role) {
  const CodeKnowledge* k = find_code(code);
  if (!k) {
    out += fmt::format("{}{}: unknown cause code (not a Linux or Anolis SMC code; a non-Linux peer?)\n", hex(code),
                       role.empty() ? "" : fmt::format(" ({})", role));
    return;
  }
  out += fmt::format("{}  {}  [{}]{}\n", hex(code), code_constant(code), to_string(k->origin),
                     role.empty() ? "" : fmt::format("  ({})", role));
  out += fmt::format("  Meaning:      {} (kernel: \"{}\")\n", k->summary, code_meaning(code));
  out += fmt::format("  Detected by:  {}; step {}\n", k->detected_by, k->steps);
  out += fmt::format("  On the wire:  {}\n", to_string(k->wire));
  out += fmt::format("  Peer shows:   {}\n", k->peer_shows);
  out += fmt::format("  Reachable:    {}\n", k->reachable);
  out += fmt::format("  Defined in:   {}\n", k->kernels.empty() ? std::string("no profile (historical)") : join(k->kernels, ", "));
  auto prod = producing_profiles(code);
  out += fmt::format("  Produced by:  {}\n", prod.empty() ? std::string("none of the profiles") : join(prod, ", "));
  if (!k->history.empty()) out += fmt::format("  History:      {}\n", k->history);
  out += "  Causes and fixes:\n";
  int n = 0;
  for (const auto& c : k->causes) {
    out += fmt::format("    {}. {}\n       fix: {}\n", ++n, c.cause, c.fix);
  }
  if (!k->notes.empty()) {
    out += "  Notes:\n";
    for (const auto& note : k->notes) out += fmt::format("    - {}\n", note);
  }
  out += "  Reproduced by:\n";
  if (code == kPeerDecl) {
    out += "    the peer side of every decline/ case (the peer's code is the second one)\n";
  } else {
    auto cases = cases_for_code(code);
    if (cases.empty()) out += "    no catalogue case\n";
    for (const auto& c : cases) {
      if (c.matrix_row.empty()) out += fmt::format("    {}  ({}: {})\n", c.id, c.source, c.title);
      else out += fmt::format("    {}  (§12 row {}: {})\n", c.id, c.matrix_row, c.title);
    }
  }
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += ch;
    }
  }
  return out + "\"";
}

template <typename List>
std::string json_array(const List& items) {
  std::string out = "[";
  for (const auto& i : items) {
    if (out.size() > 1) out += ",";
    out += json_string(i);
  }
  return out + "]";
}

std::string json_entry(std::uint32_t code, std::string_view role) {
  const CodeKnowledge* k = find_code(code);
  std::string out = fmt::format("{{\"code\":{},\"role\":{},\"known\":{}", json_string(hex(code)), json_string(role),
                                k ? "true" : "false");
  if (!k) return out + "}";
  out += ",\"constant\":" + json_string(code_constant(code));
  out += ",\"kernel_meaning\":" + json_string(code_meaning(code));
  out += ",\"origin\":" + json_string(to_string(k->origin));
  out += ",\"meaning\":" + json_string(k->summary);
  out += ",\"detected_by\":" + json_string(k->detected_by);
  out += ",\"steps\":" + json_string(k->steps);
  out += ",\"wire\":" + json_string(to_string(k->wire));
  out += ",\"peer_shows\":" + json_string(k->peer_shows);
  out += ",\"reachable\":" + json_string(k->reachable);
  out += ",\"kernels\":" + json_array(k->kernels);
  out += ",\"produced_by\":" + json_array(producing_profiles(code));
  out += ",\"history\":" + json_string(k->history);
  out += ",\"causes\":[";
  for (std::size_t i = 0; i < k->causes.size(); ++i) {
    if (i) out += ",";
    out += "{\"cause\":" + json_string(k->causes[i].cause) + ",\"fix\":" + json_string(k->causes[i].fix) + "}";
  }
  out += "],\"notes\":" + json_array(k->notes);
  std::vector<std::string> ids;
  for (const auto& c : cases_for_code(code)) ids.emplace_back(c.id);
  out += ",\"cases\":" + json_array(ids);
  return out + "}";
}

std::string_view role_of(const ExplainRequest& req, std::size_t i) {
  if (!req.mode) return "";
  return i == 0 ? "local" : "peer";
}

bool known(const ExplainRequest& req) {
  for (auto c : req.codes) {
    if (!find_code(c)) return false;
  }
  return true;
}

std::optional<diag::SmcssMode> mode_at_end(std::string_view s) {
  // A whole smcss row: the Mode column is the last thing on it and starts with SMCR,
  // SMCD or TCP. Try the last such token.
  for (std::string_view key : {"TCP", "SMCR", "SMCD"}) {
    auto pos = s.rfind(key);
    if (pos == std::string_view::npos || (pos > 0 && s[pos - 1] != ' ' && s[pos - 1] != '\t')) continue;
    if (auto m = diag::parse_smcss_mode(s.substr(pos))) return m;
  }
  return std::nullopt;
}

}  // namespace

std::optional<ExplainRequest> parse_explain_input(std::string_view text) {
  ExplainRequest req;
  req.input = std::string(text);
  if (auto code = diag::parse_code(text)) {
    req.codes.push_back(*code);
    return req;
  }
  auto m = diag::parse_smcss_mode(text);
  if (!m) m = mode_at_end(text);
  if (!m) return std::nullopt;
  req.mode = m;
  if (m->mode == diag::DiagMode::FallbackTcp) {
    if (m->local_code != 0) req.codes.push_back(m->local_code);
    if (m->peer_code != 0) req.codes.push_back(m->peer_code);
  }
  return req;
}

ExplainResult explain_text(const ExplainRequest& req) {
  ExplainResult r;
  if (req.mode) r.output += fmt::format("smcss mode \"{}\": {}\n", diag::format_smcss_mode(*req.mode), mode_sentence(*req.mode));
  for (std::size_t i = 0; i < req.codes.size(); ++i) {
    if (!r.output.empty()) r.output += "\n";
    text_entry(r.output, req.codes[i], role_of(req, i));
  }
  r.all_known = known(req);
  return r;
}

ExplainResult explain_json(const ExplainRequest& req) {
  ExplainResult r;
  std::string out = "{\"input\":" + json_string(req.input);
  if (req.mode) {
    const char* mode = req.mode->mode == diag::DiagMode::Smcr ? "SMCR" : req.mode->mode == diag::DiagMode::Smcd ? "SMCD" : "TCP";
    out += fmt::format(",\"smcss_mode\":{},\"mode\":{}", json_string(diag::format_smcss_mode(*req.mode)), json_string(mode));
  }
  out += ",\"codes\":[";
  for (std::size_t i = 0; i < req.codes.size(); ++i) {
    if (i) out += ",";
    out += json_entry(req.codes[i], role_of(req, i));
  }
  out += "]}\n";
  r.output = std::move(out);
  r.all_known = known(req);
  return r;
}

}  // namespace smc::knowledge
