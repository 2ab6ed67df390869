#include "sim/world/smcr_data_session.h"

#include <algorithm>
#include <cerrno>

namespace smc::world {

namespace {
int errno_of(datapath::SocketError e) {
  switch (e) {
    case datapath::SocketError::WouldBlock: return EAGAIN;
    case datapath::SocketError::BrokenPipe: return EPIPE;
    case datapath::SocketError::ConnectionReset: return ECONNRESET;
    case datapath::SocketError::ConnectionAborted: return ECONNABORTED;
    case datapath::SocketError::NotConnected: return ENOTCONN;
    case datapath::SocketError::InvalidArgument: return EINVAL;
  }
  return EIO;
}
}  // namespace

SmcrDataSession::SmcrDataSession(End client, End server, std::int64_t one_way_delay_ns, DeliverFn deliver)
    : rtt_ns_(std::max<std::int64_t>(2 * one_way_delay_ns, 1'000)), deliver_(std::move(deliver)) {
  sides_[0].end = client;
  sides_[1].end = server;
  // From the start, not from open(): a CDC that comes before the side's handshake is done
  // (reuse, the server's CLC Confirm still on its way) must not be dropped.
  for (bool c : {true, false}) {
    if (link::SmcrConnection* l = side(c).end.link)
      l->set_cdc_handler([this, c](const cdc::CdcMessage& m) { on_cdc(c, m); });
  }
}

void SmcrDataSession::on_cdc(bool client, const cdc::CdcMessage& m) {
  Side& me = side(client);
  if (me.freed) return;
  if (me.dp) {
    me.dp->on_cdc(m);
    return;
  }
  ++me.early_cdcs;
  me.early_cdc.push_back(m);
  if (me.end.actor) me.end.actor->trace("smc.cdc_early", {{"queued", me.early_cdc.size()}});
}

void SmcrDataSession::open(bool client) {
  Side& s = side(client);
  if (s.dp || !s.end.link) return;
  link::SmcrConnection& link = *s.end.link;
  datapath::DataPathConfig config;
  config.peer_ring_size = link.peer_rmbe_size();
  config.peer_token = link.peer_token();
  config.local_token = link.local_token();
  config.failover_copy = true;
  s.dp = std::make_unique<datapath::ConnectionDataPath>(link, link.rmb(), config);
  s.dp->on_readable = [this, client] { wake(client); };
  s.dp->on_writable = [this, client] { wake(client); };
  // A send that finds no usable link: the group is gone (SmcrConnection moves to a surviving
  // link by itself), so the connection dies with it.
  s.dp->on_link_lost = [] { return false; };
  link.set_cdc_handler([this, client](const cdc::CdcMessage& m) { on_cdc(client, m); });
  link.set_group_lost_handler([this, client] {
    Side& me = side(client);
    if (!me.error) me.error = "link group lost";
    me.end.actor->trace("smc.link_group_lost");
    // Not under the link group's terminate(): the kill sends a best-effort CDC.
    std::weak_ptr<bool> alive = alive_;
    me.end.actor->schedule_after(sim::SimDuration::zero(), [this, alive, client] {
      if (alive.expired()) return;
      Side& s2 = side(client);
      if (s2.dp && !s2.freed) s2.dp->link_group_lost();
      service(client);
    });
  });
  if (const link::SmcLink* l = link.current_link()) s.link_idx = l->link_idx();
  s.end.actor->trace("smc.data_path_open", {{"rmbe", link.rmbe_size()}, {"peer_rmbe", link.peer_rmbe_size()}});
  // What came before the open, first and in the order it came (see the header).
  std::vector<cdc::CdcMessage> early = std::move(s.early_cdc);
  s.early_cdc.clear();
  for (const cdc::CdcMessage& m : early) s.dp->on_cdc(m);
  wake(client);  // anything written before the open, anything that arrived already
}

void SmcrDataSession::send(bool client, wire::ByteView bytes) {
  Side& s = side(client);
  if (s.closed || s.shut_wr) return;  // the application no longer writes
  s.backlog.insert(s.backlog.end(), bytes.begin(), bytes.end());
  wake(client);
}

void SmcrDataSession::set_close_rule(bool client, const AppClosePlan& plan, std::uint64_t read_target) {
  Side& s = side(client);
  if (s.rule) return;
  s.rule = Rule{plan, read_target, false};
  if (plan.at_ns && s.end.actor) {
    s.rule->timer_armed = true;
    const sim::SimTime at = sim::at_ns(std::max(*plan.at_ns, s.end.actor->now().ns()));
    s.end.actor->schedule_at(at, [this, client] { service(client); });
  }
  wake(client);
}

void SmcrDataSession::wake(bool client) {
  Side& s = side(client);
  if (s.wake_scheduled || !s.end.actor) return;
  s.wake_scheduled = true;
  s.end.actor->schedule_after(sim::SimDuration::zero(), [this, client] {
    side(client).wake_scheduled = false;
    service(client);
  });
}

void SmcrDataSession::service(bool client) {
  Side& s = side(client);
  if (!s.dp || s.freed) return;
  check_link(client);
  drain(client);
  flush(client);
  act(client);
  maybe_free(client);
  if (!s.freed && s.dp->cdc_pending()) arm_retry(client);
}

void SmcrDataSession::flush(bool client) {
  Side& s = side(client);
  while (!s.backlog.empty() && !s.error && !s.closed) {
    auto n = s.dp->send(wire::ByteView(s.backlog.data(), s.backlog.size()));
    if (!n) {
      if (n.error() != datapath::SocketError::WouldBlock) {
        s.error = datapath::to_string(n.error());
        s.end.actor->trace("smc.send_error", {{"error", *s.error}});
        s.backlog.clear();
        app_error(client, n.error());
      } else if (s.dp->peer_free() > 0) {
        arm_retry(client);  // the window is open: the link was out of send slots
      }
      return;
    }
    s.sent += *n;
    s.backlog.erase(s.backlog.begin(), s.backlog.begin() + static_cast<std::ptrdiff_t>(*n));
  }
}

void SmcrDataSession::drain(bool client) {
  Side& s = side(client);
  // An aborting application closes with the data unread: it does not read first.
  if (s.closed || s.eof || (s.rule && s.rule->plan.action == AppClose::Abort)) return;
  while (true) {
    auto r = s.dp->recv(1 << 16);
    if (!r) {
      if (r.error() != datapath::SocketError::WouldBlock) app_error(client, r.error());
      return;
    }
    if (r->empty()) {
      s.eof = true;
      s.end.actor->trace("app.eof", {{"read", s.read}});
      // The error a read returns instead of EOF: the peer's abort, the group's death.
      if (auto e = s.dp->take_error()) app_error(client, *e);
      return;
    }
    s.read += r->size();
    if (deliver_) deliver_(client, *r);
  }
}

void SmcrDataSession::app_error(bool client, datapath::SocketError e) {
  Side& s = side(client);
  if (s.app_errno) return;
  s.app_errno = errno_of(e);
  s.end.actor->trace("app.error", {{"error", datapath::to_string(e)}});
}

void SmcrDataSession::act(bool client) {
  Side& s = side(client);
  if (!s.rule || s.closed) return;
  const AppClosePlan& p = s.rule->plan;
  if (p.action == AppClose::Never) return;
  const bool written = s.backlog.empty();
  const bool timed = p.at_ns.has_value();
  const bool time_reached = timed && s.end.actor->now().ns() >= *p.at_ns;
  // The application's own part of the exchange is over: its data written and, for a client,
  // what it waits for read; a server's part ends with the client's EOF.
  const bool done = written && (client ? s.read >= s.rule->read_target : s.eof);
  bool close = s.app_errno.has_value();  // a failed read or write: the application gives up
  switch (p.action) {
    case AppClose::AfterData: close = close || (timed ? time_reached : done); break;
    case AppClose::AfterEof: close = close || (timed ? time_reached : written && s.eof); break;
    case AppClose::Abort:
      close = close || (timed ? time_reached : written && s.dp->bytes_to_rcv() > 0);
      break;
    case AppClose::ShutdownWrite:
      if (!s.shut_wr && (timed ? time_reached : done || (written && s.eof))) {
        s.shut_wr = true;
        s.end.actor->trace("app.shutdown_write");
        (void)s.dp->shutdown_write();
        drain(client);  // reads on to EOF
      }
      close = close || (s.shut_wr && s.eof);
      break;
    case AppClose::Never: break;
  }
  if (!close) return;
  s.closed = true;
  s.end.actor->trace("app.close", {{"unread", s.dp->bytes_to_rcv()}});
  (void)s.dp->close();
}

void SmcrDataSession::maybe_free(bool client) {
  Side& s = side(client);
  if (s.freed || !s.dp || !s.closed || !s.dp->can_free()) return;
  s.freed = true;
  s.end.actor->trace("smc.conn_free", {{"state", diag::smcss_state_name(s.dp->state())}});
  // smc_conn_free: RMB and send buffer back to the group's pool, the token out of the
  // group. The ring is not read any more (the link's memory may be reused).
  s.end.link->abandon();
}

void SmcrDataSession::arm_retry(bool client) {
  Side& s = side(client);
  if (s.retry_armed) return;
  s.retry_armed = true;
  s.end.actor->schedule_after(sim::ns(rtt_ns_), [this, client] {
    Side& me = side(client);
    me.retry_armed = false;
    if (!me.dp || me.freed) return;
    me.dp->link_ready();
    service(client);
  });
}

void SmcrDataSession::check_link(bool client) {
  Side& s = side(client);
  if (!s.dp || s.freed || !s.end.link) return;
  const link::SmcLink* l = s.end.link->current_link();
  if (!l) return;  // no usable link: the group-lost handler kills the connection
  const std::uint8_t idx = l->link_idx();
  if (s.link_idx && *s.link_idx != idx && !s.dp->closer().killed()) {
    ++s.failovers;
    s.end.actor->trace("smc.failover", {{"from_link", *s.link_idx}, {"to_link", idx}});
    s.dp->failover();
    if (s.dp->cdc_pending()) arm_retry(client);
  }
  s.link_idx = idx;
}

void SmcrDataSession::watch_links(std::int64_t for_ns) {
  for (bool client : {true, false}) {
    Side& s = side(client);
    if (!s.end.actor) continue;
    s.watch_until_ns = std::max(s.watch_until_ns, s.end.actor->now().ns() + for_ns);
    if (!s.watch_armed) poll_links(client, 50'000);
  }
}

void SmcrDataSession::poll_links(bool client, std::int64_t interval_ns) {
  Side& s = side(client);
  s.watch_armed = true;
  std::weak_ptr<bool> alive = alive_;
  s.end.actor->schedule_after(sim::ns(interval_ns), [this, alive, client, interval_ns] {
    if (alive.expired()) return;
    Side& me = side(client);
    me.watch_armed = false;
    if (me.dp && !me.freed) service(client);
    if (!me.freed && me.end.actor->now().ns() < me.watch_until_ns)
      poll_links(client, std::min<std::int64_t>(interval_ns * 2, 10'000'000));
  });
}

}  // namespace smc::world
