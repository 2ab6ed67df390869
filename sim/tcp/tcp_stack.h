#pragma once
// The TCP layer of one simulated namespace, and the ports::StreamTransport that the SMC
// engine (or a plain application) uses there. Owns its connections and listeners, the
// port table (ephemeral allocation from net.ipv4.ip_local_port_range, minus
// net.ipv4.ip_local_reserved_ports; EADDRINUSE; ranges held by someone else, like the
// eRDMA driver's 65500-65515), SYN handling (RST to a SYN on a closed port, accept
// backlog, SYN cookies), and the Fast Open cookie cache.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>

#include "protocol/ports/stream_transport.h"
#include "sim/kernel/actor.h"
#include "sim/net/netns.h"
#include "sim/tcp/tcp_connection.h"

namespace smc::sim::tcp {

struct TcpListener {
  std::uint64_t id = 0;
  ports::Endpoint local;
  int backlog = 128;
  ports::SynPolicy on_syn;
  std::function<void()> on_acceptable;
  std::map<ports::SockOpt, ports::SockOptValue> options;
  std::deque<std::uint64_t> accept_queue;  // established, not yet accepted
  std::set<std::uint64_t> pending;         // SYN_RECEIVED children
};

class TcpStack final : public Actor, public ports::StreamTransport {
 public:
  // Actor name "<netns>/tcp". Installs itself as the namespace's TCP handler.
  explicit TcpStack(net::Netns& ns);
  ~TcpStack() override;

  net::Netns& netns() const { return ns_; }

  // --- ports::StreamTransport -----------------------------------------------------
  Result<std::unique_ptr<ports::StreamConnection>, ports::StreamError> connect(ports::ConnectRequest request,
                                                                              ports::StreamEvents events) override;
  Result<std::unique_ptr<ports::StreamListener>, ports::StreamError> listen(ports::ListenRequest request) override;

  // --- port table -------------------------------------------------------------------
  // Holds ports [lo, hi] as if bound by another owner (bind gets EADDRINUSE, ephemeral
  // allocation skips them). Fails with EADDRINUSE if one of them is already taken.
  Status<ports::StreamError> reserve_ports(std::uint16_t lo, std::uint16_t hi, std::string owner);
  bool port_in_use(std::uint16_t port) const;
  Result<std::uint16_t, ports::StreamError> allocate_ephemeral_port();

  // Under a SYN flood the kernel answers with SYN cookies: no per-SYN state, so the
  // listener's SYN policy is not consulted and the SYN-ACK carries no SMC option.
  void set_syncookies_active(bool on) { syncookies_active_ = on; }
  bool syncookies_active() const { return syncookies_active_; }

  // --- used by connections and handles ------------------------------------------------
  TcpConnection* connection(std::uint64_t id) const;
  TcpListener* listener(std::uint64_t id) const;
  void emit(const TcpConnection& from, net::TcpSegment seg);
  void connection_established_passive(TcpConnection& c);
  bool accept_queue_full(const TcpConnection& c) const;
  void connection_closed(TcpConnection& c);  // frees the port, drops the TCB after this event
  std::uint32_t initial_sequence(const ports::Endpoint& local, const ports::Endpoint& remote);
  std::uint32_t mss_for(const ports::IpAddress& remote) const;
  std::uint32_t default_window() const { return 4u << 20; }
  Result<std::unique_ptr<ports::StreamConnection>, ports::StreamError> accept(std::uint64_t listener_id);
  void close_listener(std::uint64_t listener_id);
  // Fast Open: the cookie a server issues to a client address, and the client's cache.
  wire::Bytes fast_open_cookie_for(const ports::IpAddress& client) const;
  std::map<ports::IpAddress, wire::Bytes> fast_open_cache;
  std::uint64_t segments_sent() const { return segments_sent_; }

 private:
  using FourTuple = std::tuple<ports::Endpoint, ports::Endpoint>;
  void on_packet(net::Packet p);
  void on_syn(const net::Packet& p, const net::TcpSegment& seg);
  void send_rst_for(const net::Packet& p, const net::TcpSegment& seg);
  TcpListener* find_listener(const ports::Endpoint& local) const;
  std::uint64_t add_connection(const ports::Endpoint& local, const ports::Endpoint& remote);

  net::Netns& ns_;
  std::map<std::uint64_t, std::unique_ptr<TcpConnection>> connections_;
  std::map<FourTuple, std::uint64_t> by_tuple_;
  std::map<std::uint64_t, std::unique_ptr<TcpListener>> listeners_;
  std::map<std::uint16_t, std::string> ports_;  // bound port -> owner
  std::uint64_t next_id_ = 1;
  std::uint32_t next_ephemeral_ = 0;
  bool syncookies_active_ = false;
  std::uint64_t segments_sent_ = 0;
};

}  // namespace smc::sim::tcp
