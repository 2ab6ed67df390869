#include "bench/figures/figure.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

namespace smc::bench {

bool Figure::meets_goal() const {
  switch (goal_kind) {
    case GoalKind::AtLeast: return value >= goal;
    case GoalKind::AtMost: return value <= goal;
    case GoalKind::None: break;
  }
  return true;
}

std::optional<double> Figure::ratio() const {
  if (!has_goal() || value <= 0 || goal <= 0) return std::nullopt;
  return goal_kind == GoalKind::AtLeast ? value / goal : goal / value;
}

std::string Figure::verdict() const {
  if (!broken.empty()) return "BROKEN";
  if (skipped) return "skipped";
  if (!has_goal()) return "-";
  return meets_goal() ? "meets" : "MISSES";
}

namespace {

// 3 significant digits with an SI prefix (k, M, G) or, for bytes, a binary one.
std::string human(double v, const std::string& unit) {
  char buf[64];
  if (unit == "B") {
    const char* p[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    while (std::fabs(v) >= 1024 && i < 4) v /= 1024, ++i;
    std::snprintf(buf, sizeof buf, "%.3g %s", v, p[i]);
    return buf;
  }
  const char* p[] = {"", "k", "M", "G", "T"};
  int i = 0;
  if (unit != "%" && unit != "s" && unit != "x") {
    while (std::fabs(v) >= 1000 && i < 4) v /= 1000, ++i;
  }
  if (unit == "s" && v < 1e-3 && v > 0) {
    std::snprintf(buf, sizeof buf, "%.3g us", v * 1e6);
    return buf;
  }
  if (unit == "s" && v < 1 && v > 0) {
    std::snprintf(buf, sizeof buf, "%.3g ms", v * 1e3);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.3g %s%s", v, p[i], unit.c_str());
  return buf;
}

std::string goal_text(const Figure& f) {
  if (f.goal_kind == GoalKind::None) return "-";
  return (f.goal_kind == GoalKind::AtLeast ? ">= " : "<= ") + human(f.goal, f.unit);
}

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else {
      o += c;
    }
  }
  return o + "\"";
}

std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

}  // namespace

std::string format_table(const std::vector<Figure>& figures) {
  std::size_t w = 6;
  for (const auto& f : figures) w = std::max(w, f.title.size());
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-*s | %-18s | %-20s | %-7s | %s\n", static_cast<int>(w), "figure", "value", "goal",
                "ratio", "verdict");
  out += line;
  out += std::string(w, '-') + "-+-" + std::string(18, '-') + "-+-" + std::string(20, '-') + "-+-" +
         std::string(7, '-') + "-+--------\n";
  for (const auto& f : figures) {
    std::string ratio = "-";
    if (auto r = f.ratio()) {
      char b[32];
      std::snprintf(b, sizeof b, "%.2f", *r);
      ratio = b;
    }
    std::string value = f.skipped ? "-" : human(f.value, f.unit);
    std::snprintf(line, sizeof line, "%-*s | %-18s | %-20s | %-7s | %s\n", static_cast<int>(w), f.title.c_str(),
                  value.c_str(), goal_text(f).c_str(), ratio.c_str(), f.verdict().c_str());
    out += line;
  }
  out += "\nnotes:\n";
  for (const auto& f : figures)
    if (!f.note.empty() || !f.broken.empty())
      out += "  " + f.title + ": " + f.note + (f.broken.empty() ? "" : " [BROKEN: " + f.broken + "]") + "\n";
  return out;
}

std::string format_json(const std::vector<Figure>& figures, const std::string& machine, bool quick) {
  std::string o = "{\n  \"machine\": " + json_string(machine) + ",\n  \"quick\": " + (quick ? "true" : "false") +
                  ",\n  \"figures\": [\n";
  for (std::size_t i = 0; i < figures.size(); ++i) {
    const Figure& f = figures[i];
    auto r = f.ratio();
    o += "    {\"id\": " + json_string(f.id) + ", \"title\": " + json_string(f.title) +
         ", \"value\": " + (f.skipped ? std::string("null") : json_number(f.value)) + ", \"unit\": " + json_string(f.unit) +
         ", \"goal\": " + (f.goal_kind == GoalKind::None ? std::string("null") : json_number(f.goal)) +
         ", \"goal_kind\": " +
         json_string(f.goal_kind == GoalKind::AtLeast ? "at-least" : f.goal_kind == GoalKind::AtMost ? "at-most" : "none") +
         ", \"ratio\": " + (r ? json_number(*r) : std::string("null")) + ", \"verdict\": " + json_string(f.verdict()) +
         ", \"note\": " + json_string(f.note) + ", \"broken\": " + json_string(f.broken) + "}" + (i + 1 < figures.size() ? ",\n" : "\n");
  }
  return o + "  ]\n}\n";
}

std::string machine_description() {
  std::ifstream in("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) model = line.substr(colon + 2);
      break;
    }
  }
  return std::to_string(std::thread::hardware_concurrency()) + " x " + model;
}

std::uint64_t resident_bytes() {
  std::ifstream in("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  if (!(in >> size >> resident)) return 0;
  return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace smc::bench
