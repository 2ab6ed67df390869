#include "sim/world/handshake_connection.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "protocol/clc/clc_message.h"
#include "sim/world/connection_common.h"

namespace smc::world {

using namespace smc::handshake;

namespace {

// Linux's default tcp_syn_retries (6): 1+2+4+8+16+32+64 s before connect() gives up.
constexpr std::int64_t kSynRetriesGiveUpNs = 127'000'000'000LL;

}  // namespace

HandshakeConnection::HandshakeConnection(sim::Simulator& sim, ConnectionSetup setup)
    : sim_(sim),
      setup_(std::move(setup)),
      client_link_(setup_.link_failures.client_confirm, std::nullopt, setup_.link_failures.client_smcd_too),
      server_link_(std::nullopt, setup_.link_failures.server_confirm) {
  sides_[kClient] = std::make_unique<Side>(sim_, client_actor_name(setup_));
  sides_[kServer] = std::make_unique<Side>(sim_, server_actor_name(setup_));
  out_.client_app = setup_.client_app;
  out_.server_app = setup_.server_app;
  out_.index = setup_.index;
  out_.client_address = setup_.client_conn.local.to_string();
  out_.server_address = setup_.server_conn.local.to_string();
  out_.client_port = static_cast<std::uint16_t>(40000 + setup_.index);  // ephemeral ports in connect order
  out_.server_port = setup_.server_port;
  payload_ = application_payload(setup_);
}

void HandshakeConnection::start() {
  sim_.schedule_at(sim::at_ns(setup_.start_ns), [this] { connect(); });
}

void HandshakeConnection::connect() {
  Side& c = side(kClient);
  Side& s = side(kServer);
  if (setup_.client_socket_errno) {
    c.trace("socket.failed", {{"errno", errno_name(setup_.client_socket_errno)}});
    out_.client_errno = setup_.client_socket_errno;
    c.done = true;
    out_.client_done_ns = sim_.now().ns();
    return;
  }
  c.trace("tcp.connect", {{"smc", setup_.client_smc}});
  if (setup_.scripted) script_.emplace(*setup_.scripted);
  bool script_client = script_ && setup_.scripted->is_client;
  bool script_server = script_ && !setup_.scripted->is_client;
  if (setup_.client_smc && !script_client)
    client_.emplace(setup_.client, setup_.client_conn, setup_.client_profile, &client_link_);
  if (setup_.server_smc && !script_server)
    server_.emplace(setup_.server, setup_.server_conn, setup_.server_profile, &server_link_, setup_.server_setup);

  bool syn_opt = (setup_.client_smc || (script_ && setup_.scripted->is_client)) && !setup_.strip_syn;
  if (setup_.drop_smc_syn && syn_opt) {
    // Every SYN carries the option, so every SYN is dropped: connect() times out.
    c.schedule_after(sim::ns(kSynRetriesGiveUpNs), [this] {
      side(kClient).trace("tcp.connect_failed", {{"errno", "ETIMEDOUT"}});
      out_.client_errno = ETIMEDOUT;
      side(kClient).done = true;
      out_.client_done_ns = sim_.now().ns();
    });
    return;
  }
  // §2.1 rendezvous: the server offers the option back only to an SMC SYN on an SMC listener;
  // an echoing middlebox or plain server makes the client believe the peer is SMC.
  bool smc_ok = syn_opt && (setup_.server_smc || (script_ && !setup_.scripted->is_client));
  bool synack_opt = (smc_ok || (setup_.echo_option && syn_opt)) && !setup_.strip_synack;
  // The client is established when the SYN-ACK arrives (2 delays), the server child on the
  // ACK (3 delays).
  c.schedule_after(delay() + delay(), [this, synack_opt] {
    side(kClient).trace("tcp.established", {{"synack_option", synack_opt}});
    if (scripted(kClient)) {
      apply_script(kClient, script_->start(sim_.now().ns(), sim_.now().ns()));
    } else if (client_) {
      apply(kClient, client_->on_established(synack_opt));
    } else {
      side(kClient).done = true;
      side(kClient).tcp = true;
      out_.client_done_ns = sim_.now().ns();
      maybe_send_app_data();
    }
  });
  s.schedule_after(delay() + delay() + delay(), [this, smc_ok] {
    side(kServer).trace("tcp.established", {{"syn_smc", smc_ok}});
    if (scripted(kServer)) {
      apply_script(kServer, script_->start(sim_.now().ns(), sim_.now().ns()));
    } else if (server_) {
      apply(kServer, server_->on_established(smc_ok));
    } else {
      side(kServer).done = true;
      side(kServer).tcp = true;
      out_.server_done_ns = sim_.now().ns();
    }
  });
}

void HandshakeConnection::apply(Role r, const Actions& acts) {
  Side& me = side(r);
  for (const auto& a : acts) {
    me.trace("hs.action", {{"what", describe(a)}});
    if (const auto* snd = std::get_if<SendClc>(&a)) {
      out_.wire.push_back(wire_label(snd->bytes, r == kClient));
      send_tcp(r, snd->bytes);
    } else if (const auto* t = std::get_if<ArmTimer>(&a)) {
      arm(r, t->name, t->after);
    } else if (const auto* c = std::get_if<CancelTimer>(&a)) {
      auto it = me.timers.find(c->name);
      if (it != me.timers.end()) {
        me.cancel(it->second);
        me.timers.erase(it);
      }
    } else if (std::get_if<FallBack>(&a)) {
      me.done = true;
      me.tcp = true;
      (r == kClient ? out_.client_done_ns : out_.server_done_ns) = sim_.now().ns();
      // Bytes that arrived with the handshake are the application's first data.
      const wire::Bytes& left = r == kClient ? client_->leftover() : server_->leftover();
      if (!left.empty()) app_reads(r, left);
    } else if (const auto* e = std::get_if<HardError>(&a)) {
      out_.client_errno = e->err;
      me.done = true;
      out_.client_done_ns = sim_.now().ns();
    } else if (const auto* d = std::get_if<DropConnection>(&a)) {
      out_.server_dropped = true;
      out_.server_reset = d->reset;
      me.done = true;
      out_.server_done_ns = sim_.now().ns();
      send_eof(kServer, d->reset);
    } else if (std::get_if<StartLinkSetup>(&a)) {
      me.link_started = true;
    } else if (std::get_if<SmcEstablished>(&a)) {
      me.done = true;
      me.smc = true;
      (r == kClient ? out_.client_done_ns : out_.server_done_ns) = sim_.now().ns();
    }
  }
  if (me.done) cancel_all(r);
  maybe_start_link();
  if (r == kClient) maybe_send_app_data();
}

void HandshakeConnection::arm(Role r, TimerName name, std::int64_t after_ns) {
  Side& me = side(r);
  if (auto it = me.timers.find(name); it != me.timers.end()) me.cancel(it->second);
  me.timers[name] = me.schedule_after(sim::ns(after_ns), [this, r, name] {
    Side& s = side(r);
    s.timers.erase(name);
    s.trace("timer.expired", {{"timer", to_string(name)}});
    if (s.done) return;
    apply(r, r == kClient ? client_->on_timer(name) : server_->on_timer(name));
  });
}

void HandshakeConnection::cancel_all(Role r) {
  Side& me = side(r);
  for (auto& [name, id] : me.timers) me.cancel(id);
  me.timers.clear();
}

void HandshakeConnection::send_tcp(Role from, wire::Bytes bytes) {
  Side& me = side(from);
  me.trace("tcp.tx", {{"len", bytes.size()}});
  if (from == kClient && setup_.drop_client_data) {
    me.trace("middlebox.drop", {{"len", bytes.size()}});
    return;
  }
  Role to = from == kClient ? kServer : kClient;
  me.schedule_after(delay(), [this, to, b = std::move(bytes)] { on_tcp_bytes(to, b); });
}

void HandshakeConnection::send_eof(Role from, bool reset) {
  Role to = from == kClient ? kServer : kClient;
  side(from).trace(reset ? "tcp.rst" : "tcp.fin");
  side(from).schedule_after(delay(), [this, to, reset] { on_tcp_eof(to, reset); });
}

void HandshakeConnection::apply_script(Role r, const ScriptedPeer::Output& out) {
  Side& me = side(r);
  for (const auto& b : out.sends) {
    me.trace("script.send", {{"len", b.size()}, {"clc", is_clc(b)}, {"hex", wire::to_hex(b, false)}});
    out_.wire.push_back(is_clc(b) ? wire_label(b, r == kClient) : "junk");
    send_tcp(r, b);
  }
  if (out.close || out.reset) {
    me.done = true;
    send_eof(r, out.reset);
  }
  if (out.wake_at_ns)
    me.schedule_after(sim::ns(*out.wake_at_ns - sim_.now().ns()), [this, r] {
      if (!side(r).done) apply_script(r, script_->on_timer(sim_.now().ns()));
    });
}

void HandshakeConnection::on_tcp_bytes(Role to, const wire::Bytes& bytes) {
  Side& me = side(to);
  me.trace("tcp.rx", {{"len", bytes.size()}, {"clc", is_clc(bytes)}});
  if (scripted(to)) {
    if (!me.done) apply_script(to, script_->on_bytes(bytes, sim_.now().ns()));
    return;
  }
  if (to == kClient) {
    if (client_ && !me.done) return apply(kClient, client_->on_bytes(bytes));
    return app_reads(kClient, bytes);
  }
  if (server_ && !me.done) return apply(kServer, server_->on_bytes(bytes));
  if (out_.server_dropped) return;
  if (!server_ && setup_.plain_peer != PlainPeer::None) return plain_peer_reads(bytes);
  app_reads(kServer, bytes);
}

void HandshakeConnection::on_tcp_eof(Role to, bool reset) {
  Side& me = side(to);
  me.trace(reset ? "tcp.rx_rst" : "tcp.rx_fin");
  if (scripted(to)) {
    script_->on_eof();
    me.done = true;
    return;
  }
  if (to == kClient) {
    if (client_ && !me.done) return apply(kClient, reset ? client_->on_reset() : client_->on_eof());
    if (reset && me.tcp) out_.client_errno = ECONNRESET;  // the app's next read or write fails
    return;
  }
  if (server_ && !me.done) apply(kServer, reset ? server_->on_reset() : server_->on_eof());
}

void HandshakeConnection::plain_peer_reads(const wire::Bytes& bytes) {
  // A plain TCP application: whatever arrives is request data to it, CLC or not.
  if (setup_.plain_peer == PlainPeer::NeverReads) {
    side(kServer).trace("app.read_blocked", {{"queued", bytes.size()}});
    return;
  }
  app_reads(kServer, bytes);
  switch (setup_.plain_peer) {
    case PlainPeer::RepliesData:
      if (!plain_replied_) {
        plain_replied_ = true;
        std::string reply = "HTTP/1.1 400 Bad Request\r\n\r\n";
        send_tcp(kServer, wire::Bytes(reply.begin(), reply.end()));
      }
      break;
    case PlainPeer::Echoes:  // app_reads already echoed it (server_echo)
    case PlainPeer::Closes:
      if (!plain_replied_) {
        plain_replied_ = true;
        send_eof(kServer, false);
      }
      break;
    case PlainPeer::Silent:
    case PlainPeer::NeverReads:
    case PlainPeer::None: break;
  }
}

void HandshakeConnection::app_reads(Role to, const wire::Bytes& bytes) {
  Side& me = side(to);
  me.app_rx.insert(me.app_rx.end(), bytes.begin(), bytes.end());
  me.trace("app.read", {{"len", bytes.size()}, {"total", me.app_rx.size()}});
  if (to == kServer && setup_.server_echo && !bytes.empty()) {
    if (me.smc) {
      // SMC mode: the CDC data path does not exist yet, so an in-order byte channel with the
      // segment's delay stands in for the RMB writes.
      me.schedule_after(delay(), [this, b = bytes] { app_reads(kClient, b); });
    } else {
      send_tcp(kServer, bytes);
    }
  }
}

void HandshakeConnection::maybe_start_link() {
  Side& c = side(kClient);
  Side& s = side(kServer);
  if (!c.link_started || !s.link_started) return;
  c.link_started = s.link_started = false;
  if (!setup_.rdma_works) {
    // rdma-blackhole: the LLC request and response are lost; the handshake timers decide.
    s.trace("llc.lost");
    return;
  }
  // The server's Confirm Link request reaches the client after one delay, the response the
  // server after two; the optional Add Link follows the response.
  s.trace("llc.confirm_link_tx");
  c.schedule_after(delay(), [this] {
    if (client_ && client_->state() == ClientHandshake::State::WaitLink && !side(kClient).done) {
      side(kClient).trace("llc.confirm_link_rx");
      apply(kClient, client_->on_link_confirmed());
    }
  });
  s.schedule_after(delay() + delay(), [this] {
    if (server_ && !side(kServer).done) {
      side(kServer).trace("llc.confirm_link_resp_rx");
      apply(kServer, server_->on_link_confirmed());
    }
  });
  c.schedule_after(delay() + delay() + delay(), [this] {
    if (client_ && client_->state() == ClientHandshake::State::WaitAddLink && !side(kClient).done) {
      side(kClient).trace("llc.add_link_rx");
      apply(kClient, client_->on_add_link_done());
    }
  });
}

void HandshakeConnection::maybe_send_app_data() {
  Side& c = side(kClient);
  if (data_started_ || payload_.empty() || !c.done || out_.client_errno) return;
  if (!c.tcp && !c.smc) return;
  data_started_ = true;
  out_.data_sent = true;
  c.trace("app.write", {{"len", payload_.size()}, {"path", c.smc ? "smc" : "tcp"}});
  if (c.smc) {
    // See app_reads: the in-order channel stands in for the SMC data path.
    wire::Bytes sent = as_delivered_in_smc_mode(setup_, payload_);
    c.schedule_after(delay(), [this, sent = std::move(sent)] { app_reads(kServer, sent); });
  } else {
    send_tcp(kClient, payload_);
  }
}

ConnectionOutcome HandshakeConnection::outcome() const {
  return assemble_outcome(out_, setup_, client_ ? &*client_ : nullptr, server_ ? &*server_ : nullptr,
                          script_ ? &*script_ : nullptr, payload_, sides_[kServer]->app_rx, sides_[kClient]->app_rx);
}

}  // namespace smc::world
