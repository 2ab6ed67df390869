#pragma once
// One SMC connection's data path, both directions, as Linux's smc_tx.c / smc_rx.c /
// smc_cdc.c run it (docs/data-path.md):
//   - outbound: send() writes into the peer's RMB element through ConnectionLink
//     (RDMA WRITE / ISM move), split at the ring's end, then a CDC with the new producer
//     cursor; it accepts what the peer's free space allows and sets write_blocked when
//     the application wanted more than that;
//   - inbound: the peer's writes land in our own ring (memory the link layer registers);
//     on_cdc() learns how far, recv() reads in order and announces the consumer cursor
//     by the kernel's rule (consumer_update_rule.h);
//   - urgent data (MSG_OOB, one byte, SO_OOBINLINE off), close flags, abort.
// The application's buffer plays the kernel's send buffer: there is no staging copy, so
// send() returns WouldBlock where a blocking kernel send would sleep.
//
// SMC-R and SMC-D differ only in the ConnectionLink behind it (smcd_connection_link.h)
// and in DataPathConfig::sequence_numbers. Not copyable, not movable: the link layer
// and the tests hold pointers to it.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "protocol/cdc/cdc_message.h"
#include "protocol/common/result.h"
#include "protocol/datapath/connection_closer.h"
#include "protocol/datapath/connection_link.h"
#include "protocol/datapath/socket_error.h"
#include "protocol/wire/bytes.h"

namespace smc::datapath {

struct DataPathConfig {
  std::uint32_t peer_ring_size = 0;  // the peer's RMBE size (SMC-D: its DMBE size − 32)
  std::uint32_t peer_token = 0;      // the peer's alert token: goes into every SMC-R CDC
  std::uint32_t local_token = 0;     // ours, for diagnostics
  // SMC-R CDCs carry a sequence number that the receiver checks; the SMC-D header has
  // none.
  bool sequence_numbers = true;
  // Bytes consumed before a window update is worth a CDC; 0 means Linux's
  // linux_update_limit(own ring size).
  std::uint32_t update_limit = 0;
  SmcState initial_state = SmcState::Active;
  // Keep a copy of what was written into the peer's ring (the kernel's send buffer), so a
  // failover can write the unconsumed bytes again over the surviving link.
  bool failover_copy = false;
};

// Urgent-byte state of the receiver (the kernel's urg_state).
enum class UrgentState : std::uint8_t {
  None,     // SMC_URG_READ: nothing announced, or the byte was read
  NotYet,   // SMC_URG_NOTYET: the peer announced urgent data still to come
  Valid,    // SMC_URG_VALID: the urgent byte arrived and can be read with recv_urgent()
};

class ConnectionDataPath {
 public:
  ConnectionDataPath(ConnectionLink& link, std::span<std::uint8_t> own_ring, DataPathConfig config);
  ConnectionDataPath(const ConnectionDataPath&) = delete;
  ConnectionDataPath& operator=(const ConnectionDataPath&) = delete;

  // --- application side --------------------------------------------------------------
  // Bytes accepted (> 0), or an error; WouldBlock when the peer's ring is full.
  Result<std::size_t, SocketError> send(wire::ByteView data);
  // send(MSG_OOB): the last byte of `data` is urgent. Sends accept nothing more until
  // the peer has consumed everything (the kernel's urg_tx_pend).
  Result<std::size_t, SocketError> send_urgent(wire::ByteView data);
  // Up to `max` bytes in order; an empty result is end of file.
  Result<wire::Bytes, SocketError> recv(std::size_t max);
  // recv(MSG_OOB): the urgent byte, once.
  Result<std::uint8_t, SocketError> recv_urgent();
  Status<SocketError> shutdown_write();
  Status<SocketError> close();
  // SO_ERROR: the pending error, cleared by reading it.
  std::optional<SocketError> take_error();

  // --- link side ---------------------------------------------------------------------
  void on_cdc(const cdc::CdcMessage& message);
  // The link has free send slots again (after NoBuffers) or a failover completed:
  // resend what is owed.
  void link_ready();
  // Ask the peer to announce its consumer cursor (producer flag 0x10); Linux honours it
  // but never sets it itself.
  void request_consumer_update();
  // The CDC a link layer sends on the surviving link after a failover: the sequence
  // number of our last CDC, zero cursors, failover_validation set.
  cdc::CdcMessage failover_validation_message() const;
  // The link under the connection failed and another link of the group took over (the
  // kernel's smc_switch_conns): the bytes the peer has not announced consumed are written
  // again (failover_copy) and a CDC carries our current cursors and flags, so nothing lost
  // with the failed link's outstanding work requests is missing. Retried at link_ready()
  // while the new link has no free send slot.
  void failover();
  // The link group died under the connection (no link left): smc_conn_kill.
  void link_group_lost() { kill(); }

  // Callbacks (all optional). on_readable: data or EOF or an error became visible;
  // on_writable: space opened after a WouldBlock. on_link_lost: the link reported
  // LinkDown; return true if failover takes the connection over (it will call
  // link_ready()), false to abort it.
  std::function<void()> on_readable;
  std::function<void()> on_writable;
  std::function<bool()> on_link_lost;

  // --- observers -----------------------------------------------------------------------
  SmcState state() const { return closer_.state(); }
  const ConnectionCloser& closer() const { return closer_; }
  std::uint32_t ring_size() const { return ring_size_; }
  std::uint32_t peer_ring_size() const { return config_.peer_ring_size; }
  std::uint32_t local_token() const { return config_.local_token; }
  std::uint32_t update_limit() const { return update_limit_; }
  std::uint32_t bytes_to_rcv() const;   // readable normal bytes (urgent byte excluded)
  std::uint32_t peer_free() const;      // what we may still write into the peer's ring
  std::uint32_t bytes_in_flight() const { return config_.peer_ring_size - peer_free(); }
  const cdc::CdcCursor& tx_producer() const { return tx_prod_; }     // ours, peer's ring
  const cdc::CdcCursor& tx_consumer() const { return cons_; }        // ours, own ring
  const cdc::CdcCursor& rx_producer() const { return rx_prod_; }     // peer's, own ring
  const cdc::CdcCursor& rx_consumer() const { return peer_cons_; }   // peer's, its ring
  const cdc::CdcCursor& confirmed() const { return confirmed_; }
  const cdc::CdcProducerFlags& tx_producer_flags() const { return tx_flags_; }
  const cdc::CdcProducerFlags& rx_producer_flags() const { return rx_flags_; }
  bool write_blocked() const { return tx_flags_.write_blocked; }
  bool cdc_pending() const { return cdc_pending_ || rewrite_pending_; }
  UrgentState urgent_state() const { return urg_state_; }
  std::uint16_t tx_seqno() const { return tx_seq_; }
  std::uint16_t rx_seqno() const { return rx_seq_; }
  std::uint64_t cdc_sent() const { return cdc_sent_; }
  std::uint64_t cdc_received() const { return cdc_received_; }
  // The kernel frees the connection when it is CLOSED and the socket released; we also
  // want every owed CDC out.
  bool can_free() const;

 private:
  enum class CdcOutcome { Sent, Deferred, Failed };
  Result<std::size_t, SocketError> send_impl(wire::ByteView data, bool urgent);
  std::optional<SocketError> send_precheck();
  CdcOutcome send_cdc_now();
  void consumer_update(bool force);
  void advance_consumer(std::uint32_t n);
  void kill();
  void handle_link_error(LinkError e);
  void notify_readable() { if (on_readable) on_readable(); }
  void notify_writable();

  ConnectionLink& link_;
  std::span<std::uint8_t> ring_;
  std::uint32_t ring_size_;
  DataPathConfig config_;
  std::uint32_t update_limit_;
  ConnectionCloser closer_;

  cdc::CdcCursor tx_prod_;    // local_tx_ctrl.prod: how far we wrote into the peer's ring
  cdc::CdcCursor peer_cons_;  // local_rx_ctrl.cons: how far the peer consumed it
  cdc::CdcCursor rx_prod_;    // local_rx_ctrl.prod: how far the peer wrote into ours
  cdc::CdcCursor cons_;       // local_tx_ctrl.cons: how far we consumed ours
  cdc::CdcCursor confirmed_;  // rx_curs_confirmed: consumer cursor in our last CDC
  cdc::CdcProducerFlags tx_flags_;
  cdc::CdcProducerFlags rx_flags_;
  bool request_update_ = false;
  std::uint16_t tx_seq_ = 0;
  std::uint16_t rx_seq_ = 0;

  UrgentState urg_state_ = UrgentState::None;
  cdc::CdcCursor urg_curs_;  // producer cursor just after the urgent byte
  std::uint8_t urg_byte_ = 0;
  bool urg_skip_pending_ = false;  // the urgent byte is still in the ring, unconsumed
  bool urg_tx_pend_ = false;

  bool rewrite_pending_ = false;  // a failover's rewrite still owed (NoBuffers)
  std::vector<std::uint8_t> tx_copy_;  // failover_copy: the peer's ring as we wrote it
  bool cdc_pending_ = false;    // a CDC is owed: the link said NoBuffers
  bool want_writable_ = false;  // send() said WouldBlock: tell on_writable when it opens
  std::optional<SocketError> error_;  // sk_err
  std::uint64_t cdc_sent_ = 0;
  std::uint64_t cdc_received_ = 0;
};

}  // namespace smc::datapath
