// The data path's receive side: a CDC from the peer (smc_cdc_msg_recv_action), reading
// the own ring (smc_rx_recvmsg) and the consumer-cursor announcement that follows it
// (smc_rx_update_consumer → smc_tx_consumer_update).
#include <algorithm>

#include "protocol/cdc/cdc_sequence.h"
#include "protocol/datapath/connection_data_path.h"
#include "protocol/datapath/consumer_update_rule.h"
#include "protocol/datapath/ring_span.h"

namespace smc::datapath {

std::uint32_t ConnectionDataPath::bytes_to_rcv() const {
  auto n = cursor_delta(cons_, rx_prod_, ring_size_);
  if (urg_skip_pending_) --n;  // the urgent byte is not part of the stream
  return static_cast<std::uint32_t>(std::clamp<std::int64_t>(n, 0, ring_size_));
}

void ConnectionDataPath::on_cdc(const cdc::CdcMessage& m) {
  ++cdc_received_;
  if (closer_.killed()) return;
  if (config_.sequence_numbers) {
    if (m.producer_flags.failover_validation) {
      // A validation CDC newer than anything we saw means CDCs were lost: abort.
      if (cdc::seq_after(m.seqno, rx_seq_)) kill();
      return;
    }
    if (cdc::seq_before(m.seqno, rx_seq_)) return;  // old: dropped, as Linux does
    rx_seq_ = m.seqno;
  }
  // Linux trusts the cursors; a simulated peer may not deserve it. A cursor outside its
  // ring, a producer more than a ring ahead of what we consumed, or a consumer ahead of
  // what we produced would corrupt the accounting: treat it as a protocol violation.
  if (m.producer.count >= ring_size_ || m.consumer.count >= config_.peer_ring_size) return kill();
  const cdc::CdcCursor old_prod = rx_prod_;
  const cdc::CdcCursor old_peer_cons = peer_cons_;
  if (cdc::cursor_update_accepted(rx_prod_, m.producer)) {
    const auto ahead = cursor_delta(cons_, m.producer, ring_size_);
    if (ahead < 0 || ahead > ring_size_ || cursor_delta(rx_prod_, m.producer, ring_size_) < 0) return kill();
    rx_prod_ = m.producer;
  }
  if (cdc::cursor_update_accepted(peer_cons_, m.consumer)) {
    const auto outstanding = cursor_delta(m.consumer, tx_prod_, config_.peer_ring_size);
    if (outstanding < 0 || outstanding > config_.peer_ring_size ||
        cursor_delta(peer_cons_, m.consumer, config_.peer_ring_size) < 0)
      return kill();
    peer_cons_ = m.consumer;
  }
  rx_flags_ = m.producer_flags;

  const auto diff_prod = cursor_delta(old_prod, rx_prod_, ring_size_);
  const auto diff_cons = cursor_delta(old_peer_cons, peer_cons_, config_.peer_ring_size);
  if (diff_prod > 0) {
    if (rx_flags_.urgent_present) {
      // The urgent byte is the one just before the producer cursor.
      urg_curs_ = rx_prod_;
      urg_byte_ = ring_[(rx_prod_.count ? rx_prod_.count : ring_size_) - 1];
      urg_state_ = UrgentState::Valid;
      urg_skip_pending_ = true;
    }
  } else if (rx_flags_.urgent_pending) {
    urg_state_ = UrgentState::NotYet;
  }
  // The peer's urgent byte was consumed once its whole ring is free again.
  if (diff_cons > 0 && urg_tx_pend_ && peer_free() == config_.peer_ring_size) urg_tx_pend_ = false;

  const auto& cs = m.conn_state_flags;
  const bool closing = cs.peer_done_writing || cs.peer_conn_closed || cs.peer_abnormal_close;
  if (cs.peer_abnormal_close) error_ = SocketError::ConnectionReset;
  // smc_tx_sndbuf_nonempty on request or urgent notice: a CDC with our cursors. Not to
  // a peer that aborted.
  if ((rx_flags_.cons_update_requested || rx_flags_.urgent_pending) && !cs.peer_abnormal_close &&
      !closer_.rx_flags().peer_abnormal_close)
    send_cdc_now();
  if (closing) closer_.on_peer_flags(cs);

  if (diff_prod > 0 || closing || rx_flags_.write_blocked) notify_readable();
  if (want_writable_ && (closing || (diff_cons > 0 && peer_free() > 0 && !urg_tx_pend_))) notify_writable();
}

Result<wire::Bytes, SocketError> ConnectionDataPath::recv(std::size_t max) {
  if (closer_.app_closed()) return smc::unexpected(SocketError::NotConnected);
  wire::Bytes out;
  if (max == 0 || closer_.killed()) return out;  // a killed connection reads as EOF
  if (bytes_to_rcv() == 0) {
    advance_consumer(0);  // only the urgent byte is left: skip it (and announce)
    if (closer_.rcv_shutdown()) return out;
    if (auto e = take_error()) return smc::unexpected(*e);
    if (state() == SmcState::Init || state() == SmcState::Closed) return smc::unexpected(SocketError::NotConnected);
    return smc::unexpected(SocketError::WouldBlock);
  }
  while (out.size() < max) {
    // Normal bytes up to the urgent byte (if one waits), else up to the producer.
    const auto limit = urg_skip_pending_ ? cursor_delta(cons_, urg_curs_, ring_size_) - 1
                                         : cursor_delta(cons_, rx_prod_, ring_size_);
    const auto take = static_cast<std::uint32_t>(std::min<std::int64_t>(
        static_cast<std::int64_t>(max - out.size()), std::max<std::int64_t>(limit, 0)));
    if (take == 0) break;
    const RingPieces pieces = ring_pieces(cons_.count, take, ring_size_);
    for (int i = 0; i < pieces.count; ++i) {
      const auto src = ring_.subspan(pieces.piece[i].offset, pieces.piece[i].length);
      out.insert(out.end(), src.begin(), src.end());
    }
    advance_consumer(take);
  }
  return out;
}

void ConnectionDataPath::advance_consumer(std::uint32_t n) {
  cons_ = cdc::cursor_advance(cons_, n, ring_size_);
  bool force = false;
  if (urg_skip_pending_ && cursor_delta(cons_, urg_curs_, ring_size_) == 1) {
    cons_ = cdc::cursor_advance(cons_, 1, ring_size_);  // step over the urgent byte
    urg_skip_pending_ = false;
    force = true;
  }
  consumer_update(force);
}

void ConnectionDataPath::consumer_update(bool force) {
  if (!closer_.killed() && !closer_.rx_flags().peer_abnormal_close) {
    ConsumerUpdateInput in;
    in.ring_size = ring_size_;
    in.update_limit = update_limit_;
    in.confirmed = confirmed_;
    in.consumer = cons_;
    in.peer_producer = rx_prod_;
    in.peer_requested = rx_flags_.cons_update_requested;
    in.peer_write_blocked = rx_flags_.write_blocked;
    in.force = force;
    if (consumer_update_due(in)) send_cdc_now();
  }
  if (rx_flags_.write_blocked && bytes_to_rcv() == 0) rx_flags_.write_blocked = false;
}

Result<std::uint8_t, SocketError> ConnectionDataPath::recv_urgent() {
  if (closer_.app_closed()) return smc::unexpected(SocketError::NotConnected);
  if (urg_state_ != UrgentState::Valid) return smc::unexpected(SocketError::InvalidArgument);
  urg_state_ = UrgentState::None;
  advance_consumer(0);
  return urg_byte_;
}

}  // namespace smc::datapath
