#include "hw/net/socket_listener.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "hw/net/socket_address.h"
#include "hw/net/socket_connection.h"

namespace smc::hw {

using ports::StreamError;

namespace {
void reset_fd(int fd) {
  const linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  ::close(fd);
}
}  // namespace

Result<std::unique_ptr<SocketListener>, StreamError> SocketListener::adopt(EventLoop& loop, int fd,
                                                                           std::function<void()> on_acceptable) {
  std::unique_ptr<SocketListener> l(new SocketListener(loop, fd, std::move(on_acceptable)));
  auto* raw = l.get();
  // Level-triggered: a connection the kernel still holds (accept4 stopped early, e.g. on
  // EMFILE) is offered again on the next round.
  auto st = loop.watch(fd, readiness::kReadable, false, [raw](std::uint32_t) { raw->on_ready(); });
  if (!st) return smc::unexpected(stream_error_from_errno(st.error()));
  return l;
}

SocketListener::SocketListener(EventLoop& loop, int fd, std::function<void()> on_acceptable)
    : loop_(loop), fd_(fd), local_(local_endpoint(fd)), on_acceptable_(std::move(on_acceptable)) {}

SocketListener::~SocketListener() {
  *alive_ = false;
  close();
}

void SocketListener::on_ready() {
  const std::shared_ptr<bool> alive = alive_;
  for (;;) {
    if (fd_ < 0) return;
    const int c = ::accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (c < 0) {
      if (errno == ECONNABORTED || errno == EINTR) continue;  // reset while queued: not ours to report
      return;
    }
    queue_.push_back(c);
    if (on_acceptable_) {
      auto cb = on_acceptable_;
      cb();
      if (!*alive) return;
    }
  }
}

Result<std::unique_ptr<ports::StreamConnection>, StreamError> SocketListener::accept() {
  if (fd_ < 0) return smc::unexpected(StreamError::InvalidArgument);
  if (queue_.empty()) return smc::unexpected(StreamError::WouldBlock);
  const int c = queue_.front();
  queue_.pop_front();
  auto conn = SocketConnection::adopt(loop_, c, false, {});
  if (!conn) return smc::unexpected(conn.error());
  return std::unique_ptr<ports::StreamConnection>(std::move(conn.value()));
}

void SocketListener::close() {
  if (fd_ < 0) return;
  loop_.unwatch(fd_);
  ::close(fd_);
  fd_ = -1;
  for (int c : queue_) reset_fd(c);
  queue_.clear();
  on_acceptable_ = nullptr;
}

}  // namespace smc::hw
