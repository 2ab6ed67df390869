#include "protocol/diag/smcss_mode.h"

#include <fmt/core.h>

namespace smc::diag {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

std::optional<std::uint32_t> parse_hex_digits(std::string_view s) {
  if (s.empty() || s.size() > 8) return std::nullopt;
  std::uint32_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return std::nullopt;
    v = (v << 4) | static_cast<std::uint32_t>(d);
  }
  return v;
}

// "0x...." with the prefix required: smcss always prints it, and a bare number in an
// smcss line is more likely a port or an inode.
std::optional<std::uint32_t> parse_prefixed(std::string_view s) {
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) return std::nullopt;
  return parse_hex_digits(s.substr(2));
}

}  // namespace

std::string format_smcss_mode(const SmcssMode& m) {
  switch (m.mode) {
    case DiagMode::Smcr: return "SMCR";
    case DiagMode::Smcd: return "SMCD";
    case DiagMode::FallbackTcp: break;
  }
  std::string out = fmt::format("TCP 0x{:08x}", m.local_code);
  if (m.peer_code != 0) out += fmt::format("/0x{:08x}", m.peer_code);
  return out;
}

std::optional<SmcssMode> parse_smcss_mode(std::string_view text) {
  std::string_view s = trim(text);
  if (iequals(s, "SMCR")) return SmcssMode{DiagMode::Smcr, 0, 0};
  if (iequals(s, "SMCD")) return SmcssMode{DiagMode::Smcd, 0, 0};
  if (s.size() < 3 || !iequals(s.substr(0, 3), "TCP")) return std::nullopt;
  s = s.substr(3);
  std::string_view codes = trim(s);
  if (codes.size() == s.size() && !codes.empty()) return std::nullopt;  // "TCPx": no separator
  SmcssMode m{DiagMode::FallbackTcp, 0, 0};
  if (codes.empty()) return m;  // a bare "TCP": smcss before fallback codes were printed
  auto slash = codes.find('/');
  auto local = parse_prefixed(trim(codes.substr(0, slash)));
  if (!local) return std::nullopt;
  m.local_code = *local;
  if (slash != std::string_view::npos) {
    auto peer = parse_prefixed(trim(codes.substr(slash + 1)));
    if (!peer) return std::nullopt;
    m.peer_code = *peer;
  }
  return m;
}

std::optional<std::uint32_t> parse_code(std::string_view text) {
  std::string_view s = trim(text);
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) return parse_hex_digits(s.substr(2));
  // Without the prefix only the full 8-digit smcss form is taken, so "3" is not a code.
  if (s.size() != 8) return std::nullopt;
  return parse_hex_digits(s);
}

}  // namespace smc::diag
