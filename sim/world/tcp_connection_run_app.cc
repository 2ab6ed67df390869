// The applications at both ends of a TcpConnectionRun once the handshake is over: the client
// app's one write (the handshake world's fixed pattern), the server app's echo, and the plain
// (non-SMC) server personalities. TCP-mode bytes go through the stream; SMC-mode bytes through
// the real SMC-R data path (SmcrDataSession) when the handshake ran on real devices, else
// through the SmcStandIn's.
#include "sim/world/tcp_connection_run.h"

#include <algorithm>

#include "sim/world/connection_common.h"

namespace smc::world {

using namespace smc::handshake;

void TcpConnectionRun::plain_peer_reads(const wire::Bytes& bytes) {
  // A plain TCP application: whatever arrives is request data to it, CLC or not.
  app_reads(kServer, bytes);
  switch (setup_.plain_peer) {
    case PlainPeer::RepliesData:
      if (!plain_replied_) {
        plain_replied_ = true;
        std::string reply = "HTTP/1.1 400 Bad Request\r\n\r\n";
        send_stream(kServer, wire::Bytes(reply.begin(), reply.end()));
      }
      break;
    case PlainPeer::Closes:
      if (!plain_replied_) {
        plain_replied_ = true;
        close_stream(kServer, false);
      }
      break;
    case PlainPeer::Echoes:  // app_reads echoes (server_echo); it closes when the client does
    case PlainPeer::Silent:
    case PlainPeer::NeverReads:
    case PlainPeer::None: break;
  }
}

void TcpConnectionRun::app_reads(Role to, const wire::Bytes& bytes) {
  Side& me = side(to);
  me.app_rx.insert(me.app_rx.end(), bytes.begin(), bytes.end());
  me.trace("app.read", {{"len", bytes.size()}, {"total", me.app_rx.size()}});
  check_app_arrival(to);
  if (to != kServer || !setup_.server_echo || bytes.empty()) return;
  if (me.smc && real_smcr(kServer)) {
    if (!smc_echo_logged_) {
      smc_echo_logged_ = true;
      app_arrival_[kClient] = std::make_pair(log_app(kServer, payload_.size(), "app echo", "smc"), payload_.size());
    }
    smcr_session_->send(false, bytes);
  } else if (me.smc) {
    std::size_t idx = stand_in_->send_data(false, bytes, "app echo", [this](const wire::Bytes& b) { app_reads(kClient, b); });
    if (!app_arrival_[kClient]) app_arrival_[kClient] = std::make_pair(idx, payload_.size());
  } else {
    if (!app_arrival_[kClient] && !echo_logged_) {
      echo_logged_ = true;
      app_arrival_[kClient] = std::make_pair(log_app(kServer, payload_.size(), "app echo"), payload_.size());
    }
    send_stream(kServer, bytes);
  }
}

void TcpConnectionRun::configure_smc_close() {
  if (!smcr_session_ || smcr_session_->has_close_rule(true)) return;
  // The client's own part is done once its data is written and, with an echoing server,
  // read back; the server's when it reads the client's EOF (SmcrDataSession::act).
  smcr_session_->set_close_rule(true, setup_.client_close, setup_.server_echo ? payload_.size() : 0);
  smcr_session_->set_close_rule(false, setup_.server_close, 0);
}

void TcpConnectionRun::maybe_send_app_data() {
  Side& c = side(kClient);
  if (c.done && c.smc && real_smcr(kClient)) configure_smc_close();
  if (data_started_ || payload_.empty() || !c.done || out_.client_errno) return;
  if (!c.tcp_mode && !c.smc) return;
  data_started_ = true;
  out_.data_sent = true;
  c.trace("app.write", {{"len", payload_.size()}, {"path", c.smc ? "smc" : "tcp"}});
  if (c.smc) {
    wire::Bytes sent = as_delivered_in_smc_mode(setup_, payload_);
    if (real_smcr(kClient)) {
      app_arrival_[kServer] = std::make_pair(log_app(kClient, payload_.size(), "app data", "smc"), payload_.size());
      smcr_session_->send(true, sent);
    } else {
      std::size_t idx = stand_in_->send_data(true, std::move(sent), "app data",
                                             [this](const wire::Bytes& b) { app_reads(kServer, b); });
      app_arrival_[kServer] = std::make_pair(idx, payload_.size());
    }
  } else {
    app_arrival_[kServer] = std::make_pair(log_app(kClient, payload_.size(), "app data"), payload_.size());
    send_stream(kClient, payload_);
  }
}

}  // namespace smc::world
