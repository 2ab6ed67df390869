#pragma once
// A plain (non-SMC) TCP server on any StreamTransport: it accepts every connection and
// either speaks first (a banner, like SMTP or SSH servers) or answers whatever it reads
// with its own protocol. Against an SMC client whose SYN-ACK was echoed, this is the peer
// that receives a CLC Proposal as application data (fallback-causes.md §12 row 73).
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "protocol/ports/stream_transport.h"

namespace smc::sim::middlebox {

class PlainServer {
 public:
  struct Behaviour {
    std::optional<wire::Bytes> banner;  // sent as soon as a connection is accepted
    // Reply to each chunk read; unset: echo it back.
    std::function<wire::Bytes(const wire::Bytes&)> reply;
    bool close_after_reply = false;
  };
  PlainServer(ports::StreamTransport& transport, ports::Endpoint local, Behaviour behaviour);
  PlainServer(const PlainServer&) = delete;
  PlainServer& operator=(const PlainServer&) = delete;

  bool listening() const { return listener_ != nullptr; }
  std::size_t accepted() const { return connections_.size(); }
  // Everything each accepted connection received, in accept order.
  const std::vector<wire::Bytes>& received() const { return received_; }

 private:
  void accept_all();
  void on_readable(std::size_t index);

  ports::StreamTransport& transport_;
  Behaviour behaviour_;
  std::unique_ptr<ports::StreamListener> listener_;
  std::vector<std::unique_ptr<ports::StreamConnection>> connections_;
  std::vector<wire::Bytes> received_;
};

}  // namespace smc::sim::middlebox
