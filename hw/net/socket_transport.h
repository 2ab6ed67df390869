#pragma once
// ports::StreamTransport on the host's real TCP stack: non-blocking IPv4/IPv6 sockets
// driven by an EventLoop.
//
// Declared deviations of this backend (a user-space endpoint does not own its SYN):
//   - ConnectRequest::syn_options are not sent (counted in syn_options_dropped());
//   - on_connected reports no SYN-ACK options, peer_handshake_options() is empty;
//   - ListenRequest::on_syn (SynPolicy) is never consulted.
// carries_syn_options() answers false so the engine does not read "no SMC option seen" as
// "the peer does not offer SMC". Everything else (bind, connect, accept, send/recv,
// shutdown, RST on close with unread data, SO_LINGER-0 reset, options by number) is the
// kernel's own behaviour.
#include <cstdint>

#include "hw/loop/event_loop.h"
#include "protocol/ports/stream_transport.h"

namespace smc::hw {

class SocketTransport final : public ports::StreamTransport {
 public:
  static constexpr bool kCarriesSynOptions = false;

  explicit SocketTransport(EventLoop& loop) : loop_(loop) {}

  Result<std::unique_ptr<ports::StreamConnection>, ports::StreamError> connect(ports::ConnectRequest request,
                                                                               ports::StreamEvents events) override;
  Result<std::unique_ptr<ports::StreamListener>, ports::StreamError> listen(ports::ListenRequest request) override;
  bool carries_syn_options() const override { return kCarriesSynOptions; }

  // How many SYN options callers asked for that this backend could not send.
  std::uint64_t syn_options_dropped() const { return syn_options_dropped_; }

 private:
  EventLoop& loop_;
  std::uint64_t syn_options_dropped_ = 0;
};

}  // namespace smc::hw
