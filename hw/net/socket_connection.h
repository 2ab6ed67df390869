#pragma once
// ports::StreamConnection over a real non-blocking TCP socket, driven by the EventLoop.
//
// Readiness is edge-triggered, which gives exactly the port's meaning: on_readable when
// new bytes (or the FIN) arrived, on_writable when room appeared after a WouldBlock.
// Every callback runs from the loop, never from inside a call the owner is making; a
// result known at once (connect refused on loopback) is delivered through a 0-delay timer.
// The owner may destroy the connection from inside any of its callbacks.
//
// Deviations of a user-space socket (see docs/hw-backend.md): the SYN's options cannot be
// chosen nor the peer's seen, so on_connected reports none and peer_handshake_options()
// is empty; Linux itself decides RST-on-close-with-unread-data, as the port describes.
#include <memory>

#include "hw/loop/event_loop.h"
#include "protocol/ports/stream_transport.h"

namespace smc::hw {

class SocketConnection final : public ports::StreamConnection {
 public:
  // Takes ownership of `fd` (non-blocking). `connecting`: an active open in progress, whose
  // outcome arrives as on_connected or on_error; otherwise the socket is established
  // (accepted). `pending` is Fast Open data the SYN could not carry, sent once connected.
  static Result<std::unique_ptr<SocketConnection>, ports::StreamError> adopt(EventLoop& loop, int fd, bool connecting,
                                                                             ports::StreamEvents events,
                                                                             wire::Bytes pending = {});
  ~SocketConnection() override;
  SocketConnection(const SocketConnection&) = delete;
  SocketConnection& operator=(const SocketConnection&) = delete;

  void set_events(ports::StreamEvents events) override { events_ = std::move(events); }
  Result<std::size_t, ports::StreamError> send(wire::ByteView data) override;
  Result<wire::Bytes, ports::StreamError> recv(std::size_t max) override;
  std::size_t readable_bytes() const override;
  Status<ports::StreamError> shutdown_write() override;
  void close() override;
  void reset() override;
  Status<ports::StreamError> set_option(ports::SockOpt opt, const ports::SockOptValue& value) override;
  Result<ports::SockOptValue, ports::StreamError> get_option(ports::SockOpt opt) const override;
  ports::StreamState state() const override { return state_; }
  ports::Endpoint local() const override { return local_; }
  ports::Endpoint peer() const override { return peer_; }
  const ports::TcpOptions& peer_handshake_options() const override { return no_options_; }

  int fd() const { return fd_; }
  // Delivers `error` through on_error from the loop (a connect refused at once).
  void fail_later(ports::StreamError error);
  // Delivers on_connected from the loop (a connect that completed at once).
  void connected_later();

 private:
  SocketConnection(EventLoop& loop, int fd, bool connecting, ports::StreamEvents events, wire::Bytes pending);
  void on_ready(std::uint32_t ready);
  void finish_connect();
  void fail(ports::StreamError error);
  bool flush_pending();  // true when nothing is left
  void release_fd(bool abortive);

  EventLoop& loop_;
  int fd_ = -1;
  ports::StreamState state_ = ports::StreamState::Connecting;
  ports::StreamEvents events_;
  wire::Bytes pending_;
  bool want_writable_ = false;
  bool peer_fin_seen_ = false;
  bool write_shut_ = false;
  std::optional<ports::StreamError> failed_;
  ports::Endpoint local_, peer_;
  ports::TcpOptions no_options_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::hw
