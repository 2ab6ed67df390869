#include "conformance/ladder/layer_style.h"

#include <algorithm>
#include <cctype>

namespace smc::ladder {

LayerStyle style_of(world::MessageLayer layer) {
  using L = world::MessageLayer;
  switch (layer) {
    case L::Tcp: return {"TCP", "#6b6b6b"};
    case L::Clc: return {"CLC", "#1f5fbf"};
    case L::Llc: return {"LLC", "#8a3fb5"};
    case L::Cdc: return {"CDC", "#0b8a7a"};
    case L::Rdma: return {"RDMA", "#b8660b"};
    case L::App: return {"application", "#222222"};
    case L::Mark: return {"mark", "#444444"};
  }
  return {"?", "#000000"};
}

namespace {

bool has(const std::string& hay, const char* needle) { return hay.find(needle) != std::string::npos; }

// `word` not inside a longer word ("RST" but not "FIRST").
bool has_word(const std::string& s, const std::string& word) {
  for (std::size_t at = s.find(word); at != std::string::npos; at = s.find(word, at + 1)) {
    bool left = at == 0 || !std::isalnum(static_cast<unsigned char>(s[at - 1]));
    std::size_t end = at + word.size();
    bool right = end == s.size() || !std::isalnum(static_cast<unsigned char>(s[end]));
    if (left && right) return true;
  }
  return false;
}

bool has_errno_word(const std::string& s) {
  // An errno name in capitals: E followed by at least three capitals (ETIMEDOUT, ECONNRESET).
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != 'E' || (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1])))) continue;
    std::size_t n = 0;
    while (i + 1 + n < s.size() && std::isupper(static_cast<unsigned char>(s[i + 1 + n]))) ++n;
    if (n >= 3) return true;
  }
  return false;
}

}  // namespace

MarkKind mark_kind(const std::string& label, const std::string& detail) {
  std::string text = label + " " + detail;
  std::string low = text;
  std::transform(low.begin(), low.end(), low.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* w : {"fallback", "decline", "error", "fail", "reset", "abort", "drop", "refused"})
    if (has(low, w)) return MarkKind::Alert;
  if (has_errno_word(text) || has_word(text, "RST")) return MarkKind::Alert;
  for (const char* w : {"timer", "timeout", "expir", "retransmit"})
    if (has(low, w)) return MarkKind::Timer;
  for (const char* w : {"established", "smc-r", "smc-d", "smcr", "smcd", "first contact"})
    if (has(low, w)) return MarkKind::Established;
  return MarkKind::Note;
}

MarkStyle style_of(MarkKind kind) {
  switch (kind) {
    case MarkKind::Alert: return {"#fde2e1", "#c62828", "#b71c1c"};
    case MarkKind::Timer: return {"#fff4dd", "#b26a00", "#8a5200"};
    case MarkKind::Established: return {"#e3f5e4", "#2e7d32", "#1b5e20"};
    case MarkKind::Note: return {"#f2f2f2", "#757575", "#333333"};
  }
  return {"#ffffff", "#000000", "#000000"};
}

}  // namespace smc::ladder
