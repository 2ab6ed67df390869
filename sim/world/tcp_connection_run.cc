#include "sim/world/tcp_connection_run.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "protocol/clc/clc_message.h"
#include "protocol/clc/decline_code.h"
#include "protocol/handshake/clc_adapter.h"
#include "protocol/handshake/clc_receiver.h"
#include "protocol/negotiation/server_version_check.h"
#include "protocol/tcp_option/smc_tcp_option.h"
#include "sim/world/connection_common.h"
#include "sim/world/tcp_world_tap.h"

namespace smc::world {

using namespace smc::handshake;
using ports::StreamError;

namespace {

ports::TcpOption smc_syn_option() {
  tcp_option::TcpOption o = tcp_option::smc_option();
  return ports::TcpOption{o.kind, o.data};
}

// Both ends engines asking for SMC, both hosts with devices to run a link on.
bool wants_real_smcr(const ConnectionSetup& s, const SmcrStacks& st) {
  return st.client && st.server && st.fabric && st.client->has_devices() && st.server->has_devices() &&
         s.client_smc && s.server_smc && !s.scripted;
}

// Whether the server's listen worker gets as far as its LGR lock with `rx` (the bytes of the
// Proposal wait so far). Linux (§2.3) first reads a whole CLC message, and only a Proposal
// that passed S4 (valid), S5 (no IPsec) and S7/S8 (version checks) takes
// smc_server_lgr_pending, around the device search and link group creation (S9). A Decline
// the client sends instead (C3/C5/C6), a protocol error, an incomplete message or a Proposal
// declined before S9 is handled without the lock, so a handshake holding it cannot delay it.
bool server_reaches_lgr_lock(const ConnectionSetup& s, wire::Bytes rx) {
  Framed f = take_clc_message(rx, clc::ClcType::Proposal);
  if (f.status != FrameStatus::Message || f.type != clc::ClcType::Proposal) return false;
  auto p = decode_proposal(f.message);
  if (!p || !negotiation::proposal_is_valid(*p, s.server_profile)) return false;
  if (s.server_conn.ipsec_policy) return false;
  return static_cast<bool>(negotiation::server_version_check(*p, s.server, s.server_profile));
}
}  // namespace

TcpConnectionRun::TcpConnectionRun(sim::Simulator& sim, ConnectionSetup setup, ports::StreamTransport& client_tcp,
                                   BoundFn bound, SmcrStacks smcr)
    : sim_(sim),
      setup_(std::move(setup)),
      client_tcp_(client_tcp),
      bound_(std::move(bound)),
      fabric_(wants_real_smcr(setup_, smcr) ? smcr.fabric : nullptr),
      client_smcr_(fabric_ ? smcr.client->create_connection() : nullptr),
      server_smcr_(fabric_ ? smcr.server->create_connection() : nullptr),
      client_link_(setup_.link_failures.client_confirm, std::nullopt, client_smcr_.get(),
                   setup_.link_failures.client_smcd_too),
      server_link_(std::nullopt, setup_.link_failures.server_confirm, server_smcr_.get()) {
  columns_[kClient] = setup_.client_host;
  columns_[kServer] = setup_.server_host;
  if (setup_.client_host == setup_.server_host) {
    columns_[kClient] += " (" + setup_.client_app + ")";
    columns_[kServer] += " (" + setup_.server_app + ")";
  }
  sides_[kClient] = std::make_unique<Side>(sim_, client_actor_name(setup_));
  // Named after the client app too (as in the handshake world): two client apps' first
  // connections to one server app are two different children.
  sides_[kServer] =
      std::make_unique<Side>(sim_, server_actor_name(setup_));
  stand_in_ = std::make_unique<SmcStandIn>(
      SmcStandIn::Ends{sides_[kClient].get(), sides_[kServer].get(), columns_[kClient], columns_[kServer]},
      setup_.one_way_delay_ns, setup_.rdma_works, out_.messages);
  if (fabric_) {
    ladder_ = std::make_unique<RdmaLadder>(out_.messages, columns_[kClient], columns_[kServer]);
    smcr_session_ = std::make_unique<SmcrDataSession>(
        SmcrDataSession::End{sides_[kClient].get(), client_smcr_.get()},
        SmcrDataSession::End{sides_[kServer].get(), server_smcr_.get()}, setup_.one_way_delay_ns,
        [this](bool to_client, const wire::Bytes& b) { app_reads(to_client ? kClient : kServer, b); });
  }
  if (fabric_) {
    stacks_[kClient] = smcr.client;
    stacks_[kServer] = smcr.server;
    install_link_faults(smcr);
  }
  out_.client_app = setup_.client_app;
  out_.server_app = setup_.server_app;
  out_.index = setup_.index;
  out_.client_address = setup_.client_conn.local.to_string();
  out_.server_address = setup_.server_conn.local.to_string();
  out_.server_port = setup_.server_port;
  payload_ = application_payload(setup_);
}

TcpConnectionRun::~TcpConnectionRun() {
  release_lgr_lock(kClient);
  release_lgr_lock(kServer);
  for (const auto& [gid, qpn] : watched_) fabric_->unwatch(gid, qpn);
}

void TcpConnectionRun::install_link_faults(const SmcrStacks& smcr) {
  const InjectedLinkFailures& f = setup_.link_failures;
  client_smcr_->set_announce_credits(setup_.client_profile.vendor_options && setup_.server_profile.vendor_options);
  server_smcr_->set_accept_ready_callback([this](std::optional<clc::DeclineCode> r) {
    if (!server_ || side(kServer).done) return;
    side(kServer).trace("llc.confirm_rkey_result", {{"ok", !r.has_value()}});
    apply(kServer, server_->on_accept_ready(r));
  });
  for (auto [host, stack] : {std::pair{setup_.client_host, smcr.client}, std::pair{setup_.server_host, smcr.server}}) {
    std::vector<LlcFault> mine;
    for (const auto& l : f.llc)
      if (l.host == host) mine.push_back(l);
    // Every connection of the scenario carries the same faults: installing them again is a no-op.
    if (!mine.empty())
      stack->links().set_llc_tx_hook([mine](llc::LlcMessage& m) {
        const llc::LlcType t = llc::type_of(m);
        for (const auto& l : mine) {
          if (l.type != t) continue;
          bool response = false;
          std::visit([&](const auto& x) {
            if constexpr (requires { x.response; }) response = x.response;
          }, m);
          if (l.response && *l.response != response) continue;
          if (l.action == LlcFaultAction::Drop) return link::LlcTxVerdict::Drop;
          if (l.action == LlcFaultAction::Fail) return link::LlcTxVerdict::Fail;
          if (auto* c = std::get_if<llc::LlcConfirmLink>(&m)) c->no_rmbe_eyecatcher = false;
        }
        return link::LlcTxVerdict::Send;
      });
    for (const auto& h : f.reuse_race_hosts)
      if (h == host) stack->links().set_reuse_race(true);
    for (const auto& e : f.events)
      if (e.host == host) stack->schedule_event(e.kind, e.at_ns);
  }
}

bool TcpConnectionRun::decide_with_live_groups(Role r, const wire::Bytes& bytes) {
  SmcrHostStack* stack = stacks_[r];
  if (!stack) return true;
  if (!holds_lock_[r]) {
    held_rx_[r].insert(held_rx_[r].end(), bytes.begin(), bytes.end());
    const bool got = stack->try_lock(r == kServer, this, [this, r] {
      if (side(r).done || holds_lock_[r]) return;
      wire::Bytes held = std::move(held_rx_[r]);
      held_rx_[r].clear();
      on_tcp_bytes(r, held);
    });
    if (!got) {
      side(r).trace("lgr.lock_wait");
      return false;
    }
    holds_lock_[r] = true;
    held_rx_[r].clear();
  }
  auto groups = stack->link_groups();
  side(r).trace("lgr.live", {{"groups", static_cast<std::uint64_t>(stack->link_group_count())}});
  if (r == kClient) client_->refresh_link_groups(std::move(groups));
  else server_->refresh_link_groups(std::move(groups));
  return true;
}

void TcpConnectionRun::release_lgr_lock(Role r) {
  if (!stacks_[r]) return;
  stacks_[r]->unlock(r == kServer, this);
  holds_lock_[r] = false;
}

void TcpConnectionRun::start() {
  sim_.schedule_at(sim::at_ns(setup_.start_ns), [this] { connect(); });
}

void TcpConnectionRun::connect() {
  Side& c = side(kClient);
  if (setup_.client_socket_errno) {
    // socket() itself failed: no connection is attempted.
    c.trace("socket.failed", {{"errno", errno_name(setup_.client_socket_errno)}});
    out_.client_errno = setup_.client_socket_errno;
    c.done = true;
    out_.client_done_ns = sim_.now().ns();
    mark(kClient, "error " + errno_name(setup_.client_socket_errno), "socket");
    return;
  }
  c.trace("tcp.connect", {{"smc", setup_.client_smc}});
  if (setup_.scripted) script_.emplace(*setup_.scripted);
  if (setup_.client_smc && !scripted(kClient))
    client_.emplace(setup_.client, setup_.client_conn, setup_.client_profile, &client_link_);
  if (setup_.server_smc && !scripted(kServer))
    server_.emplace(setup_.server, setup_.server_conn, setup_.server_profile, &server_link_, setup_.server_setup);

  ports::ConnectRequest req;
  req.local = ports::Endpoint{setup_.client_conn.local, 0};
  req.remote = ports::Endpoint{setup_.client_conn.peer, setup_.server_port};
  if (setup_.client_smc || scripted(kClient)) req.syn_options.push_back(smc_syn_option());
  ports::StreamEvents ev;
  ev.on_connected = [this](const ports::TcpOptions& o) { client_connected(o); };
  ev.on_readable = [this] { readable(kClient); };
  ev.on_writable = [this] { flush(kClient); };
  ev.on_peer_fin = [this] { on_tcp_eof(kClient, false); };
  ev.on_error = [this](StreamError e) { client_error(e); };
  auto r = client_tcp_.connect(std::move(req), std::move(ev));
  if (!r) {
    client_error(r.error());
    return;
  }
  c.tcp = std::move(*r);
  out_.client_port = c.tcp->local().port;
  if (bound_) bound_(*this, c.tcp->local());
}

void TcpConnectionRun::client_connected(const ports::TcpOptions& synack) {
  Side& c = side(kClient);
  bool synack_opt = carries_smc_option(synack);
  c.trace("tcp.established", {{"synack_option", synack_opt}});
  client_connected_ = true;
  if (scripted(kClient)) {
    apply_script(kClient, script_->start(sim_.now().ns(), sim_.now().ns()));
  } else if (client_) {
    apply(kClient, client_->on_established(synack_opt));
  } else {
    c.done = true;
    c.tcp_mode = true;
    out_.client_done_ns = sim_.now().ns();
    maybe_send_app_data();
  }
}

void TcpConnectionRun::client_error(StreamError e) {
  Side& c = side(kClient);
  if (!client_connected_) {
    // connect() itself failed: SYN retries exhausted (a firewall dropping SMC SYNs), refused.
    c.trace("tcp.connect_failed", {{"errno", ports::errno_name(e)}});
    out_.client_errno = ports::to_errno(e);
    c.done = true;
    out_.client_done_ns = sim_.now().ns();
    mark(kClient, std::string("error ") + ports::errno_name(e), "connect");
    cancel_all(kClient);
    return;
  }
  if (e == StreamError::ConnectionReset || !c.done || !c.tcp_mode) return on_tcp_eof(kClient, true);
  out_.client_errno = ports::to_errno(e);  // data retransmissions exhausted on a TCP connection
  mark(kClient, std::string("error ") + ports::errno_name(e));
}

ports::TcpOptions TcpConnectionRun::synack_options(const ports::SynInfo& syn) const {
  bool smc_listener = setup_.server_smc || (setup_.scripted && !setup_.scripted->is_client);
  if (smc_listener && carries_smc_option(syn.syn_options)) return {smc_syn_option()};
  return {};
}

void TcpConnectionRun::accepted(std::unique_ptr<ports::StreamConnection> conn) {
  Side& s = side(kServer);
  if (s.tcp) return;  // one child per run
  bool smc_listener = setup_.server_smc || (setup_.scripted && !setup_.scripted->is_client);
  bool syn_smc = smc_listener && carries_smc_option(conn->peer_handshake_options());
  ports::StreamEvents ev;
  ev.on_readable = [this] { readable(kServer); };
  ev.on_writable = [this] { flush(kServer); };
  ev.on_peer_fin = [this] { on_tcp_eof(kServer, false); };
  ev.on_error = [this](StreamError) { on_tcp_eof(kServer, true); };
  conn->set_events(std::move(ev));
  s.tcp = std::move(conn);
  s.trace("tcp.established", {{"syn_smc", syn_smc}});
  if (scripted(kServer)) {
    apply_script(kServer, script_->start(sim_.now().ns(), sim_.now().ns()));
  } else if (server_) {
    apply(kServer, server_->on_established(syn_smc));
  } else {
    s.done = true;
    s.tcp_mode = true;
    out_.server_done_ns = sim_.now().ns();
  }
  if (s.tcp && s.tcp->readable_bytes() > 0) readable(kServer);
}

void TcpConnectionRun::readable(Role r) {
  Side& me = side(r);
  Side& peer = side(r == kClient ? kServer : kClient);
  if (r == kServer && !server_ && !scripted(kServer) && setup_.plain_peer == PlainPeer::NeverReads) {
    // The application missed its wake-up: the bytes stay in the socket's receive queue.
    if (me.tcp) me.trace("app.read_blocked", {{"queued", me.tcp->readable_bytes()}});
    return;
  }
  while (me.tcp && !me.closing) {
    auto d = me.tcp->recv(1 << 16);
    if (!d || d->empty()) return;  // nothing more now; the peer's FIN comes as on_peer_fin
    me.received += d->size();
    while (!peer.in_stream.empty() && peer.in_stream.front().second <= me.received) {
      out_.messages[peer.in_stream.front().first].arrived_ns = sim_.now().ns();
      peer.in_stream.pop_front();
    }
    on_tcp_bytes(r, *d);
  }
}

void TcpConnectionRun::apply(Role r, const Actions& acts) {
  Side& me = side(r);
  for (const auto& a : acts) {
    me.trace("hs.action", {{"what", describe(a)}});
    if (const auto* snd = std::get_if<SendClc>(&a)) {
      out_.wire.push_back(wire_label(snd->bytes, r == kClient));
      send_stream(r, snd->bytes, log_clc(r, snd->bytes));
    } else if (const auto* t = std::get_if<ArmTimer>(&a)) {
      arm(r, t->name, t->after);
    } else if (const auto* c = std::get_if<CancelTimer>(&a)) {
      if (auto it = me.armed.find(c->name); it != me.armed.end()) {
        me.timers.cancel(it->second);
        me.armed.erase(it);
      }
    } else if (const auto* fb = std::get_if<FallBack>(&a)) {
      me.done = true;
      me.tcp_mode = true;
      (r == kClient ? out_.client_done_ns : out_.server_done_ns) = sim_.now().ns();
      mark(r, "fallback " + clc::to_smcss_hex(fb->local), fb->peer ? "peer " + clc::to_smcss_hex(*fb->peer) : "");
      // Bytes that arrived with the handshake are the application's first data.
      const wire::Bytes& left = r == kClient ? client_->leftover() : server_->leftover();
      if (!left.empty()) app_reads(r, left);
      // A Decline with the out-of-sync flag: the server's link group is terminated (§5 0x04000000).
      if (r == kServer && fb->peer == clc::DeclineCode::SyncError && server_smcr_) server_smcr_->peer_out_of_sync();
    } else if (const auto* e = std::get_if<HardError>(&a)) {
      out_.client_errno = e->err;
      me.done = true;
      out_.client_done_ns = sim_.now().ns();
      mark(r, "error " + errno_name(e->err));
      // connect() failed: the application closes the socket (RST if bytes are unread).
      close_stream(r, false);
    } else if (const auto* d = std::get_if<DropConnection>(&a)) {
      out_.server_dropped = true;
      out_.server_reset = d->reset;
      me.done = true;
      out_.server_done_ns = sim_.now().ns();
      mark(r, d->reset ? "dropped (RST)" : "dropped (FIN)");
      close_stream(r, d->reset);
    } else if (std::get_if<StartLinkSetup>(&a)) {
      if (real_smcr(r)) start_real_link(r);
      else me.link_started = true;
    } else if (const auto* est = std::get_if<SmcEstablished>(&a)) {
      me.done = true;
      me.smc = true;
      (r == kClient ? out_.client_done_ns : out_.server_done_ns) = sim_.now().ns();
      mark(r, "SMC established", negotiation::to_string(est->path.kind));
      if (real_smcr(r)) smcr_session_->open(r == kClient);
    }
  }
  if (me.done) {
    cancel_all(r);
    release_lgr_lock(r);
  }
  maybe_start_link();
  if (r == kClient) maybe_send_app_data();
}

void TcpConnectionRun::apply_script(Role r, const ScriptedPeer::Output& out) {
  Side& me = side(r);
  for (const auto& b : out.sends) {
    me.trace("script.send", {{"len", b.size()}, {"clc", is_clc(b)}});
    out_.wire.push_back(is_clc(b) ? wire_label(b, r == kClient) : "junk");
    send_stream(r, b, is_clc(b) ? log_clc(r, b) : log_app(r, b.size(), "script raw"));
  }
  if (out.close || out.reset) {
    me.done = true;
    close_stream(r, out.reset);
  }
  if (out.wake_at_ns)
    me.timers.arm(*out.wake_at_ns - sim_.now().ns(), [this, r] {
      if (!side(r).done) apply_script(r, script_->on_timer(sim_.now().ns()));
    });
}

void TcpConnectionRun::arm(Role r, TimerName name, std::int64_t after_ns) {
  Side& me = side(r);
  if (auto it = me.armed.find(name); it != me.armed.end()) me.timers.cancel(it->second);
  me.armed[name] = me.timers.arm(after_ns, [this, r, name] {
    Side& s = side(r);
    s.armed.erase(name);
    s.trace("timer.expired", {{"timer", to_string(name)}});
    mark(r, std::string("timer ") + to_string(name) + " expired");
    if (s.done) return;
    apply(r, r == kClient ? client_->on_timer(name) : server_->on_timer(name));
  });
}

void TcpConnectionRun::cancel_all(Role r) {
  Side& me = side(r);
  for (auto& [name, id] : me.armed) me.timers.cancel(id);
  me.armed.clear();
}

void TcpConnectionRun::send_stream(Role from, const wire::Bytes& bytes, std::optional<std::size_t> log_index) {
  Side& me = side(from);
  if (!me.tcp || me.closing) return;
  me.trace("tcp.tx", {{"len", bytes.size()}});
  me.queued += bytes.size();
  if (log_index) me.in_stream.emplace_back(*log_index, me.queued);
  me.tx_backlog.insert(me.tx_backlog.end(), bytes.begin(), bytes.end());
  flush(from);
}

void TcpConnectionRun::flush(Role from) {
  Side& me = side(from);
  while (me.tcp && !me.tx_backlog.empty()) {
    auto n = me.tcp->send(me.tx_backlog);
    if (!n) {
      // WouldBlock: on_writable resumes; anything else: the bytes can never go.
      if (n.error() != StreamError::WouldBlock) me.tx_backlog.clear();
      return;
    }
    me.tx_backlog.erase(me.tx_backlog.begin(), me.tx_backlog.begin() + static_cast<std::ptrdiff_t>(*n));
  }
}

void TcpConnectionRun::close_stream(Role r, bool reset) {
  Side& me = side(r);
  if (me.closing) return;
  me.closing = true;
  me.trace(reset ? "tcp.rst" : "tcp.fin");
  // Not from inside the transport's callback that led here: the close clears the
  // connection's callbacks, one of which may be running.
  me.schedule_after(sim::SimDuration::zero(), [this, r, reset] {
    Side& s = side(r);
    if (!s.tcp) return;
    if (reset) s.tcp->reset();
    else s.tcp->close();
  });
}

void TcpConnectionRun::on_tcp_bytes(Role to, const wire::Bytes& bytes) {
  Side& me = side(to);
  if (scripted(to)) {
    if (!me.done) apply_script(to, script_->on_bytes(bytes, sim_.now().ns()));
    return;
  }
  if (to == kClient) {
    if (client_ && !me.done) {
      if (client_->state() == ClientHandshake::State::WaitAccept && !holds_lock_[kClient]) {
        wire::Bytes all = std::move(held_rx_[kClient]);
        all.insert(all.end(), bytes.begin(), bytes.end());
        held_rx_[kClient].clear();
        if (!decide_with_live_groups(kClient, all)) return;
        return apply(kClient, client_->on_bytes(all));
      }
      return apply(kClient, client_->on_bytes(bytes));
    }
    return app_reads(kClient, bytes);
  }
  if (server_ && !me.done) {
    if (server_->state() == ServerHandshake::State::WaitProposal && !holds_lock_[kServer]) {
      wire::Bytes all = std::move(held_rx_[kServer]);
      all.insert(all.end(), bytes.begin(), bytes.end());
      held_rx_[kServer].clear();
      // The handshake keeps an incomplete message's first bytes itself (leftover()).
      wire::Bytes seen = server_->leftover();
      seen.insert(seen.end(), all.begin(), all.end());
      if (!server_reaches_lgr_lock(setup_, std::move(seen))) return apply(kServer, server_->on_bytes(all));
      if (!decide_with_live_groups(kServer, all)) return;
      return apply(kServer, server_->on_bytes(all));
    }
    return apply(kServer, server_->on_bytes(bytes));
  }
  if (out_.server_dropped) return;
  if (!server_ && setup_.plain_peer != PlainPeer::None) return plain_peer_reads(bytes);
  app_reads(kServer, bytes);
}

void TcpConnectionRun::on_tcp_eof(Role to, bool reset) {
  Side& me = side(to);
  if (me.eof) return;
  me.eof = true;
  me.trace(reset ? "tcp.rx_rst" : "tcp.rx_fin");
  if (scripted(to)) {
    script_->on_eof();
    me.done = true;
    return;
  }
  if (to == kClient) {
    if (client_ && !me.done) return apply(kClient, reset ? client_->on_reset() : client_->on_eof());
    if (reset && me.tcp_mode) out_.client_errno = ECONNRESET;  // the app's next read or write fails
    return;
  }
  if (server_ && !me.done) return apply(kServer, reset ? server_->on_reset() : server_->on_eof());
  // A plain server application closes its side when read() returns 0.
  if (!server_ && !reset) close_stream(kServer, false);
}

void TcpConnectionRun::maybe_start_link() {
  Side& c = side(kClient);
  Side& s = side(kServer);
  if (!c.link_started || !s.link_started) return;
  c.link_started = s.link_started = false;
  SmcStandIn::LinkHooks hooks;
  hooks.confirm_link_at_client = [this] {
    if (client_ && client_->state() == ClientHandshake::State::WaitLink && !side(kClient).done) {
      side(kClient).trace("llc.confirm_link_rx");
      apply(kClient, client_->on_link_confirmed());
    }
  };
  hooks.response_at_server = [this] {
    if (server_ && !side(kServer).done) {
      side(kServer).trace("llc.confirm_link_resp_rx");
      apply(kServer, server_->on_link_confirmed());
    }
  };
  hooks.client_waits_add_link = [this] {
    return client_ && client_->state() == ClientHandshake::State::WaitAddLink && !side(kClient).done;
  };
  hooks.add_link_at_client = [this] {
    if (client_ && client_->state() == ClientHandshake::State::WaitAddLink && !side(kClient).done) {
      side(kClient).trace("llc.add_link_rx");
      apply(kClient, client_->on_add_link_done());
    }
  };
  stand_in_->run_first_contact(std::move(hooks));
}

void TcpConnectionRun::start_real_link(Role r) {
  Side& me = side(r);
  link::SmcrConnection& link = r == kClient ? *client_smcr_ : *server_smcr_;
  // First contact: the group's one link, not Active yet (a second one from Add Link is not
  // drawn).
  if (link::LinkGroup* g = link.link_group())
    for (link::SmcLink* l : g->links()) {
      const link::LinkEndpoint local = l->local();
      fabric_->watch(local.gid, local.qpn, &ladder_->end(r == kClient));
      watched_.emplace_back(local.gid, local.qpn);
    }
  me.trace("llc.start_link_setup", {{"first_contact", link.first_contact()}});
  if (r == kClient) {
    link.set_setup_callbacks(
        [this] {
          if (client_ && client_->state() == ClientHandshake::State::WaitLink && !side(kClient).done) {
            side(kClient).trace("llc.confirm_link_rx");
            apply(kClient, client_->on_link_confirmed());
          }
        },
        [this](clc::DeclineCode code) {
          if (client_ && !side(kClient).done) apply(kClient, client_->on_link_failed(code));
        });
    link.set_add_link_callback([this] {
      if (client_ && client_->state() == ClientHandshake::State::WaitAddLink && !side(kClient).done) {
        side(kClient).trace("llc.add_link_rx");
        apply(kClient, client_->on_add_link_done());
      }
    });
  } else {
    link.set_setup_callbacks(
        [this] {
          if (server_ && !side(kServer).done) {
            side(kServer).trace("llc.confirm_link_resp_rx");
            apply(kServer, server_->on_link_confirmed());
          }
        },
        [this](clc::DeclineCode code) {
          if (server_ && !side(kServer).done) apply(kServer, server_->on_link_failed(code));
        });
  }
  // Not from inside apply(): a result the link layer reports at once would re-enter it.
  me.schedule_after(sim::SimDuration::zero(), [&link] { link.start_link_setup(); });
}

ConnectionOutcome TcpConnectionRun::outcome() const {
  return assemble_outcome(out_, setup_, client_ ? &*client_ : nullptr, server_ ? &*server_ : nullptr,
                          script_ ? &*script_ : nullptr, payload_, sides_[kServer]->app_rx, sides_[kClient]->app_rx);
}

}  // namespace smc::world
