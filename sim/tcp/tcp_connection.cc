#include "sim/tcp/tcp_connection.h"

#include <algorithm>

#include "sim/tcp/tcp_stack.h"

namespace smc::sim::tcp {

namespace kind = ports::tcp_option_kind;
using net::TcpSegment;
namespace flag = net::tcp_flag;

namespace {
// Linux: initial RTO 1 s, floor 200 ms, ceiling 120 s; data retries tcp_retries2 = 15.
constexpr SimDuration kInitialRto = SimDuration::from_ns(1'000'000'000);
constexpr SimDuration kMinRto = SimDuration::from_ns(200'000'000);
constexpr SimDuration kMaxRto = SimDuration::from_ns(120'000'000'000);
constexpr int kDataRetries = 15;
constexpr SimDuration kTimeWait = SimDuration::from_ns(60'000'000'000);
constexpr std::size_t kSendBuffer = 4u << 20;

ports::TcpOption option(std::uint8_t k, std::initializer_list<std::uint8_t> data) {
  return ports::TcpOption{k, wire::Bytes(data)};
}
bool has_kind(const ports::TcpOptions& o, std::uint8_t k) {
  return std::any_of(o.begin(), o.end(), [&](const auto& x) { return x.kind == k; });
}
}  // namespace

const char* to_string(TcpState s) {
  switch (s) {
    case TcpState::Closed: return "CLOSED";
    case TcpState::SynSent: return "SYN_SENT";
    case TcpState::SynReceived: return "SYN_RECV";
    case TcpState::Established: return "ESTABLISHED";
    case TcpState::FinWait1: return "FIN_WAIT1";
    case TcpState::FinWait2: return "FIN_WAIT2";
    case TcpState::CloseWait: return "CLOSE_WAIT";
    case TcpState::Closing: return "CLOSING";
    case TcpState::LastAck: return "LAST_ACK";
    case TcpState::TimeWait: return "TIME_WAIT";
  }
  return "?";
}

TcpConnection::TcpConnection(TcpStack& stack, std::uint64_t id, ports::Endpoint local, ports::Endpoint remote)
    : stack_(stack),
      id_(id),
      local_(local),
      remote_(remote),
      rto_timer_(stack, "rto", [this] { on_rto(); }),
      time_wait_timer_(stack, "time-wait", [this] {
        set_state(TcpState::Closed);
        stack_.connection_closed(*this);
      }),
      rto_(kInitialRto) {}

void TcpConnection::set_state(TcpState s) {
  if (s == state_) return;
  stack_.trace("tcp.state", {{"conn", id_}, {"local", local_.to_string()}, {"remote", remote_.to_string()},
                             {"from", to_string(state_)}, {"to", to_string(s)}});
  state_ = s;
}

ports::TcpOptions TcpConnection::own_syn_options(bool synack, const TcpSegment* syn) const {
  auto mss = static_cast<std::uint16_t>(stack_.mss_for(remote_.address));
  ports::TcpOptions o;
  o.push_back(option(kind::kMss, {static_cast<std::uint8_t>(mss >> 8), static_cast<std::uint8_t>(mss)}));
  bool md5 = has_kind(synack ? ports::TcpOptions{} : syn_extra_, kind::kMd5);
  bool peer_ts = !synack || (syn && syn->find_option(kind::kTimestamps));
  bool peer_sack = !synack || (syn && syn->find_option(kind::kSackPermitted));
  bool peer_ws = !synack || (syn && syn->find_option(kind::kWindowScale));
  if (peer_sack) o.push_back(option(kind::kSackPermitted, {}));
  // Linux leaves timestamps out of MD5-signed SYNs to make room for the signature.
  if (peer_ts && !md5) o.push_back(option(kind::kTimestamps, {0, 0, 0, 1, 0, 0, 0, 0}));
  if (peer_ws) o.push_back(option(kind::kWindowScale, {7}));
  return o;
}

void TcpConnection::open_active(const ports::TcpOptions& extra, std::optional<wire::Bytes> fast_open_data) {
  syn_extra_ = extra;
  iss_ = stack_.initial_sequence(local_, remote_);
  snd_una_ = iss_;
  snd_nxt_ = iss_ + 1;
  ports::TcpOptions opts = own_syn_options(false, nullptr);
  if (fast_open_data) {
    auto cookie = stack_.fast_open_cache.find(remote_.address.unmapped());
    if (cookie != stack_.fast_open_cache.end()) {
      opts.push_back(ports::TcpOption{kind::kFastOpen, cookie->second});
      syn_payload_ = *fast_open_data;
    } else {
      opts.push_back(ports::TcpOption{kind::kFastOpen, {}});  // cookie request
    }
    send_buf_.insert(send_buf_.end(), fast_open_data->begin(), fast_open_data->end());
  }
  // Caller options in order, each only if it still fits: a full SYN silently loses them.
  for (const auto& x : extra) {
    ports::TcpOptions trial = opts;
    trial.push_back(x);
    if (net::options_wire_length(trial) <= net::kMaxTcpOptionSpace) opts = std::move(trial);
  }
  sent_options_ = opts;
  set_state(TcpState::SynSent);
  send_segment(flag::kSyn, iss_, syn_payload_.value_or(wire::Bytes{}), opts);
  arm_rto();
}

void TcpConnection::open_passive(const TcpSegment& syn, const ports::TcpOptions& synack_extra, std::uint64_t l) {
  listener = l;
  peer_options_ = syn.options;
  iss_ = stack_.initial_sequence(local_, remote_);
  snd_una_ = iss_;
  snd_nxt_ = iss_ + 1;
  rcv_nxt_ = syn.seq + 1;
  peer_window_ = syn.window;
  if (const auto* m = syn.find_option(kind::kMss); m && m->data.size() == 2)
    mss_ = std::min<std::uint32_t>(stack_.mss_for(remote_.address), static_cast<std::uint32_t>(m->data[0] << 8 | m->data[1]));
  ports::TcpOptions opts = own_syn_options(true, &syn);
  for (const auto& x : synack_extra) {
    ports::TcpOptions trial = opts;
    trial.push_back(x);
    if (net::options_wire_length(trial) <= net::kMaxTcpOptionSpace) opts = std::move(trial);
  }
  sent_options_ = opts;
  set_state(TcpState::SynReceived);
  send_segment(flag::kSyn | flag::kAck, iss_, {}, opts);
  arm_rto();
}

std::uint32_t TcpConnection::advertised_window() const {
  std::size_t used = recv_buf_.size();
  std::uint32_t w = stack_.default_window();
  return used >= w ? 0 : w - static_cast<std::uint32_t>(used);
}

void TcpConnection::send_segment(std::uint8_t flags, std::uint32_t seq, wire::Bytes payload, ports::TcpOptions opts) {
  TcpSegment s;
  s.src_port = local_.port;
  s.dst_port = remote_.port;
  s.seq = seq;
  s.flags = flags;
  if (flags & flag::kAck) s.ack = rcv_nxt_;
  s.window = advertised_window();
  s.options = std::move(opts);
  s.payload = std::move(payload);
  stack_.emit(*this, std::move(s));
}

void TcpConnection::arm_rto() { rto_timer_.arm_after(rto_); }

std::size_t TcpConnection::send_space() const {
  return send_buf_.size() >= kSendBuffer ? 0 : kSendBuffer - send_buf_.size();
}

std::size_t TcpConnection::send(wire::ByteView data) {
  std::size_t n = std::min(data.size(), send_space());
  send_buf_.insert(send_buf_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
  if (n < data.size()) blocked_writer_ = true;
  if (state_ == TcpState::Established || state_ == TcpState::CloseWait) flush();
  return n;
}

wire::Bytes TcpConnection::recv(std::size_t max) {
  std::size_t n = std::min(max, recv_buf_.size());
  bool was_closed = advertised_window() < mss_;
  wire::Bytes out(recv_buf_.begin(), recv_buf_.begin() + static_cast<std::ptrdiff_t>(n));
  recv_buf_.erase(recv_buf_.begin(), recv_buf_.begin() + static_cast<std::ptrdiff_t>(n));
  // Window update, so a sender stalled on a full receive buffer goes on.
  if (was_closed && advertised_window() >= mss_ && state_ != TcpState::Closed) send_ack();
  return out;
}

void TcpConnection::flush(bool probe) {
  // Data occupies sequence numbers from snd_una (or snd_una + 1 while our SYN is unacked).
  std::uint32_t data_start = snd_una_;
  std::uint32_t window = probe ? std::max<std::uint32_t>(peer_window_, 1) : peer_window_;
  while (true) {
    std::uint32_t offset = snd_nxt_ - data_start;
    std::uint32_t in_flight = snd_nxt_ - snd_una_;
    if (offset >= send_buf_.size() || in_flight >= window) break;
    std::size_t len = std::min<std::size_t>({mss_, send_buf_.size() - offset, window - in_flight});
    auto first = send_buf_.begin() + static_cast<std::ptrdiff_t>(offset);
    wire::Bytes chunk(first, first + static_cast<std::ptrdiff_t>(len));
    send_segment(flag::kAck | flag::kPsh, snd_nxt_, std::move(chunk));
    if (!rtt_probe_ && retries_ == 0)
      rtt_probe_ = std::make_pair(snd_nxt_ + static_cast<std::uint32_t>(len), stack_.now());
    snd_nxt_ += static_cast<std::uint32_t>(len);
    if (probe) break;
  }
  if (fin_queued_ && !fin_sent_ && snd_nxt_ - data_start == send_buf_.size()) {
    send_segment(flag::kFin | flag::kAck, snd_nxt_, {});
    ++snd_nxt_;
    fin_sent_ = true;
  }
  bool pending = send_buf_.size() > snd_nxt_ - data_start - (fin_sent_ ? 1 : 0);
  if (snd_nxt_ != snd_una_ || pending) {
    if (!rto_timer_.armed()) arm_rto();
  }
}

void TcpConnection::on_rto() {
  if (state_ == TcpState::Closed || state_ == TcpState::TimeWait) return;
  ++retries_;
  ++retransmissions_;
  int limit = kDataRetries;
  if (state_ == TcpState::SynSent) limit = static_cast<int>(stack_.netns().sysctl_int("net.ipv4.tcp_syn_retries", 6));
  if (state_ == TcpState::SynReceived)
    limit = static_cast<int>(stack_.netns().sysctl_int("net.ipv4.tcp_synack_retries", 5));
  stack_.trace("tcp.rto", {{"conn", id_}, {"retry", retries_}, {"rto", rto_}, {"state", to_string(state_)}});
  if (retries_ > limit) {
    if (state_ == TcpState::SynReceived) {  // a half-open child just disappears
      abort(false);
      return;
    }
    fail(ports::StreamError::TimedOut);
    abort(false);
    return;
  }
  rto_ = std::min(rto_ * 2, kMaxRto);
  rtt_probe_.reset();  // Karn: no RTT sample from retransmitted data
  if (state_ == TcpState::SynSent) {
    send_segment(flag::kSyn, iss_, syn_payload_.value_or(wire::Bytes{}), sent_options_);
    arm_rto();
    return;
  }
  if (state_ == TcpState::SynReceived) {
    send_segment(flag::kSyn | flag::kAck, iss_, {}, sent_options_);
    arm_rto();
    return;
  }
  // Go-back-N: everything after snd_una goes again.
  snd_nxt_ = snd_una_;
  fin_sent_ = false;
  flush(true);
  arm_rto();
}

void TcpConnection::update_rtt(SimDuration r) {
  // RFC 6298 with alpha 1/8, beta 1/4.
  if (!srtt_) {
    srtt_ = r;
    rttvar_ = r / 2;
  } else {
    SimDuration diff = *srtt_ > r ? *srtt_ - r : r - *srtt_;
    rttvar_ = (rttvar_ * 3 + diff) / 4;
    srtt_ = (*srtt_ * 7 + r) / 8;
  }
  rto_ = std::clamp(*srtt_ + rttvar_ * 4, kMinRto, kMaxRto);
}

void TcpConnection::fail(ports::StreamError e) {
  if (failed) return;
  failed = true;
  stack_.trace("tcp.error", {{"conn", id_}, {"error", ports::errno_name(e)}});
  if (events.on_error) events.on_error(e);
}

void TcpConnection::abort(bool send_rst) {
  if (state_ == TcpState::Closed) return;
  if (send_rst && state_ != TcpState::SynSent) send_segment(flag::kRst | flag::kAck, snd_nxt_, {});
  rto_timer_.cancel();
  time_wait_timer_.cancel();
  set_state(TcpState::Closed);
  stack_.connection_closed(*this);
}

void TcpConnection::shutdown_write() {
  if (fin_queued_) return;
  fin_queued_ = true;
  if (state_ == TcpState::Established) set_state(TcpState::FinWait1);
  else if (state_ == TcpState::CloseWait) set_state(TcpState::LastAck);
  else return;  // still connecting: the FIN goes once established
  flush();
}

void TcpConnection::close() {
  events = {};
  if (state_ == TcpState::SynSent || state_ == TcpState::SynReceived) {
    abort(state_ == TcpState::SynReceived);
    return;
  }
  // Linux: closing with unread data resets the connection (RFC 2525 §2.17).
  if (!recv_buf_.empty()) {
    abort(true);
    return;
  }
  shutdown_write();
}

void TcpConnection::on_segment(const TcpSegment& seg) {
  if (state_ == TcpState::Closed) return;
  if (seg.has(flag::kRst)) {
    if (state_ == TcpState::SynSent) {
      if (seg.has(flag::kAck) && seg.ack == snd_nxt_) {
        fail(ports::StreamError::ConnectionRefused);
        abort(false);
      }
      return;
    }
    if (seq_le(rcv_nxt_, seg.seq) && seq_lt(seg.seq, rcv_nxt_ + advertised_window() + 1)) {
      if (state_ != TcpState::SynReceived) fail(ports::StreamError::ConnectionReset);
      abort(false);
    }
    return;
  }
  if (state_ == TcpState::SynSent) {
    if (!seg.has(flag::kSyn) || !seg.has(flag::kAck) || seg.ack != iss_ + 1 + (syn_payload_ ? 0 : 0)) {
      if (seg.has(flag::kAck) && !seq_le(seg.ack, snd_nxt_)) send_segment(flag::kRst, seg.ack, {});
      return;
    }
    peer_options_ = seg.options;
    rcv_nxt_ = seg.seq + 1;
    peer_window_ = seg.window;
    if (const auto* m = seg.find_option(kind::kMss); m && m->data.size() == 2)
      mss_ = std::min<std::uint32_t>(stack_.mss_for(remote_.address), static_cast<std::uint32_t>(m->data[0] << 8 | m->data[1]));
    if (const auto* c = seg.find_option(kind::kFastOpen); c && !c->data.empty())
      stack_.fast_open_cache[remote_.address.unmapped()] = c->data;
    snd_una_ = iss_ + 1;  // our SYN is acked; any data carried in it is judged below
    snd_nxt_ = snd_una_;
    if (syn_payload_ && seq_lt(snd_una_, seg.ack)) {
      std::size_t acked = std::min<std::size_t>(seg.ack - snd_una_, send_buf_.size());
      send_buf_.erase(send_buf_.begin(), send_buf_.begin() + static_cast<std::ptrdiff_t>(acked));
      snd_una_ = seg.ack;
      snd_nxt_ = snd_una_;
    }
    retries_ = 0;
    rto_ = kInitialRto;
    rto_timer_.cancel();
    set_state(fin_queued_ ? TcpState::FinWait1 : TcpState::Established);
    send_ack();
    if (events.on_connected) events.on_connected(peer_options_);
    flush();
    if (!seg.payload.empty()) process_data(seg);
    return;
  }
  if (seg.has(flag::kSyn)) {
    // A retransmitted SYN (our SYN-ACK was lost) or SYN-ACK (our ACK was lost): re-ACK.
    if (state_ == TcpState::SynReceived) send_segment(flag::kSyn | flag::kAck, iss_, {}, sent_options_);
    else send_ack();
    return;
  }
  if (!seg.has(flag::kAck)) return;
  if (state_ == TcpState::SynReceived) {
    if (seg.ack != iss_ + 1) return;
    // The accept queue is full: drop the handshake's third step; the peer retransmits.
    if (stack_.accept_queue_full(*this)) {
      stack_.trace("tcp.drop", {{"conn", id_}, {"reason", "accept-queue-full"}});
      return;
    }
    snd_una_ = iss_ + 1;
    retries_ = 0;
    rto_ = kInitialRto;
    rto_timer_.cancel();
    set_state(TcpState::Established);
    stack_.connection_established_passive(*this);
  }
  process_ack(seg);
  if (state_ == TcpState::Closed) return;
  process_data(seg);
}

void TcpConnection::process_ack(const TcpSegment& seg) {
  peer_window_ = seg.window;
  if (seq_lt(snd_una_, seg.ack) && seq_le(seg.ack, snd_nxt_)) {
    std::uint32_t acked = seg.ack - snd_una_;
    std::size_t data = std::min<std::size_t>(acked, send_buf_.size());
    send_buf_.erase(send_buf_.begin(), send_buf_.begin() + static_cast<std::ptrdiff_t>(data));
    snd_una_ = seg.ack;
    if (rtt_probe_ && seq_le(rtt_probe_->first, seg.ack)) {
      update_rtt(stack_.now() - rtt_probe_->second);
      rtt_probe_.reset();
    }
    retries_ = 0;
    rto_timer_.cancel();
    bool fin_acked = fin_sent_ && snd_una_ == snd_nxt_;
    if (fin_acked) {
      if (state_ == TcpState::FinWait1) set_state(TcpState::FinWait2);
      else if (state_ == TcpState::Closing) {
        set_state(TcpState::TimeWait);
        time_wait_timer_.arm_after(kTimeWait);
      } else if (state_ == TcpState::LastAck) {
        set_state(TcpState::Closed);
        stack_.connection_closed(*this);
        return;
      }
    }
    if (blocked_writer_ && send_space() > 0) {
      blocked_writer_ = false;
      if (events.on_writable) events.on_writable();
    }
  }
  flush();
}

void TcpConnection::process_data(const TcpSegment& seg) {
  bool has_fin = seg.has(flag::kFin);
  if (seg.payload.empty() && !has_fin) return;
  if (peer_fin_) {  // all after the FIN is a retransmission
    send_ack();
    return;
  }
  std::size_t before = recv_buf_.size();
  std::uint32_t seq = seg.seq;
  wire::ByteView data(seg.payload);
  if (seq_lt(seq, rcv_nxt_)) {  // drop the part we already have
    std::uint32_t dup = rcv_nxt_ - seq;
    if (dup >= data.size()) data = {};
    else data = data.subspan(dup);
    seq = rcv_nxt_;
  }
  if (has_fin) peer_fin_seq_ = seg.seq + static_cast<std::uint32_t>(seg.payload.size());
  if (!data.empty()) {
    if (seq == rcv_nxt_) {
      recv_buf_.insert(recv_buf_.end(), data.begin(), data.end());
      rcv_nxt_ += static_cast<std::uint32_t>(data.size());
      // Drain queued segments that are now in order.
      for (auto it = out_of_order_.begin(); it != out_of_order_.end();) {
        if (seq_lt(rcv_nxt_, it->first)) break;
        std::uint32_t skip = rcv_nxt_ - it->first;
        if (skip < it->second.size()) {
          recv_buf_.insert(recv_buf_.end(), it->second.begin() + skip, it->second.end());
          rcv_nxt_ += static_cast<std::uint32_t>(it->second.size() - skip);
        }
        it = out_of_order_.erase(it);
      }
    } else {
      auto& slot = out_of_order_[seq];
      if (slot.size() < data.size()) slot.assign(data.begin(), data.end());
    }
  }
  bool fin_now = peer_fin_seq_ && *peer_fin_seq_ == rcv_nxt_;
  if (fin_now) ++rcv_nxt_;
  send_ack();
  if (recv_buf_.size() > before && events.on_readable) events.on_readable();
  if (fin_now) on_peer_fin();
}

void TcpConnection::on_peer_fin() {
  peer_fin_ = true;
  switch (state_) {
    case TcpState::Established: set_state(TcpState::CloseWait); break;
    case TcpState::FinWait1: set_state(TcpState::Closing); break;
    case TcpState::FinWait2:
      set_state(TcpState::TimeWait);
      time_wait_timer_.arm_after(kTimeWait);
      break;
    default: break;
  }
  if (events.on_readable) events.on_readable();
  if (events.on_peer_fin) events.on_peer_fin();
}

}  // namespace smc::sim::tcp
