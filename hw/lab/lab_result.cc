#include "hw/lab/lab_result.h"

#include <cerrno>
#include <cstdlib>

#include "hw/lab/lab_json.h"
#include "protocol/socket/smc_socket_record.h"

namespace smc::lab {
namespace {

std::uint32_t code_of(const std::string& text) {
  return static_cast<std::uint32_t>(std::strtoul(text.c_str(), nullptr, 16));
}

LabSocketResult socket_of(const JsonValue& j) {
  LabSocketResult s;
  s.role = j.string_or("role");
  s.conn = static_cast<int>(j.number_or("conn"));
  s.kind = j.string_or("kind");
  s.diag = j.bool_or("diag");
  s.state = static_cast<int>(j.number_or("state"));
  s.mode = static_cast<int>(j.number_or("mode"));
  s.reason = code_of(j.string_or("reason", "0"));
  s.peer = code_of(j.string_or("peer", "0"));
  s.sndbuf = static_cast<std::uint32_t>(j.number_or("sndbuf"));
  s.rmbe = static_cast<std::uint32_t>(j.number_or("rmbe"));
  s.peer_rmbe = static_cast<std::uint32_t>(j.number_or("peer_rmbe"));
  s.error = j.string_or("errno");
  s.data = j.string_or("data");
  return s;
}

// The kernel's socket record as the simulator keeps one (fallback-causes.md §1.1): a
// received Decline sets the peer diagnosis and PEERDECL; any other reason is written last.
socket::SmcSocketRecord record_of(const LabSocketResult& s) {
  socket::SmcSocketRecord r;
  if (s.mode == 1) {
    if (s.peer != 0) r.record_peer_decline(static_cast<clc::DeclineCode>(s.peer));
    if (s.peer == 0 || s.reason != 0x05000000u) r.switch_to_fallback(static_cast<clc::DeclineCode>(s.reason));
  } else {
    r.set_smc_mode(s.mode == 2);
  }
  r.set_state(s.state == 2 ? socket::SocketState::Init : socket::SocketState::Active);
  return r;
}

const LabSocketResult* find(const LabCaseRun& run, const std::string& role, int conn) {
  for (const auto& s : run.sockets)
    if (s.role == role && s.conn == conn) return &s;
  return nullptr;
}

}  // namespace

Result<LabRun, std::string> parse_lab_run(const std::string& json) {
  auto doc = parse_json(json);
  if (!doc) return smc::unexpected("lab result: " + doc.error());
  if (!doc->is_object()) return smc::unexpected(std::string("lab result: not an object"));
  LabRun run;
  run.kernel = doc->string_or("kernel");
  run.complete = doc->bool_or("complete");
  run.wall_s = doc->number_or("wall_s");
  const JsonValue* cases = doc->get("cases");
  if (!cases || !cases->is_array()) return smc::unexpected(std::string("lab result: no \"cases\" array"));
  for (const auto& c : cases->items()) {
    if (!c.is_object()) return smc::unexpected(std::string("lab result: a case is not an object"));
    LabCaseRun r;
    r.id = c.string_or("id");
    if (r.id.empty()) return smc::unexpected(std::string("lab result: a case without an id"));
    r.status = c.string_or("status", "error");
    r.detail = c.string_or("detail");
    r.elapsed_ms = static_cast<std::int64_t>(c.number_or("elapsed_ms"));
    if (const JsonValue* socks = c.get("sockets"); socks && socks->is_array())
      for (const auto& s : socks->items())
        if (s.is_object()) r.sockets.push_back(socket_of(s));
    run.cases.push_back(std::move(r));
  }
  return run;
}

int errno_from_name(const std::string& name) {
  static const std::pair<const char*, int> k[] = {
      {"ETIMEDOUT", ETIMEDOUT}, {"EPROTO", EPROTO}, {"ECONNRESET", ECONNRESET}, {"EAGAIN", EAGAIN},
      {"ECONNREFUSED", ECONNREFUSED}, {"EOPNOTSUPP", EOPNOTSUPP}, {"EINVAL", EINVAL},
      {"EAFNOSUPPORT", EAFNOSUPPORT}, {"EPROTONOSUPPORT", EPROTONOSUPPORT}, {"EPIPE", EPIPE},
      {"ENETUNREACH", ENETUNREACH}, {"EHOSTUNREACH", EHOSTUNREACH}, {"EINPROGRESS", EINPROGRESS}};
  if (name.empty()) return 0;
  for (const auto& [n, v] : k)
    if (name == n) return v;
  return EIO;
}

std::vector<world::ConnectionOutcome> to_outcomes(const LabCaseRun& run, const std::string& client_app,
                                                  const std::string& server_app, int connections,
                                                  std::vector<std::string>* missing) {
  std::vector<world::ConnectionOutcome> out;
  for (int k = 1; k <= connections; ++k) {
    world::ConnectionOutcome c;
    c.client_app = client_app;
    c.server_app = server_app;
    c.index = k;
    const LabSocketResult* cs = find(run, "client", k);
    const LabSocketResult* ss = find(run, "server", k);
    if (!cs && missing) missing->push_back(client_app + "#" + std::to_string(k));
    if (!ss && missing) missing->push_back(server_app + "#" + std::to_string(k));
    if (cs) {
      if (cs->kind == "smc" && cs->diag) c.client = record_of(*cs);
      if (int e = errno_from_name(cs->error)) c.client_errno = e;
      c.data_sent = cs->data != "none";
      c.data_intact = cs->data == "ok";
    }
    if (ss) {
      if (ss->kind == "dropped") c.server_dropped = true;
      else if (ss->kind == "smc" && ss->diag) c.server = record_of(*ss);
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace smc::lab
