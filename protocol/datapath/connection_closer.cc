#include "protocol/datapath/connection_closer.h"

namespace smc::datapath {

ConnectionCloser::ConnectionCloser(SmcState initial) : state_(initial) { trail_.push_back(initial); }

void ConnectionCloser::enter(SmcState s) {
  if (s == state_) return;
  state_ = s;
  trail_.push_back(s);
}

bool ConnectionCloser::shutdown_write() {
  if (killed_) return false;
  const bool first = !send_shutdown_;
  send_shutdown_ = true;
  switch (state_) {
    case SmcState::Active:
      tx_.peer_done_writing = true;
      enter(SmcState::PeerCloseWait1);
      return first;
    case SmcState::AppCloseWait1:
      // Passive side answering the peer's close with its own shutdown.
      tx_.peer_done_writing = true;
      enter(SmcState::AppCloseWait2);
      return first;
    default:
      // Every other state: "nothing to do" in smc_close_shutdown_write.
      return false;
  }
}

bool ConnectionCloser::close(std::uint32_t unread_bytes) {
  if (app_closed_) return false;
  app_closed_ = true;
  // smc_close_final: unread data turns the close into an abort.
  auto close_final = [&] {
    if (unread_bytes > 0)
      tx_.peer_abnormal_close = true;
    else
      tx_.peer_conn_closed = true;
  };
  switch (state_) {
    case SmcState::Init:
    case SmcState::Listen:
      enter(SmcState::Closed);
      return false;
    case SmcState::Active:
      close_final();
      enter(SmcState::PeerCloseWait1);
      return true;
    case SmcState::AppFinCloseWait: {
      const bool send = tx_.peer_done_writing && !sent_any_close();
      if (send) close_final();
      enter(SmcState::Closed);
      return send;
    }
    case SmcState::AppCloseWait1:
    case SmcState::AppCloseWait2:
      close_final();
      // The peer closed already: done. It only shut down writing: wait for its close.
      enter(rxed_any_close() ? SmcState::Closed : SmcState::PeerFinCloseWait);
      return true;
    case SmcState::PeerCloseWait1:
    case SmcState::PeerCloseWait2:
      if (tx_.peer_done_writing && !sent_any_close()) {
        close_final();
        return true;
      }
      return false;  // the peer's close will move us on
    case SmcState::PeerFinCloseWait:
      return false;
    case SmcState::ProcessAbort:
      tx_.peer_abnormal_close = true;
      enter(SmcState::Closed);
      return true;
    case SmcState::PeerAbortWait:
      enter(SmcState::Closed);
      return false;
    case SmcState::Closed:
      return false;
  }
  return false;
}

void ConnectionCloser::peer_abort_received() {
  switch (state_) {
    case SmcState::Init:
    case SmcState::Active:
    case SmcState::AppCloseWait1:
    case SmcState::AppFinCloseWait:
      enter(SmcState::ProcessAbort);
      break;
    case SmcState::PeerCloseWait1:
    case SmcState::PeerCloseWait2:
      // smc_cdc_msg_recv_action set our abort flag before this runs, so "sent any
      // close" holds and the kernel always takes the CLOSED branch here.
      enter(tx_.peer_done_writing && !sent_any_close() ? SmcState::ProcessAbort : SmcState::Closed);
      break;
    case SmcState::AppCloseWait2:
    case SmcState::PeerFinCloseWait:
    case SmcState::PeerAbortWait:
      enter(SmcState::Closed);
      break;
    case SmcState::Listen:
    case SmcState::ProcessAbort:
    case SmcState::Closed:
      break;
  }
}

void ConnectionCloser::on_peer_flags(const cdc::CdcConnStateFlags& flags) {
  rx_.peer_done_writing = rx_.peer_done_writing || flags.peer_done_writing;
  rx_.peer_conn_closed = rx_.peer_conn_closed || flags.peer_conn_closed;
  rx_.peer_abnormal_close = rx_.peer_abnormal_close || flags.peer_abnormal_close;
  if (killed_ || !rcv_shutdown()) return;
  if (rx_.peer_abnormal_close) {
    // smc_cdc_msg_recv_action: an abort received is answered with an abort flag.
    tx_.peer_abnormal_close = true;
    peer_abort_received();
    return;
  }
  switch (state_) {
    case SmcState::Init:
    case SmcState::Active:
      enter(SmcState::AppCloseWait1);
      break;
    case SmcState::PeerCloseWait1:
      if (rx_.peer_done_writing) enter(SmcState::PeerCloseWait2);
      [[fallthrough]];
    case SmcState::PeerCloseWait2:
      if (!rxed_any_close()) break;
      enter(app_closed_ && sent_any_close() ? SmcState::Closed : SmcState::AppFinCloseWait);
      break;
    case SmcState::PeerFinCloseWait:
      if (rxed_any_close()) enter(SmcState::Closed);
      break;
    default:
      break;  // APPCLOSEWAIT1/2 wait for the application; the rest have nothing to do
  }
}

void ConnectionCloser::abort_locally() {
  if (killed_) return;
  killed_ = true;
  if (!tx_.peer_conn_closed) tx_.peer_abnormal_close = true;
  switch (state_) {
    case SmcState::Active:
    case SmcState::AppCloseWait1:
    case SmcState::AppCloseWait2:
    case SmcState::PeerCloseWait1:
    case SmcState::PeerCloseWait2:
    case SmcState::PeerFinCloseWait:
    case SmcState::ProcessAbort:
    case SmcState::AppFinCloseWait:
      // Linux passes through PEERABORTWAIT while it cancels the close work, then closes.
      enter(SmcState::PeerAbortWait);
      enter(SmcState::Closed);
      break;
    case SmcState::Init:
    case SmcState::Listen:
    case SmcState::PeerAbortWait:
    case SmcState::Closed:
      break;
  }
}

}  // namespace smc::datapath
