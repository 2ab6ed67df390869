#pragma once
// The handles the engine holds: ports::StreamConnection and ports::StreamListener over a
// TcpStack's connection or listener, by id, so a handle outliving its TCB (after a reset,
// or TIME_WAIT's end) answers "not connected" instead of touching freed memory.
#include "sim/tcp/tcp_stack.h"

namespace smc::sim::tcp {

class SimStreamConnection final : public ports::StreamConnection {
 public:
  SimStreamConnection(TcpStack& stack, std::uint64_t id) : stack_(stack), id_(id) {}
  ~SimStreamConnection() override { close(); }

  void set_events(ports::StreamEvents events) override;
  Result<std::size_t, ports::StreamError> send(wire::ByteView data) override;
  Result<wire::Bytes, ports::StreamError> recv(std::size_t max) override;
  std::size_t readable_bytes() const override;
  Status<ports::StreamError> shutdown_write() override;
  void close() override;
  void reset() override;
  Status<ports::StreamError> set_option(ports::SockOpt opt, const ports::SockOptValue& value) override;
  Result<ports::SockOptValue, ports::StreamError> get_option(ports::SockOpt opt) const override;
  ports::StreamState state() const override;
  ports::Endpoint local() const override { return local_cache(); }
  ports::Endpoint peer() const override { return peer_cache(); }
  const ports::TcpOptions& peer_handshake_options() const override;
  // The options our own SYN or SYN-ACK actually carried (one that did not fit is absent).
  const ports::TcpOptions& local_handshake_options() const;
  std::uint64_t id() const { return id_; }

 private:
  ports::Endpoint local_cache() const;
  ports::Endpoint peer_cache() const;
  TcpStack& stack_;
  std::uint64_t id_;
  bool closed_ = false;
  mutable ports::Endpoint local_, peer_;
};

class SimStreamListener final : public ports::StreamListener {
 public:
  SimStreamListener(TcpStack& stack, std::uint64_t id, ports::Endpoint local) : stack_(stack), id_(id), local_(local) {}
  ~SimStreamListener() override { close(); }
  Result<std::unique_ptr<ports::StreamConnection>, ports::StreamError> accept() override {
    return stack_.accept(id_);
  }
  ports::Endpoint local() const override { return local_; }
  void close() override {
    if (closed_) return;
    closed_ = true;
    stack_.close_listener(id_);
  }

 private:
  TcpStack& stack_;
  std::uint64_t id_;
  ports::Endpoint local_;
  bool closed_ = false;
};

}  // namespace smc::sim::tcp
