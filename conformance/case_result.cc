#include "conformance/case_result.h"

#include <cstdio>

namespace smc::conformance {

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Pass: return "pass";
    case Outcome::Fail: return "fail";
    case Outcome::DeviationExpected: return "deviation-expected";
    case Outcome::UnsupportedOnBackend: return "unsupported-on-backend";
  }
  return "?";
}

namespace {

std::string hex_code(std::uint32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", c);
  return buf;
}

// The wire as the reference writes it ("C→S") normalised to the trace's ASCII ("C->S").
std::string normalise_wire(std::string w) {
  for (std::string::size_type at; (at = w.find("\xe2\x86\x92")) != std::string::npos;) w.replace(at, 3, "->");
  return w;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

struct SideView {
  std::string mode;      // smcss Mode, "dropped", "failed", "-"
  std::string error;     // errno name or ""
};

// One expected wire element against one observed: equal, or the reference's shorter form
// ("D(C->S)" or "D") naming only what the reference's Wire column names.
bool wire_element_matches(const std::string& exp, const std::string& obs) {
  if (exp == obs) return true;
  if (exp == "D") return obs.rfind("D(", 0) == 0;
  if (exp.size() > 2 && exp.back() == ')') return obs.rfind(exp.substr(0, exp.size() - 1) + " ", 0) == 0;
  return false;
}

bool wire_matches(const std::vector<std::string>& exp, const std::vector<std::string>& obs) {
  if (exp.size() == 1 && exp[0] == "none") return obs.empty();
  if (exp.size() != obs.size()) return false;
  for (std::size_t i = 0; i < exp.size(); ++i)
    if (!wire_element_matches(normalise_wire(exp[i]), obs[i])) return false;
  return true;
}

SideView view_of(const world::ConnectionOutcome& c, bool client) {
  SideView v;
  if (client) {
    v.mode = c.client_mode();
    if (c.client_errno) v.error = world::errno_name(*c.client_errno);
  } else {
    v.mode = c.server_mode();
  }
  return v;
}

// The expected smcss Mode text of an expectation, or "" when it does not constrain the mode.
std::string expected_mode(const scenarios::ExpectSpec& e) {
  if (e.mode == "SMCR" || e.mode == "SMCD" || e.mode == "dropped" || e.mode == "failed") return e.mode;
  if (e.mode == "plain") return "-";
  if (e.mode == "TCP") {
    std::string m = "TCP " + hex_code(e.local_code.value_or(0));
    if (e.peer_code && *e.peer_code) m += "/" + hex_code(*e.peer_code);
    return m;
  }
  return e.mode;  // "INIT" or "": compared verbatim (INIT never matches this slice)
}

}  // namespace

std::vector<ExpectVerdict> check_expectations(const scenarios::Scenario& s,
                                              const std::vector<world::ConnectionOutcome>& conns) {
  std::vector<ExpectVerdict> out;
  for (const auto& e : s.expectations) {
    ExpectVerdict v;
    v.line = e.line;
    std::string mode = expected_mode(e);
    std::string exp_wire = e.wire.empty() ? "" : normalise_wire(join(e.wire));
    v.expected = e.app;
    if (e.connection) v.expected += "#" + std::to_string(*e.connection);
    if (!mode.empty()) v.expected += " " + mode;
    if (!e.error.empty()) v.expected += " " + e.error;
    if (e.data_intact) v.expected += " data-intact";
    if (!exp_wire.empty()) v.expected += " wire " + exp_wire;

    bool any = false;
    bool pass = true;
    std::string observed;
    for (const auto& c : conns) {
      bool client = c.client_app == e.app;
      if (!client && c.server_app != e.app) continue;
      if (e.connection && *e.connection != c.index) continue;
      any = true;
      SideView sv = view_of(c, client);
      std::string wire = c.wire.empty() ? "none" : c.wire_text();
      std::string o = e.app;
      if (e.connection || conns.size() > 1) o += "#" + std::to_string(c.index);
      o += " " + sv.mode;
      if (!sv.error.empty()) o += " " + sv.error;
      if (e.data_intact) o += c.data_intact ? " data-intact" : " data-NOT-intact";
      if (!exp_wire.empty()) o += " wire " + wire;
      observed += (observed.empty() ? "" : "; ") + o;
      if (!mode.empty() && sv.mode != mode) pass = false;
      if (!e.error.empty() && sv.error != e.error) pass = false;
      if (e.data_intact && !c.data_intact) pass = false;
      if (!e.wire.empty() && !wire_matches(e.wire, c.wire)) pass = false;
      if (!e.counters.empty() || e.link_groups) pass = false;  // not observable in this slice
    }
    if (!any) {
      observed = e.app + ": no connection";
      pass = false;
    }
    if (!e.counters.empty() || e.link_groups) observed += " (counters/link_groups not observable yet)";
    v.observed = observed;
    v.pass = pass;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace smc::conformance
