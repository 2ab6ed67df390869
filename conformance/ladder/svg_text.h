#pragma once
// Small text helpers for the SVG and HTML writers: XML escaping, coordinates printed with one
// decimal by integer arithmetic (same bytes on every platform), an estimate of how wide a
// text is (there is no font engine here: a diagram must be sized before any renderer sees
// it), and simulated times printed the way a reader wants them.
#include <cstdint>
#include <string>

namespace smc::ladder {

// & < > " ' as entities; control characters other than tab/newline become U+FFFD (they are
// not allowed in XML 1.0 at all).
std::string xml_escape(const std::string& s);

// 12.3 -> "12.3", 7 -> "7", -0.04 -> "0"
std::string num(double v);

// Approximate advance width in px of `s` at `font_px` in a sans-serif font (never less than
// DejaVu Sans's); counts UTF-8 code points, not bytes.
int text_width(const std::string& s, int font_px, bool bold = false);

// 0 -> "0 s", 850 -> "850 ns", 10'000 -> "10 µs", 1'500'000 -> "1.5 ms", 6'000'012'000 -> "6.000012 s"
std::string format_sim_time(std::int64_t ns);

}  // namespace smc::ladder
