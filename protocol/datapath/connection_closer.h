#pragma once
// The close state machine of one SMC connection, as Linux's net/smc/smc_close.c runs it
// (docs/data-path.md has the table): the application's shutdown(SHUT_WR) and close()
// (smc_close_shutdown_write, smc_close_active), the peer's connection-state flags
// (smc_close_passive_work, smc_close_passive_abort_received) and a local abort when the
// link group dies (smc_close_active_abort). States are the kernel's, numbered as smcss
// sees them (diag::SmcState).
//
// It decides states and which connection-state flags our CDCs carry; the data path
// sends the CDCs. Nothing here does I/O.
#include <vector>

#include "protocol/cdc/cdc_flags.h"
#include "protocol/diag/socket_diag.h"

namespace smc::datapath {

using diag::SmcState;

class ConnectionCloser {
 public:
  explicit ConnectionCloser(SmcState initial = SmcState::Active);

  SmcState state() const { return state_; }
  // Every state entered, starting with the initial one: what smcss would have shown.
  const std::vector<SmcState>& trail() const { return trail_; }

  // The connection-state flags every CDC we send carries from now on (they are sticky,
  // as in the kernel's local_tx_ctrl).
  const cdc::CdcConnStateFlags& tx_flags() const { return tx_; }
  // What the peer announced so far (sticky).
  const cdc::CdcConnStateFlags& rx_flags() const { return rx_; }

  bool app_closed() const { return app_closed_; }  // close() was called: SOCK_DEAD
  bool send_shutdown() const { return send_shutdown_ || app_closed_; }
  // RCV_SHUTDOWN: the peer is done writing, closed or aborted: EOF after the data.
  bool rcv_shutdown() const { return rx_.peer_done_writing || rx_.peer_conn_closed || rx_.peer_abnormal_close; }
  bool sent_any_close() const { return tx_.peer_conn_closed || tx_.peer_abnormal_close; }
  bool rxed_any_close() const { return rx_.peer_conn_closed || rx_.peer_abnormal_close; }
  bool killed() const { return killed_; }

  // shutdown(SHUT_WR). True when a CDC (now carrying peer_done_writing) must be sent.
  bool shutdown_write();
  // close(). With unread data the kernel's smc_close_final sends an abort instead of a
  // close, like TCP's RST. True when a CDC must be sent.
  bool close(std::uint32_t unread_bytes);
  // A CDC carried connection-state flags; `flags` are the received ones.
  void on_peer_flags(const cdc::CdcConnStateFlags& flags);
  // The link group is gone (no link left, or a protocol violation): the connection is
  // killed. The abort flag is set so a best-effort CDC can carry it.
  void abort_locally();

 private:
  void enter(SmcState s);
  void peer_abort_received();

  SmcState state_;
  std::vector<SmcState> trail_;
  cdc::CdcConnStateFlags tx_;
  cdc::CdcConnStateFlags rx_;
  bool app_closed_ = false;
  bool send_shutdown_ = false;
  bool killed_ = false;
};

}  // namespace smc::datapath
