#include "conformance/ladder/svg_text.h"

#include <cmath>
#include <cstdio>

namespace smc::ladder {

std::string xml_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n') o += "\xEF\xBF\xBD";
        else o += static_cast<char>(c);
    }
  }
  return o;
}

std::string num(double v) {
  long long tenths = std::llround(v * 10.0);
  if (tenths == 0) return "0";
  std::string sign = tenths < 0 ? "-" : "";
  long long a = tenths < 0 ? -tenths : tenths;
  std::string out = sign + std::to_string(a / 10);
  if (a % 10) out += "." + std::to_string(a % 10);
  return out;
}

int text_width(const std::string& s, int font_px, bool bold) {
  // Per-character advance in thousandths of an em, by class, rounded up from DejaVu Sans (the
  // widest common sans-serif font): over-estimating is the safe side for boxes and gaps.
  int milli_em = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte
    if (c >= 'A' && c <= 'Z') milli_em += (c == 'I' || c == 'J') ? 340 : (c == 'M' || c == 'W') ? 880 : 720;
    else if (c >= '0' && c <= '9') milli_em += 640;
    else if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == ':' || c == '\'' || c == '|') milli_em += 300;
    else if (c == ' ' || c == 'f' || c == 't' || c == 'r' || c == '(' || c == ')' || c == '/' || c == '-') milli_em += 400;
    else if (c == 'm' || c == 'w') milli_em += 920;
    else milli_em += 620;
  }
  if (bold) milli_em = milli_em * 112 / 100;
  return (milli_em * font_px + 999) / 1000;
}

namespace {

// whole.frac with `digits` fraction digits, trailing zeros (and a bare dot) removed.
std::string decimal(std::int64_t whole, std::int64_t frac, int digits) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%0*lld", static_cast<long long>(whole), digits, static_cast<long long>(frac));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::string format_sim_time(std::int64_t ns) {
  if (ns == 0) return "0 s";
  std::string sign = ns < 0 ? "-" : "";
  std::int64_t a = ns < 0 ? -ns : ns;
  if (a < 1'000) return sign + std::to_string(a) + " ns";
  if (a < 1'000'000) return sign + decimal(a / 1'000, a % 1'000, 3) + " \xC2\xB5s";
  if (a < 1'000'000'000) return sign + decimal(a / 1'000'000, (a % 1'000'000) / 1'000, 3) + " ms";
  return sign + decimal(a / 1'000'000'000, (a % 1'000'000'000) / 1'000, 6) + " s";
}

}  // namespace smc::ladder
