#include "conformance/report.h"

#include <algorithm>
#include <cstdio>

namespace smc::conformance {

Summary summarise(const std::vector<CaseResult>& results) {
  Summary s;
  for (const auto& r : results) {
    switch (r.outcome) {
      case Outcome::Pass: ++s.passed; break;
      case Outcome::Fail: ++s.failed; break;
      case Outcome::DeviationExpected: ++s.deviations; break;
      case Outcome::UnsupportedOnBackend: ++s.unsupported; break;
    }
  }
  return s;
}

std::string summary_line(const Summary& s) {
  std::string line = std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
  if (s.deviations) line += ", " + std::to_string(s.deviations) + " deviations";
  if (s.unsupported) line += ", " + std::to_string(s.unsupported) + " unsupported";
  return line;
}

namespace {

std::string pad(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

std::string json_escape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += static_cast<char>(c);
        }
    }
  }
  return o;
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

}  // namespace

namespace {

// A table cell longer than this (a case with hundreds of connections lists each one) is cut
// with a visible marker so the table stays readable; JSON, JUnit and HTML keep the full text.
constexpr std::size_t kMaxCell = 120;

std::string cell(const std::string& s) {
  if (s.size() <= kMaxCell) return s;
  const std::string more = " ... (+" + std::to_string(s.size() - (kMaxCell - 20)) + " chars)";
  return s.substr(0, kMaxCell - 20) + more;
}

}  // namespace

std::string format_table(const std::vector<CaseResult>& results) {
  std::size_t wc = 4, we = 8, wo = 8;
  for (const auto& r : results) {
    wc = std::max(wc, r.id.size());
    we = std::max(we, cell(r.expected).size());
    wo = std::max(wo, cell(r.observed).size());
  }
  std::string out = pad("case", wc) + "  " + pad("expected", we) + "  " + pad("observed", wo) + "  outcome\n";
  for (const auto& r : results) {
    out += pad(r.id, wc) + "  " + pad(cell(r.expected), we) + "  " + pad(cell(r.observed), wo) + "  " + to_string(r.outcome);
    if (!r.note.empty()) out += " (" + r.note + ")";
    out += "\n";
  }
  out += summary_line(summarise(results)) + "\n";
  return out;
}

std::string format_json(const std::vector<CaseResult>& results) {
  std::string out = "{\"cases\":[";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    out += i ? "," : "";
    out += "{\"id\":\"" + json_escape(r.id) + "\",\"title\":\"" + json_escape(r.title) + "\",\"reference\":\"" +
           json_escape(r.reference) + "\",\"outcome\":\"" + to_string(r.outcome) + "\",\"expected\":\"" +
           json_escape(r.expected) + "\",\"observed\":\"" + json_escape(r.observed) + "\"";
    if (!r.note.empty()) out += ",\"note\":\"" + json_escape(r.note) + "\"";
    out += "}";
  }
  Summary s = summarise(results);
  out += "],\"summary\":{\"passed\":" + std::to_string(s.passed) + ",\"failed\":" + std::to_string(s.failed) +
         ",\"deviations\":" + std::to_string(s.deviations) + ",\"unsupported\":" + std::to_string(s.unsupported) +
         "}}\n";
  return out;
}

std::string format_junit(const std::vector<CaseResult>& results) {
  Summary s = summarise(results);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites><testsuite name=\"smcsim-conformance\" tests=\"" + std::to_string(results.size()) +
         "\" failures=\"" + std::to_string(s.failed) + "\" skipped=\"" + std::to_string(s.unsupported + s.deviations) +
         "\">\n";
  for (const auto& r : results) {
    out += "  <testcase classname=\"" + xml_escape(r.reference) + "\" name=\"" + xml_escape(r.id) + "\">";
    if (r.outcome == Outcome::Fail)
      out += "<failure message=\"expected " + xml_escape(r.expected) + "\">observed " + xml_escape(r.observed) +
             "</failure>";
    else if (r.outcome != Outcome::Pass)
      out += "<skipped message=\"" + std::string(to_string(r.outcome)) + ": " + xml_escape(r.note) + "\"/>";
    out += "</testcase>\n";
  }
  out += "</testsuite></testsuites>\n";
  return out;
}

}  // namespace smc::conformance
