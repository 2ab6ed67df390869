#include "hw/net/socket_connection.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "hw/net/socket_address.h"

namespace smc::hw {

using ports::StreamError;
using ports::StreamState;

namespace {
constexpr std::uint32_t kInterest = readiness::kReadable | readiness::kWritable | readiness::kPeerClosed;

int pending_socket_error(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
  return err;
}
}  // namespace

Result<std::unique_ptr<SocketConnection>, StreamError> SocketConnection::adopt(EventLoop& loop, int fd, bool connecting,
                                                                               ports::StreamEvents events,
                                                                               wire::Bytes pending) {
  std::unique_ptr<SocketConnection> c(new SocketConnection(loop, fd, connecting, std::move(events), std::move(pending)));
  auto* raw = c.get();
  auto st = loop.watch(fd, kInterest, true, [raw](std::uint32_t ready) { raw->on_ready(ready); });
  if (!st) return smc::unexpected(stream_error_from_errno(st.error()));  // the destructor closes fd
  return c;
}

SocketConnection::SocketConnection(EventLoop& loop, int fd, bool connecting, ports::StreamEvents events,
                                   wire::Bytes pending)
    : loop_(loop),
      fd_(fd),
      state_(connecting ? StreamState::Connecting : StreamState::Established),
      events_(std::move(events)),
      pending_(std::move(pending)),
      local_(local_endpoint(fd)),
      peer_(peer_endpoint(fd)) {}

SocketConnection::~SocketConnection() {
  *alive_ = false;
  close();
}

void SocketConnection::fail_later(StreamError error) {
  std::weak_ptr<bool> alive = alive_;
  loop_.arm(0, [this, alive, error] {
    if (!alive.expired() && fd_ >= 0 && !failed_) fail(error);
  });
}

void SocketConnection::connected_later() {
  std::weak_ptr<bool> alive = alive_;
  loop_.arm(0, [this, alive] {
    if (!alive.expired() && state_ == StreamState::Connecting) finish_connect();
  });
}

void SocketConnection::fail(StreamError error) {
  failed_ = error;
  state_ = StreamState::Closed;
  // No other callback follows on_error: stop watching, keep the fd so that recv() can
  // still drain what arrived before the reset.
  loop_.unwatch(fd_);
  auto cb = events_.on_error;
  events_ = {};
  if (cb) cb(error);
}

void SocketConnection::finish_connect() {
  state_ = StreamState::Established;
  local_ = local_endpoint(fd_);
  peer_ = peer_endpoint(fd_);
  flush_pending();
  // A user-space socket never sees the SYN-ACK's options: reported as none (a deviation
  // the engine learns from StreamTransport::carries_syn_options()).
  auto cb = events_.on_connected;
  if (cb) cb(no_options_);
}

bool SocketConnection::flush_pending() {
  while (!pending_.empty()) {
    const ssize_t n = ::send(fd_, pending_.data(), pending_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n <= 0) return false;
    pending_.erase(pending_.begin(), pending_.begin() + n);
  }
  return true;
}

void SocketConnection::on_ready(std::uint32_t ready) {
  const std::shared_ptr<bool> alive = alive_;
  if (ready & (readiness::kError | readiness::kHangup)) {
    // A reset also looks readable and shut down (tcp_poll), so the error is looked at
    // first: an RST must not be reported as a FIN.
    if (const int err = pending_socket_error(fd_); err != 0) {
      fail(state_ == StreamState::Connecting && err == ECONNRESET ? StreamError::ConnectionRefused
                                                                   : stream_error_from_errno(err));
      return;
    }
  }
  if (state_ == StreamState::Connecting) {
    if (!(ready & (readiness::kWritable | readiness::kHangup))) return;
    finish_connect();
    if (!*alive || fd_ < 0) return;
  }
  if ((ready & readiness::kReadable) && events_.on_readable) {
    auto cb = events_.on_readable;
    cb();
    if (!*alive || fd_ < 0 || failed_) return;
  }
  if ((ready & readiness::kPeerClosed) && !peer_fin_seen_) {
    peer_fin_seen_ = true;
    if (state_ == StreamState::Established) state_ = StreamState::Closing;
    auto cb = events_.on_peer_fin;
    if (cb) cb();
    if (!*alive || fd_ < 0 || failed_) return;
  }
  if (ready & readiness::kWritable) {
    if (!flush_pending()) return;
    if (want_writable_) {
      want_writable_ = false;
      auto cb = events_.on_writable;
      if (cb) cb();
    }
  }
}

Result<std::size_t, StreamError> SocketConnection::send(wire::ByteView data) {
  if (failed_) return smc::unexpected(StreamError::BrokenPipe);
  if (fd_ < 0) return smc::unexpected(StreamError::NotConnected);
  if (write_shut_) return smc::unexpected(StreamError::BrokenPipe);
  if (state_ == StreamState::Connecting || !flush_pending()) {
    want_writable_ = true;
    return smc::unexpected(StreamError::WouldBlock);
  }
  if (data.empty()) return std::size_t{0};
  const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  if (n > 0) return static_cast<std::size_t>(n);
  const int err = n == 0 ? EAGAIN : errno;
  if (err == EAGAIN) {
    want_writable_ = true;
    return smc::unexpected(StreamError::WouldBlock);
  }
  // The port promises BrokenPipe once the connection was reset; Linux says ECONNRESET
  // the first time and EPIPE afterwards.
  if (err == ECONNRESET || err == EPIPE) return smc::unexpected(StreamError::BrokenPipe);
  return smc::unexpected(stream_error_from_errno(err));
}

Result<wire::Bytes, StreamError> SocketConnection::recv(std::size_t max) {
  if (fd_ < 0) return smc::unexpected(StreamError::NotConnected);
  if (state_ == StreamState::Connecting) return smc::unexpected(StreamError::WouldBlock);
  wire::Bytes out(max);
  const ssize_t n = ::recv(fd_, out.data(), max, MSG_DONTWAIT);
  if (n > 0) {
    out.resize(static_cast<std::size_t>(n));
    return out;
  }
  // After a reset the kernel answers end-of-file once SO_ERROR was consumed: the reset
  // remembered here is what the owner must see instead.
  if (failed_ && max > 0 && (n == 0 || errno == EAGAIN)) return smc::unexpected(*failed_);
  if (n == 0) return wire::Bytes{};
  return smc::unexpected(stream_error_from_errno(errno));
}

std::size_t SocketConnection::readable_bytes() const {
  if (fd_ < 0) return 0;
  int n = 0;
  if (::ioctl(fd_, FIONREAD, &n) != 0 || n < 0) return 0;
  return static_cast<std::size_t>(n);
}

Status<StreamError> SocketConnection::shutdown_write() {
  if (fd_ < 0 || failed_) return smc::unexpected(StreamError::NotConnected);
  if (::shutdown(fd_, SHUT_WR) != 0) return smc::unexpected(stream_error_from_errno(errno));
  write_shut_ = true;
  if (state_ == StreamState::Established) state_ = StreamState::Closing;
  return Ok{};
}

void SocketConnection::release_fd(bool abortive) {
  if (fd_ < 0) return;
  if (abortive) {
    const linger l{1, 0};  // close() then sends RST and drops queued data
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  }
  loop_.unwatch(fd_);
  ::close(fd_);
  fd_ = -1;
  state_ = StreamState::Closed;
  events_ = {};
}

void SocketConnection::close() { release_fd(false); }

void SocketConnection::reset() { release_fd(true); }

Status<StreamError> SocketConnection::set_option(ports::SockOpt opt, const ports::SockOptValue& value) {
  if (fd_ < 0) return smc::unexpected(StreamError::NotConnected);
  return set_socket_option(fd_, opt, value);
}

Result<ports::SockOptValue, StreamError> SocketConnection::get_option(ports::SockOpt opt) const {
  if (fd_ < 0) return smc::unexpected(StreamError::NotConnected);
  return get_socket_option(fd_, opt);
}

}  // namespace smc::hw
