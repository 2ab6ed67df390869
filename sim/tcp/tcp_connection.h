#pragma once
// One simulated TCP connection (a TCB): handshake with options, an ordered reliable byte
// stream with go-back-N retransmission on a backed-off RTO (RFC 6298 estimator, Karn's
// rule), out-of-order reassembly, FIN and RST. There is no congestion control: the sender
// puts its whole window on the wire and the links' bandwidth and the NIC's PPS cap pace
// it, which gives the performance scenarios a throughput they can compute.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>

#include "protocol/ports/stream_transport.h"
#include "sim/kernel/timer.h"
#include "sim/net/tcp_segment.h"

namespace smc::sim::tcp {

class TcpStack;

enum class TcpState : std::uint8_t {
  Closed, SynSent, SynReceived, Established, FinWait1, FinWait2, CloseWait, Closing, LastAck, TimeWait
};
const char* to_string(TcpState s);

// Modular sequence-number comparisons (RFC 9293 §3.4).
inline bool seq_lt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
inline bool seq_le(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) <= 0; }

class TcpConnection {
 public:
  TcpConnection(TcpStack& stack, std::uint64_t id, ports::Endpoint local, ports::Endpoint remote);
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;

  std::uint64_t id() const { return id_; }
  TcpState state() const { return state_; }
  const ports::Endpoint& local() const { return local_; }
  const ports::Endpoint& remote() const { return remote_; }

  // Active open: sends the SYN with our options followed by `extra` (each only if it fits).
  void open_active(const ports::TcpOptions& extra, std::optional<wire::Bytes> fast_open_data);
  // Passive open from a SYN: answers with a SYN-ACK whose extra options the listener chose.
  void open_passive(const net::TcpSegment& syn, const ports::TcpOptions& synack_extra, std::uint64_t listener);

  void on_segment(const net::TcpSegment& seg);

  std::size_t send(wire::ByteView data);  // bytes queued (limited by the send buffer)
  wire::Bytes recv(std::size_t max);
  std::size_t readable() const { return recv_buf_.size(); }
  bool eof() const { return peer_fin_ && recv_buf_.empty(); }
  bool write_shut() const { return fin_queued_; }
  std::size_t send_space() const;
  void shutdown_write();
  void close();  // FIN, or RST with unread data
  void abort(bool send_rst);

  ports::StreamEvents events;
  std::uint64_t listener = 0;  // passive: the listener that owns it until accepted
  bool accepted = false;
  bool failed = false;
  std::map<ports::SockOpt, ports::SockOptValue> options;
  const ports::TcpOptions& peer_handshake_options() const { return peer_options_; }
  const ports::TcpOptions& local_handshake_options() const { return sent_options_; }
  std::uint32_t mss() const { return mss_; }
  std::uint64_t retransmissions() const { return retransmissions_; }

 private:
  ports::TcpOptions own_syn_options(bool synack, const net::TcpSegment* syn) const;
  void send_segment(std::uint8_t flags, std::uint32_t seq, wire::Bytes payload, ports::TcpOptions opts = {});
  void send_ack() { send_segment(net::tcp_flag::kAck, snd_nxt_, {}); }
  void flush(bool probe = false);
  void on_rto();
  void arm_rto();
  void process_ack(const net::TcpSegment& seg);
  void process_data(const net::TcpSegment& seg);
  void on_peer_fin();
  void set_state(TcpState s);
  void fail(ports::StreamError e);
  std::uint32_t advertised_window() const;
  void update_rtt(SimDuration sample);

  TcpStack& stack_;
  std::uint64_t id_;
  ports::Endpoint local_, remote_;
  TcpState state_ = TcpState::Closed;

  std::uint32_t iss_ = 0, snd_una_ = 0, snd_nxt_ = 0, rcv_nxt_ = 0;
  std::uint32_t peer_window_ = 65535;
  std::uint32_t mss_ = 536;
  std::deque<std::uint8_t> send_buf_;  // from snd_una's first data byte: unacked, then unsent
  bool fin_queued_ = false, fin_sent_ = false;
  std::deque<std::uint8_t> recv_buf_;
  std::map<std::uint32_t, wire::Bytes> out_of_order_;  // by sequence number
  std::optional<std::uint32_t> peer_fin_seq_;
  bool peer_fin_ = false;
  bool blocked_writer_ = false;
  std::optional<wire::Bytes> syn_payload_;  // Fast Open data

  ports::TcpOptions sent_options_, peer_options_, syn_extra_;
  Timer rto_timer_;
  Timer time_wait_timer_;
  SimDuration rto_;
  std::optional<SimDuration> srtt_;
  SimDuration rttvar_;
  int retries_ = 0;
  std::optional<std::pair<std::uint32_t, SimTime>> rtt_probe_;  // (seq acked, sent at)
  std::uint64_t retransmissions_ = 0;
};

}  // namespace smc::sim::tcp
