#pragma once
// ports::StreamListener over a real listening socket. The kernel completes handshakes on
// its own, so the listener accepts every completed connection as soon as the loop sees
// it and keeps it in its own queue: on_acceptable then fires once per connection, as it
// does in the simulator, and the owner may accept one per callback or drain the queue.
//
// Deviation: the kernel answers SYNs without asking anyone, so ListenRequest::on_syn (the
// SynPolicy) is never consulted and SYN-ACKs carry only Linux's own options.
#include <deque>
#include <functional>
#include <memory>

#include "hw/loop/event_loop.h"
#include "protocol/ports/stream_transport.h"

namespace smc::hw {

class SocketListener final : public ports::StreamListener {
 public:
  // Takes ownership of a non-blocking socket that is already listening.
  static Result<std::unique_ptr<SocketListener>, ports::StreamError> adopt(EventLoop& loop, int fd,
                                                                           std::function<void()> on_acceptable);
  ~SocketListener() override;
  SocketListener(const SocketListener&) = delete;
  SocketListener& operator=(const SocketListener&) = delete;

  Result<std::unique_ptr<ports::StreamConnection>, ports::StreamError> accept() override;
  ports::Endpoint local() const override { return local_; }
  void close() override;  // not yet accepted connections are reset, as the port says

  std::size_t queued() const { return queue_.size(); }

 private:
  SocketListener(EventLoop& loop, int fd, std::function<void()> on_acceptable);
  void on_ready();

  EventLoop& loop_;
  int fd_ = -1;
  ports::Endpoint local_;
  std::function<void()> on_acceptable_;
  std::deque<int> queue_;  // accepted by the kernel, not yet by the owner
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::hw
