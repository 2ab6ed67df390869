#include "sim/tcp/sim_stream.h"

namespace smc::sim::tcp {

using ports::StreamError;

void SimStreamConnection::set_events(ports::StreamEvents events) {
  if (auto* c = stack_.connection(id_)) c->events = std::move(events);
}

Result<std::size_t, StreamError> SimStreamConnection::send(wire::ByteView data) {
  auto* c = stack_.connection(id_);
  if (!c || closed_) return smc::unexpected(c && c->failed ? StreamError::BrokenPipe : StreamError::NotConnected);
  if (c->state() == TcpState::SynSent || c->state() == TcpState::SynReceived) return smc::unexpected(StreamError::WouldBlock);
  if (c->write_shut()) return smc::unexpected(StreamError::BrokenPipe);
  std::size_t n = c->send(data);
  if (n == 0 && !data.empty()) return smc::unexpected(StreamError::WouldBlock);
  return n;
}

Result<wire::Bytes, StreamError> SimStreamConnection::recv(std::size_t max) {
  auto* c = stack_.connection(id_);
  if (!c) return smc::unexpected(StreamError::NotConnected);
  if (c->readable() == 0) {
    if (c->eof()) return wire::Bytes{};
    if (c->failed) return smc::unexpected(StreamError::ConnectionReset);
    return smc::unexpected(StreamError::WouldBlock);
  }
  return c->recv(max);
}

std::size_t SimStreamConnection::readable_bytes() const {
  auto* c = stack_.connection(id_);
  return c ? c->readable() : 0;
}

Status<StreamError> SimStreamConnection::shutdown_write() {
  auto* c = stack_.connection(id_);
  if (!c) return smc::unexpected(StreamError::NotConnected);
  c->shutdown_write();
  return Ok{};
}

void SimStreamConnection::close() {
  if (closed_) return;
  local_cache();
  peer_cache();
  closed_ = true;
  if (auto* c = stack_.connection(id_)) c->close();
}

void SimStreamConnection::reset() {
  local_cache();
  peer_cache();
  closed_ = true;
  if (auto* c = stack_.connection(id_)) {
    c->events = {};
    c->abort(true);
  }
}

Status<StreamError> SimStreamConnection::set_option(ports::SockOpt opt, const ports::SockOptValue& value) {
  auto* c = stack_.connection(id_);
  if (!c) return smc::unexpected(StreamError::NotConnected);
  c->options[opt] = value;
  return Ok{};
}

// GCC 12 with -fsanitize reports a false -Wmaybe-uninitialized on copying the
// variant<int64_t, Bytes> out of the map; the value is always initialised.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
Result<ports::SockOptValue, StreamError> SimStreamConnection::get_option(ports::SockOpt opt) const {
  auto* c = stack_.connection(id_);
  if (!c) return smc::unexpected(StreamError::NotConnected);
  auto it = c->options.find(opt);
  if (it != c->options.end()) return it->second;
  if (opt == ports::sockopt::kMaxSeg) return ports::SockOptValue{static_cast<std::int64_t>(c->mss())};
  return smc::unexpected(StreamError::InvalidArgument);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

ports::StreamState SimStreamConnection::state() const {
  auto* c = stack_.connection(id_);
  if (!c || c->state() == TcpState::Closed) return ports::StreamState::Closed;
  switch (c->state()) {
    case TcpState::SynSent:
    case TcpState::SynReceived: return ports::StreamState::Connecting;
    case TcpState::Established: return ports::StreamState::Established;
    default: return ports::StreamState::Closing;
  }
}

const ports::TcpOptions& SimStreamConnection::peer_handshake_options() const {
  static const ports::TcpOptions kNone;
  auto* c = stack_.connection(id_);
  return c ? c->peer_handshake_options() : kNone;
}

const ports::TcpOptions& SimStreamConnection::local_handshake_options() const {
  static const ports::TcpOptions kNone;
  auto* c = stack_.connection(id_);
  return c ? c->local_handshake_options() : kNone;
}

ports::Endpoint SimStreamConnection::local_cache() const {
  if (auto* c = stack_.connection(id_)) local_ = c->local();
  return local_;
}

ports::Endpoint SimStreamConnection::peer_cache() const {
  if (auto* c = stack_.connection(id_)) peer_ = c->remote();
  return peer_;
}

}  // namespace smc::sim::tcp
