#include "sim/world/smcr_data_session.h"

#include <algorithm>

namespace smc::world {

SmcrDataSession::SmcrDataSession(End client, End server, std::int64_t one_way_delay_ns, DeliverFn deliver)
    : rtt_ns_(std::max<std::int64_t>(2 * one_way_delay_ns, 1'000)), deliver_(std::move(deliver)) {
  sides_[0].end = client;
  sides_[1].end = server;
}

void SmcrDataSession::open(bool client) {
  Side& s = side(client);
  if (s.dp || !s.end.link) return;
  link::SmcrConnection& link = *s.end.link;
  datapath::DataPathConfig config;
  config.peer_ring_size = link.peer_rmbe_size();
  config.peer_token = link.peer_token();
  config.local_token = link.local_token();
  s.dp = std::make_unique<datapath::ConnectionDataPath>(link, link.rmb(), config);
  s.dp->on_readable = [this, client] { wake(client); };
  s.dp->on_writable = [this, client] { wake(client); };
  // No failover without a second link: the connection dies with its link group.
  s.dp->on_link_lost = [] { return false; };
  link.set_cdc_handler([this, client](const cdc::CdcMessage& m) {
    if (auto& dp = side(client).dp) dp->on_cdc(m);
  });
  link.set_group_lost_handler([this, client] {
    Side& me = side(client);
    if (!me.error) me.error = "link group lost";
    me.end.actor->trace("smc.link_group_lost");
  });
  s.end.actor->trace("smc.data_path_open", {{"rmbe", link.rmbe_size()}, {"peer_rmbe", link.peer_rmbe_size()}});
  wake(client);  // anything written before the open, anything that arrived already
}

void SmcrDataSession::send(bool client, wire::ByteView bytes) {
  Side& s = side(client);
  s.backlog.insert(s.backlog.end(), bytes.begin(), bytes.end());
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
  if (!s.dp) return;
  drain(client);
  flush(client);
  if (s.dp->cdc_pending()) arm_retry(client);
}

void SmcrDataSession::flush(bool client) {
  Side& s = side(client);
  while (!s.backlog.empty() && !s.error) {
    auto n = s.dp->send(wire::ByteView(s.backlog.data(), s.backlog.size()));
    if (!n) {
      if (n.error() != datapath::SocketError::WouldBlock) {
        s.error = datapath::to_string(n.error());
        s.end.actor->trace("smc.send_error", {{"error", *s.error}});
        s.backlog.clear();
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
  while (true) {
    auto r = s.dp->recv(1 << 16);
    if (!r || r->empty()) return;  // WouldBlock, EOF or an error: nothing to deliver
    if (deliver_) deliver_(client, *r);
  }
}

void SmcrDataSession::arm_retry(bool client) {
  Side& s = side(client);
  if (s.retry_armed) return;
  s.retry_armed = true;
  s.end.actor->schedule_after(sim::ns(rtt_ns_), [this, client] {
    Side& me = side(client);
    me.retry_armed = false;
    if (!me.dp) return;
    me.dp->link_ready();
    service(client);
  });
}

}  // namespace smc::world
