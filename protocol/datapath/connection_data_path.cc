// The data path's send side, the application calls, and link events. The receive side
// (on_cdc, recv) is in connection_data_path_rx.cc.
#include "protocol/datapath/connection_data_path.h"

#include <algorithm>

#include "protocol/datapath/consumer_update_rule.h"
#include "protocol/datapath/ring_span.h"

namespace smc::datapath {

ConnectionDataPath::ConnectionDataPath(ConnectionLink& link, std::span<std::uint8_t> own_ring, DataPathConfig config)
    : link_(link),
      ring_(own_ring),
      ring_size_(static_cast<std::uint32_t>(own_ring.size())),
      config_(config),
      update_limit_(config.update_limit ? config.update_limit : linux_update_limit(ring_size_)),
      closer_(config.initial_state) {
  if (config_.failover_copy) tx_copy_.assign(config_.peer_ring_size, 0);
}

std::uint32_t ConnectionDataPath::peer_free() const {
  const auto used = std::clamp<std::int64_t>(cursor_delta(peer_cons_, tx_prod_, config_.peer_ring_size), 0,
                                             config_.peer_ring_size);
  return config_.peer_ring_size - static_cast<std::uint32_t>(used);
}

std::optional<SocketError> ConnectionDataPath::take_error() {
  auto e = error_;
  error_.reset();
  return e;
}

bool ConnectionDataPath::can_free() const {
  return state() == SmcState::Closed && (closer_.app_closed() || closer_.killed()) &&
         (!cdc_pending_ || closer_.killed());
}

// The order of smc_tx_sendmsg's checks: a pending error or our own shutdown first (the
// pending error wins and is consumed, as sk_stream_error does), then a killed
// connection, then a peer that closed.
std::optional<SocketError> ConnectionDataPath::send_precheck() {
  if (closer_.app_closed()) return SocketError::NotConnected;
  if (error_ || closer_.send_shutdown()) return take_error().value_or(SocketError::BrokenPipe);
  if (state() == SmcState::Init || state() == SmcState::Listen) return SocketError::NotConnected;
  if (closer_.killed()) return SocketError::BrokenPipe;
  if (closer_.rxed_any_close()) return SocketError::ConnectionReset;
  return std::nullopt;
}

Result<std::size_t, SocketError> ConnectionDataPath::send(wire::ByteView data) { return send_impl(data, false); }

Result<std::size_t, SocketError> ConnectionDataPath::send_urgent(wire::ByteView data) {
  return send_impl(data, true);
}

Result<std::size_t, SocketError> ConnectionDataPath::send_impl(wire::ByteView data, bool urgent) {
  if (auto e = send_precheck()) return smc::unexpected(*e);
  if (data.empty()) return std::size_t{0};
  if (urgent) tx_flags_.urgent_pending = true;
  const std::uint32_t free = peer_free();
  // Until the peer has consumed an urgent byte nothing more goes out (urg_tx_pend).
  if (urg_tx_pend_ || free == 0) {
    want_writable_ = true;
    return smc::unexpected(SocketError::WouldBlock);
  }
  const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(data.size(), free));
  // smc_tx_rdma_writes: "if usable snd_wnd closes ask peer to advertise once it opens".
  tx_flags_.write_blocked = data.size() >= free;
  const RingPieces pieces = ring_pieces(tx_prod_.count, n, config_.peer_ring_size);
  std::uint32_t written = 0;
  for (int i = 0; i < pieces.count; ++i) {
    const auto& p = pieces.piece[i];
    auto st = link_.write_to_peer(p.offset, data.subspan(written, p.length));
    if (!st) {
      if (written == 0) {
        if (st.error() == LinkError::NoBuffers) {
          want_writable_ = true;  // link_ready() will tell
          return smc::unexpected(SocketError::WouldBlock);
        }
        handle_link_error(st.error());
        if (auto e = send_precheck()) return smc::unexpected(*e);
        want_writable_ = true;  // failed over: link_ready() resumes
        return smc::unexpected(SocketError::WouldBlock);
      }
      break;  // the first piece is in the peer's memory: announce it
    }
    if (!tx_copy_.empty())
      std::copy_n(data.begin() + written, p.length, tx_copy_.begin() + p.offset);
    written += p.length;
  }
  tx_prod_ = cdc::cursor_advance(tx_prod_, written, config_.peer_ring_size);
  if (urgent && written == data.size()) {
    urg_tx_pend_ = true;
    tx_flags_.urgent_present = true;
  }
  send_cdc_now();
  return std::size_t{written};
}

ConnectionDataPath::CdcOutcome ConnectionDataPath::send_cdc_now() {
  cdc::CdcMessage m;
  const auto seq = static_cast<std::uint16_t>(tx_seq_ + 1);
  m.seqno = config_.sequence_numbers ? seq : 0;
  m.token = config_.peer_token;
  m.producer = tx_prod_;
  m.consumer = cons_;
  m.producer_flags = tx_flags_;
  m.producer_flags.cons_update_requested = request_update_;
  m.conn_state_flags = closer_.tx_flags();
  auto st = link_.send_cdc(m);
  if (st) {
    tx_seq_ = seq;
    ++cdc_sent_;
    confirmed_ = cons_;
    rx_flags_.cons_update_requested = false;
    request_update_ = false;
    cdc_pending_ = false;
    if (tx_flags_.urgent_present) {
      tx_flags_.urgent_present = false;
      tx_flags_.urgent_pending = false;
    }
    return CdcOutcome::Sent;
  }
  cdc_pending_ = true;
  if (st.error() == LinkError::NoBuffers) return CdcOutcome::Deferred;
  handle_link_error(st.error());
  return CdcOutcome::Failed;
}

void ConnectionDataPath::handle_link_error(LinkError e) {
  if (closer_.killed()) return;
  if (e == LinkError::LinkDown && on_link_lost && on_link_lost()) {
    cdc_pending_ = true;  // the surviving link gets our current cursors
    return;
  }
  kill();
}

// smc_conn_kill / smc_close_active_abort: the application sees ECONNABORTED once, then
// EPIPE on send and EOF on recv. The abort flag goes out if the link still takes it.
void ConnectionDataPath::kill() {
  if (closer_.killed()) return;
  if (state() != SmcState::Init) error_ = SocketError::ConnectionAborted;
  closer_.abort_locally();
  (void)send_cdc_now();
  cdc_pending_ = false;  // a killed connection owes nothing more
  notify_readable();
  if (want_writable_) notify_writable();
}

void ConnectionDataPath::notify_writable() {
  want_writable_ = false;
  if (on_writable) on_writable();
}

Status<SocketError> ConnectionDataPath::shutdown_write() {
  if (closer_.app_closed()) return smc::unexpected(SocketError::NotConnected);
  if (state() == SmcState::Init || state() == SmcState::Listen) return smc::unexpected(SocketError::NotConnected);
  if (closer_.shutdown_write()) send_cdc_now();
  return Ok{};
}

Status<SocketError> ConnectionDataPath::close() {
  if (closer_.app_closed()) return smc::unexpected(SocketError::NotConnected);
  if (closer_.close(bytes_to_rcv())) send_cdc_now();
  return Ok{};
}

void ConnectionDataPath::failover() {
  if (closer_.killed()) return;
  rewrite_pending_ = true;
  link_ready();
}

void ConnectionDataPath::link_ready() {
  if (closer_.killed()) return;
  if (rewrite_pending_) {
    // [peer's consumer, our producer) of the peer's ring: what the peer may still miss.
    const auto flight = static_cast<std::uint32_t>(
        std::clamp<std::int64_t>(cursor_delta(peer_cons_, tx_prod_, config_.peer_ring_size), 0, config_.peer_ring_size));
    if (!tx_copy_.empty() && flight > 0) {
      const RingPieces pieces = ring_pieces(peer_cons_.count, flight, config_.peer_ring_size);
      for (int i = 0; i < pieces.count; ++i) {
        const auto& p = pieces.piece[i];
        auto st = link_.write_to_peer(p.offset, wire::ByteView(tx_copy_.data() + p.offset, p.length));
        if (!st) {
          if (st.error() != LinkError::NoBuffers) handle_link_error(st.error());
          return;  // NoBuffers: all of it again at the next link_ready()
        }
      }
    }
    rewrite_pending_ = false;
    cdc_pending_ = true;  // the peer gets our cursors (and close flags) again
  }
  if (cdc_pending_) send_cdc_now();
  if (want_writable_ && peer_free() > 0 && !urg_tx_pend_) notify_writable();
}

void ConnectionDataPath::request_consumer_update() {
  if (closer_.killed()) return;
  request_update_ = true;
  send_cdc_now();
}

cdc::CdcMessage ConnectionDataPath::failover_validation_message() const {
  cdc::CdcMessage m;
  m.seqno = tx_seq_;
  m.token = config_.peer_token;
  m.producer_flags.failover_validation = true;
  return m;
}

}  // namespace smc::datapath
