#include "conformance/ladder/ladder_builder.h"

namespace smc::ladder {

namespace {

const scenarios::AppSpec* app_named(const scenarios::Scenario& s, const std::string& name) {
  for (const auto& a : s.apps)
    if (a.name == name) return &a;
  return nullptr;
}

const scenarios::HostSpec* host_named(const scenarios::Scenario& s, const std::string& name) {
  for (const auto& h : s.hosts)
    if (h.name == name) return &h;
  return nullptr;
}

// The column of one side: the app's host when the scenario knows it. Events may name the
// host, the app, or the role ("client" / "server"), so all are aliases.
LadderHost side_host(const scenarios::Scenario& s, const std::string& role, const std::string& app,
                     const std::string& address) {
  LadderHost h;
  h.role = role + " app " + app;
  h.address = address;
  h.aliases = {role, app};
  const auto* a = app_named(s, app);
  const auto* host = a ? host_named(s, a->host) : nullptr;
  h.name = a && !a->host.empty() ? a->host : app;
  if (host) h.profile = host->profile.empty() ? s.profile : host->profile;
  else h.profile = s.profile;
  return h;
}

world::MessageEvent clc(const std::string& from, const std::string& to, std::int64_t step, std::string label,
                        std::string detail = "") {
  world::MessageEvent e;
  e.sent_ns = step;
  e.arrived_ns = step + 1;
  e.from = from;
  e.to = to;
  e.layer = world::MessageLayer::Clc;
  e.label = std::move(label);
  e.detail = std::move(detail);
  return e;
}

world::MessageEvent mark(const std::string& who, std::int64_t step, std::string label, std::string detail = "") {
  world::MessageEvent e;
  e.sent_ns = step;
  e.from = who;
  e.to = who;
  e.layer = world::MessageLayer::Mark;
  e.label = std::move(label);
  e.detail = std::move(detail);
  return e;
}

// smcss Mode -> a mark: "SMCR" established, "TCP 0x05000000/0x03030000" a fallback with its
// local / peer codes, "failed" / "dropped" as they are.
void mode_mark(world::MessageLog& log, const std::string& who, std::int64_t step, const std::string& mode) {
  if (mode == "SMCR") log.push_back(mark(who, step, "SMC-R established"));
  else if (mode == "SMCD") log.push_back(mark(who, step, "SMC-D established"));
  else if (mode.rfind("TCP ", 0) == 0) {
    std::string codes = mode.substr(4);
    auto slash = codes.find('/');
    if (slash == std::string::npos) log.push_back(mark(who, step, "fallback " + codes));
    else log.push_back(mark(who, step, "fallback " + codes.substr(0, slash), "peer " + codes.substr(slash + 1)));
  }
  else if (mode == "-") log.push_back(mark(who, step, "TCP", "not an SMC socket"));
  else if (!mode.empty()) log.push_back(mark(who, step, mode));
}

}  // namespace

std::string diagram_title(const scenarios::Scenario& s) {
  if (s.title.empty()) return s.id;
  return s.id.empty() ? s.title : s.id + ": " + s.title;
}

world::MessageLog messages_from_wire(const world::ConnectionOutcome& c, const std::string& client,
                                     const std::string& server) {
  world::MessageLog log;
  std::int64_t step = 0;
  for (const auto& w : c.wire) {
    step += 2;
    if (w == "P") log.push_back(clc(client, server, step, "CLC Proposal"));
    else if (w == "A") log.push_back(clc(server, client, step, "CLC Accept"));
    else if (w == "C") log.push_back(clc(client, server, step, "CLC Confirm"));
    else if (w.rfind("D(", 0) == 0 && w.size() > 7) {
      bool from_server = w.compare(2, 4, "S->C") == 0;
      std::string detail = w.substr(7, w.size() - 8);  // "v1 0x03030000"
      log.push_back(clc(from_server ? server : client, from_server ? client : server, step, "CLC Decline", detail));
    } else {
      log.push_back(clc(client, server, step, "CLC " + w));
    }
  }
  step += 2;
  // "failed" says no more than the errno that follows it.
  if (!(c.client_errno && c.client_mode() == "failed")) mode_mark(log, client, step, c.client_mode());
  if (c.client_errno) log.push_back(mark(client, step + 1, "error " + world::errno_name(*c.client_errno)));
  mode_mark(log, server, step + 2, c.server_mode());
  return log;
}

LadderSection section_of(const scenarios::Scenario& s, const world::ConnectionOutcome& c) {
  LadderSection sec;
  sec.title = "connection " + std::to_string(c.index) + ": " + c.client_app + " -> " + c.server_app;
  sec.subtitle = "client " + c.client_mode() + ", server " + c.server_mode();
  if (c.client_errno) sec.subtitle += ", connect " + world::errno_name(*c.client_errno);
  if (c.data_sent) sec.subtitle += c.data_intact ? ", data intact" : ", data NOT intact";
  LadderHost client = side_host(s, "client", c.client_app, c.client_address);
  LadderHost server = side_host(s, "server", c.server_app, c.server_address);
  if (client.name == server.name) {
    // One host on both sides (loopback): two columns still, told apart by the app.
    client.name += " (" + c.client_app + ")";
    server.name += " (" + c.server_app + ")";
  }
  if (c.messages.empty()) {
    sec.timed = false;
    sec.messages = messages_from_wire(c, client.name, server.name);
  } else {
    sec.messages = c.messages;
  }
  sec.hosts = {client, server};
  return sec;
}

LadderDiagram ladder_of_run(const scenarios::Scenario& s, const std::vector<world::ConnectionOutcome>& conns) {
  LadderDiagram d;
  d.title = diagram_title(s);
  for (std::size_t i = 0; i < conns.size() && i < kMaxLadderSections; ++i) d.sections.push_back(section_of(s, conns[i]));
  if (conns.empty()) d.note = "no connection was simulated";
  if (conns.size() > kMaxLadderSections)
    d.note = std::to_string(conns.size() - kMaxLadderSections) + " more connections not drawn (" +
             std::to_string(conns.size()) + " in the run)";
  return d;
}

}  // namespace smc::ladder
