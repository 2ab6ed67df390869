#include "hw/net/socket_transport.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "hw/net/socket_address.h"
#include "hw/net/socket_connection.h"
#include "hw/net/socket_listener.h"

namespace smc::hw {

using ports::StreamError;

namespace {

// Owns a descriptor until it is handed to a connection or listener.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Result<int, StreamError> open_socket(int family, const std::vector<std::pair<ports::SockOpt, ports::SockOptValue>>& options) {
  const int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) return smc::unexpected(stream_error_from_errno(errno));
  for (const auto& [opt, value] : options) {
    if (auto st = set_socket_option(fd, opt, value); !st) {
      ::close(fd);
      return smc::unexpected(st.error());
    }
  }
  return fd;
}

// The outcome of the handshake itself: reported through on_error even when the kernel
// knew it at once (loopback answers a SYN to a closed port before connect() returns).
bool is_handshake_outcome(int err) { return err == ECONNREFUSED || err == ECONNRESET || err == ETIMEDOUT; }

}  // namespace

Result<std::unique_ptr<ports::StreamConnection>, StreamError> SocketTransport::connect(ports::ConnectRequest request,
                                                                                       ports::StreamEvents events) {
  syn_options_dropped_ += request.syn_options.size();
  const int family = family_of(request.remote);
  if (request.local && family_of(*request.local) != family) return smc::unexpected(StreamError::InvalidArgument);
  auto opened = open_socket(family, request.options);
  if (!opened) return smc::unexpected(opened.error());
  FdGuard fd(*opened);
  if (request.local) {
    const SocketAddress local = to_sockaddr(*request.local);
    if (::bind(fd.get(), local.get(), local.length) != 0) return smc::unexpected(stream_error_from_errno(errno));
  }
  const SocketAddress remote = to_sockaddr(request.remote);
  wire::Bytes pending;
  int rc = 0;
  if (request.fast_open_data && !request.fast_open_data->empty()) {
    // sendto(MSG_FASTOPEN) both connects and queues data into the SYN when a cookie is
    // known; what the SYN did not carry is sent once the handshake completes.
    const wire::Bytes& data = *request.fast_open_data;
    const ssize_t n = ::sendto(fd.get(), data.data(), data.size(), MSG_FASTOPEN | MSG_NOSIGNAL, remote.get(), remote.length);
    if (n >= 0) {
      pending.assign(data.begin() + n, data.end());
    } else if (errno == EOPNOTSUPP) {
      pending = data;  // client Fast Open disabled on this host (net.ipv4.tcp_fastopen)
      rc = ::connect(fd.get(), remote.get(), remote.length);
    } else {
      pending = data;
      rc = -1;
    }
  } else {
    rc = ::connect(fd.get(), remote.get(), remote.length);
  }
  const int err = rc == 0 ? 0 : errno;
  if (rc != 0 && err != EINPROGRESS && !is_handshake_outcome(err)) return smc::unexpected(stream_error_from_errno(err));
  auto conn = SocketConnection::adopt(loop_, fd.release(), true, std::move(events), std::move(pending));
  if (!conn) return smc::unexpected(conn.error());
  if (rc == 0)
    (*conn)->connected_later();
  else if (is_handshake_outcome(err))
    (*conn)->fail_later(stream_error_from_errno(err));
  return std::unique_ptr<ports::StreamConnection>(std::move(conn.value()));
}

Result<std::unique_ptr<ports::StreamListener>, StreamError> SocketTransport::listen(ports::ListenRequest request) {
  auto opened = open_socket(family_of(request.local), request.options);
  if (!opened) return smc::unexpected(opened.error());
  FdGuard fd(*opened);
  const SocketAddress local = to_sockaddr(request.local);
  if (::bind(fd.get(), local.get(), local.length) != 0) return smc::unexpected(stream_error_from_errno(errno));
  if (::listen(fd.get(), request.backlog) != 0) return smc::unexpected(stream_error_from_errno(errno));
  auto listener = SocketListener::adopt(loop_, fd.release(), std::move(request.on_acceptable));
  if (!listener) return smc::unexpected(listener.error());
  return std::unique_ptr<ports::StreamListener>(std::move(listener.value()));
}

}  // namespace smc::hw
