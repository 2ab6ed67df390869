#include "sim/world/connection_outcome.h"

#include <cerrno>

namespace smc::world {

std::string ConnectionOutcome::client_mode() const {
  // An SMC socket left in INIT (it fell back before connect): smcss -a prints no mode.
  if (client && client->state() == socket::SocketState::Init && client->use_fallback()) return "INIT";
  if (client_errno && (!client || client->diag_mode() != diag::DiagMode::FallbackTcp || !client->use_fallback()))
    if (*client_errno != ECONNRESET) return "failed";
  return client ? client->smcss_mode() : "-";
}

std::string ConnectionOutcome::server_mode() const {
  if (server_dropped) return "dropped";
  return server ? server->smcss_mode() : "-";
}

std::string ConnectionOutcome::wire_text() const {
  std::string s;
  for (const auto& w : wire) s += (s.empty() ? "" : ",") + w;
  return s;
}

std::string errno_name(int err) {
  switch (err) {
    case ETIMEDOUT: return "ETIMEDOUT";
    case EPROTO: return "EPROTO";
    case ECONNRESET: return "ECONNRESET";
    case EAGAIN: return "EAGAIN";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case EINVAL: return "EINVAL";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EPIPE: return "EPIPE";
  }
  return std::to_string(err);
}

}  // namespace smc::world
