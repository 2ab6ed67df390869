#pragma once
// One end of an engine-to-engine SMC-R connection on real devices (`smcsim rxe`): OUR
// engine — ClientHandshake or ServerHandshake, a link::LinkManager with one
// link::SmcrConnection, and a datapath::ConnectionDataPath — driven by hw/ ports: the
// EventLoop as TimerService, a real TCP connection (hw/net) for CLC, a real RNIC (hw/verbs)
// for LLC, CDC and RDMA WRITE.
//
// The run's "application" on each end writes `bytes` of a fixed pattern (different per
// direction) and reads and verifies the peer's, byte for byte.
//
// Declared deviation (hw/net cannot put option 254 into a real SYN nor see the peer's):
// both ends treat the TCP connection as SMC-capable — the client calls
// on_established(true), the server on_established(true) — instead of learning it from the
// SYN / SYN-ACK. Everything after the TCP handshake is the engine's own decision.
//
// Callbacks of the data path run inside the link's completion handling; reading and writing
// again happen from a zero-delay loop timer, never re-entrantly (as SmcrDataSession does in
// the simulator). After LinkError::NoBuffers the end retries after 1 ms: SmcrConnection
// tells nobody when send slots free up.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "hw/loop/event_loop.h"
#include "protocol/datapath/connection_data_path.h"
#include "protocol/diag/socket_diag.h"
#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"
#include "protocol/link/link_manager.h"
#include "protocol/link/smcr_connection.h"
#include "protocol/ports/stream_transport.h"

namespace smc::hw {

// Byte `offset` of the data one direction carries (client→server when from_client).
std::uint8_t transfer_byte(bool from_client, std::uint64_t offset);

class EngineEnd {
 public:
  struct Setup {
    bool client = true;
    negotiation::HostSnapshot host;        // this end's own device only (device_host.h)
    negotiation::ConnectionContext conn;   // local = this end's TCP address
    negotiation::EngineProfile profile;
    std::uint64_t bytes = 0;               // what this end's application sends
    std::uint64_t psn_seed = 1;
  };
  // `changed` is called (from a zero-delay timer) whenever this end's progress changed.
  EngineEnd(EventLoop& loop, ports::RnicDevice& device, Setup setup, std::function<void()> changed);
  ~EngineEnd();
  EngineEnd(const EngineEnd&) = delete;
  EngineEnd& operator=(const EngineEnd&) = delete;

  // Client: connect() from conn.local to `server`; the handshake starts once connected.
  bool connect(ports::StreamTransport& transport, const ports::Endpoint& server);
  // Server: an accepted connection; the handshake starts now.
  void adopt(std::unique_ptr<ports::StreamConnection> tcp);

  // Application phase (after both ends are established): open the data path and send.
  void start_data();
  // close() on the SMC socket.
  void close();

  bool established() const { return established_; }
  bool data_started() const { return dp_ != nullptr; }
  const std::optional<std::string>& failure() const { return failure_; }
  bool sent_all() const { return sent_ == bytes_; }
  std::uint64_t sent() const { return sent_; }
  std::uint64_t received() const { return received_; }
  std::optional<std::uint64_t> first_mismatch() const { return mismatch_; }
  bool eof() const { return eof_; }
  bool closed() const;
  const negotiation::NegotiatedPath* path() const { return path_ ? &*path_ : nullptr; }
  const datapath::ConnectionDataPath* data_path() const { return dp_.get(); }
  const link::SmcrConnection& link() const { return *smcr_; }
  const std::string& device_name() const { return device_name_; }
  // The socket as smcss sees it now (sock_diag fields the engine knows).
  diag::SocketDiag diag() const;
  // "client: SMC established SMC-Rv2" ... in order.
  const std::vector<std::string>& events() const { return events_; }
  // Frees the link groups now (the end of a run; no LLC Delete Link is sent).
  void shutdown_links();

 private:
  void start_handshake();
  void apply(const handshake::Actions& acts);
  void arm(handshake::TimerName name, ports::Nanos after);
  void cancel_timers();
  void send_stream(const wire::Bytes& bytes);
  void flush_stream();
  void on_readable();
  void on_eof(bool reset);
  void start_link();
  void fail(std::string why);
  void note(std::string what);
  void notify();
  // Data path.
  void wake();
  void service();
  void drain();
  void flush_data();
  void arm_retry();
  const socket::SmcSocketRecord* record() const;

  EventLoop& loop_;
  Setup setup_;
  std::string device_name_;
  std::function<void()> changed_;
  std::unique_ptr<link::LinkManager> links_;
  std::unique_ptr<link::SmcrConnection> smcr_;
  std::optional<handshake::ClientHandshake> chs_;
  std::optional<handshake::ServerHandshake> shs_;
  std::unique_ptr<ports::StreamConnection> tcp_;
  wire::Bytes tcp_backlog_;
  std::map<handshake::TimerName, ports::TimerId> armed_;
  bool hs_done_ = false;
  bool established_ = false;
  std::optional<negotiation::NegotiatedPath> path_;
  std::optional<std::string> failure_;
  std::vector<std::string> events_;

  std::unique_ptr<datapath::ConnectionDataPath> dp_;
  std::uint64_t bytes_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t received_ = 0;
  std::optional<std::uint64_t> mismatch_;
  bool eof_ = false;
  bool wake_armed_ = false;
  bool retry_armed_ = false;
  bool notify_armed_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::hw
