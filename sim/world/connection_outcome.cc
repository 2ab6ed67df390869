#include "sim/world/connection_outcome.h"

#include <cerrno>

namespace smc::world {

std::string ConnectionOutcome::client_mode() const {
  // An SMC socket left in INIT (it fell back before connect): smcss -a prints no mode.
  if (client && client->state() == socket::SocketState::Init && client->use_fallback()) return "INIT";
  if (client_errno) {
    // ECONNRESET after the handshake finished (row 16: fallback, then the server's RST) is
    // a later read's error on a connection smcss still lists; during the handshake it is
    // connect() failing. Any other errno on a socket that did not fall back is a failure.
    // A plain TCP client has no handshake: a reset is always later (a refused SYN is ECONNREFUSED).
    bool finished = !client || client->state() == socket::SocketState::Active;
    bool fell_back = client && client->diag_mode() == diag::DiagMode::FallbackTcp && client->use_fallback();
    if (*client_errno == ECONNRESET ? !finished : !fell_back) return "failed";
  }
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
