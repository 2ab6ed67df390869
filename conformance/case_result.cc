#include "conformance/case_result.h"

#include <cerrno>
#include <cstdio>

#include "protocol/diag/smcss_table.h"

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

std::string app_errno_name(int e) {
  if (e == ECONNABORTED) return "ECONNABORTED";
  if (e == EPIPE) return "EPIPE";
  if (e == ENOTCONN) return "ENOTCONN";
  return world::errno_name(e);
}

const world::ConnectionOutcome::SmcSide* smc_side(const world::ConnectionOutcome& c, bool client) {
  const auto& s = client ? c.client_smc : c.server_smc;
  return s ? &*s : nullptr;
}

// The host an expectation's app (or scripted peer) runs on; "" if unknown.
std::string host_of(const scenarios::Scenario& s, const std::string& app) {
  for (const auto& a : s.apps)
    if (a.name == app) return a.host;
  for (const auto& p : s.scripted_peers)
    if (p.name == app) return p.host;
  return {};
}

// counters / link_groups against the app's host: "" when they hold, else what was observed.
std::string check_host(const scenarios::ExpectSpec& e, const world::HostObservation& h, bool& pass) {
  std::string o;
  if (e.link_groups) {
    o += " link_groups=" + std::to_string(h.link_groups.size());
    if (static_cast<std::int64_t>(h.link_groups.size()) != *e.link_groups) pass = false;
  }
  for (const auto& [k, v] : e.counters) {
    auto it = h.counters.find(k);
    const std::uint64_t got = it == h.counters.end() ? 0 : it->second;
    o += " " + k + "=" + std::to_string(got);
    if (std::to_string(got) != v) pass = false;
  }
  return o;
}

}  // namespace

std::vector<ExpectVerdict> check_expectations(const scenarios::Scenario& s,
                                              const std::vector<world::ConnectionOutcome>& conns,
                                              const world::WorldObservation* world) {
  std::vector<ExpectVerdict> out;
  for (const auto& e : s.expectations) {
    ExpectVerdict v;
    v.line = e.line;
    std::string mode = expected_mode(e);
    std::string exp_wire = e.wire.empty() ? "" : normalise_wire(join(e.wire));
    v.expected = e.app;
    if (e.connection) v.expected += "#" + std::to_string(*e.connection);
    if (!mode.empty()) v.expected += " " + mode;
    if (!e.state.empty()) v.expected += " " + e.state;
    if (!e.error.empty()) v.expected += " " + e.error;
    if (e.data_intact) v.expected += " data-intact";
    if (!exp_wire.empty()) v.expected += " wire " + exp_wire;
    if (e.link_groups) v.expected += " link_groups=" + std::to_string(*e.link_groups);
    for (const auto& [k, val] : e.counters) v.expected += " " + k + "=" + val;

    bool any = false;
    bool pass = true;
    std::string observed;
    for (const auto& c : conns) {
      bool client = c.client_app == e.app;
      if (!client && c.server_app != e.app) continue;
      if (e.connection && *e.connection != c.index) continue;
      any = true;
      SideView sv = view_of(c, client);
      const world::ConnectionOutcome::SmcSide* smc = smc_side(c, client);
      // An error the application saw after the handshake (a read after the peer's abort,
      // the link group's death) when connect() itself did not fail.
      if (sv.error.empty() && smc && smc->app_errno) sv.error = app_errno_name(*smc->app_errno);
      const std::string state = smc ? diag::smcss_state_name(smc->state) : "-";
      std::string wire = c.wire.empty() ? "none" : c.wire_text();
      std::string o = e.app;
      if (e.connection || conns.size() > 1) o += "#" + std::to_string(c.index);
      o += " " + sv.mode;
      if (!e.state.empty()) o += " " + state;
      if (!sv.error.empty()) o += " " + sv.error;
      if (e.data_intact) o += c.data_intact ? " data-intact" : " data-NOT-intact";
      if (!exp_wire.empty()) o += " wire " + wire;
      observed += (observed.empty() ? "" : "; ") + o;
      if (!mode.empty() && sv.mode != mode) pass = false;
      if (!e.error.empty() && sv.error != e.error) pass = false;
      if (e.data_intact && !c.data_intact) pass = false;
      if (!e.wire.empty() && !wire_matches(e.wire, c.wire)) pass = false;
      if (!e.state.empty() && state != e.state) pass = false;
    }
    if (!any) {
      observed = e.app + ": no connection";
      pass = false;
    }
    if (!e.counters.empty() || e.link_groups) {
      const std::string host = host_of(s, e.app);
      auto h = world ? world->hosts.find(host) : decltype(world->hosts.end()){};
      if (!world || h == world->hosts.end()) {
        observed += " (counters/link_groups not observable)";
        pass = false;
      } else {
        observed += ";" + check_host(e, h->second, pass);
      }
    }
    v.observed = observed;
    v.pass = pass;
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace smc::conformance
