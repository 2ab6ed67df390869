#include "tests/handshake/handshake_harness.h"

#include <cerrno>
#include <cstdio>
#include <deque>

#include "protocol/clc/clc_message.h"

namespace smc::test {

using namespace smc::handshake;

HostSnapshot baseline_host(int n) {
  HostSnapshot h;
  h.host_id = n == 1 ? "client" : "server";
  h.hostname = h.host_id;
  h.system_id = {0xa1, 0xb2, 0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(n)};
  IpAddress ip = IpAddress::v4(10, 0, 0, static_cast<std::uint8_t>(n));
  h.netdevs.push_back(NetDevice{"eth0", {InterfaceAddress{ip, 24}}, "", 0, "", "init"});
  RdmaPort port;
  port.netdev = "eth0";
  port.mac = {0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(n)};
  IpAddress v1gid = *IpAddress::parse("fe80::ff:fe00:" + std::to_string(n));
  port.gids.push_back(GidEntry{GidType::RoceV1, v1gid, "eth0"});
  port.gids.push_back(GidEntry{GidType::RoceV2, ip, "eth0"});
  h.rdma.push_back(RdmaDevice{"roce0", {port}, "init", false});
  h.ueids = {"SMC-TEST-UEID"};
  return h;
}

ConnectionContext baseline_conn(int n) {
  ConnectionContext c;
  c.local = IpAddress::v4(10, 0, 0, static_cast<std::uint8_t>(n));
  c.peer = IpAddress::v4(10, 0, 0, static_cast<std::uint8_t>(n == 1 ? 2 : 1));
  return c;
}

std::string PairOutcome::wire_text() const {
  std::string s;
  for (const auto& w : wire) s += (s.empty() ? "" : ",") + w;
  return s;
}

namespace {

enum Side { kClient = 0, kServer = 1 };

struct Delivery {
  Side to;
  wire::Bytes bytes;
  bool eof = false;
  bool reset = false;
};

std::string clc_label(const wire::Bytes& b, Side from) {
  if (b.size() < 8) return "?";
  switch (b[4]) {
    case 1: return "P";
    case 2: return "A";
    case 3: return "C";
    case 4: {
      auto d = clc::ClcDecline::decode(b);
      char buf[64];
      std::snprintf(buf, sizeof buf, "D(%s v%u 0x%08x%s)", from == kClient ? "C->S" : "S->C",
                    d ? d->version : 0, d ? d->peer_diagnosis : 0, d && d->out_of_sync ? " oos" : "");
      return buf;
    }
  }
  return "?";
}

}  // namespace

PairOutcome run_pair(const PairSetup& s) {
  PairOutcome out;
  Nanos now = 0;
  std::optional<ClientHandshake> client;
  std::optional<ServerHandshake> server;
  if (s.client_smc && !s.crafted_proposal)
    client.emplace(s.client, s.client_conn, s.client_profile, s.client_link);
  if (s.server_smc && !s.crafted_accept)
    server.emplace(s.server, s.server_conn, s.server_profile, s.server_link, s.server_setup);

  std::map<std::pair<int, TimerName>, Nanos> timers;
  std::deque<Delivery> pipe;
  bool link_started[2] = {false, false};
  bool client_done = false, server_done = false;
  bool client_tcp = false;  // the client's side ended as (fallback) TCP

  auto apply = [&](Side side, const Actions& acts) {
    for (const auto& a : acts) {
      if (const auto* snd = std::get_if<SendClc>(&a)) {
        out.wire.push_back(clc_label(snd->bytes, side));
        pipe.push_back(Delivery{side == kClient ? kServer : kClient, snd->bytes});
      } else if (const auto* arm = std::get_if<ArmTimer>(&a)) {
        timers[{side, arm->name}] = now + arm->after;
      } else if (const auto* c = std::get_if<CancelTimer>(&a)) {
        timers.erase({side, c->name});
      } else if (std::get_if<FallBack>(&a)) {
        (side == kClient ? client_done : server_done) = true;
        if (side == kClient) client_tcp = true;
        (side == kClient ? out.client_done_at : out.server_done_at) = now;
      } else if (const auto* e = std::get_if<HardError>(&a)) {
        out.client_errno = e->err;
        client_done = true;
        out.client_done_at = now;
      } else if (const auto* d = std::get_if<DropConnection>(&a)) {
        out.server_dropped = true;
        out.server_reset = d->reset;
        server_done = true;
        out.server_done_at = now;
        pipe.push_back(Delivery{kClient, {}, !d->reset, d->reset});
      } else if (std::get_if<StartLinkSetup>(&a)) {
        link_started[side] = true;
      } else if (std::get_if<SmcEstablished>(&a)) {
        (side == kClient ? client_done : server_done) = true;
        (side == kClient ? out.client_done_at : out.server_done_at) = now;
      }
    }
    // Timers of a finished side are moot.
    if (side == kClient && client_done) std::erase_if(timers, [](const auto& kv) { return kv.first.first == kClient; });
    if (side == kServer && server_done) std::erase_if(timers, [](const auto& kv) { return kv.first.first == kServer; });
  };

  // §2.1 rendezvous.
  bool syn_opt = s.client_smc && !s.strip_syn;
  bool smc_ok = syn_opt && s.server_smc;
  bool synack_opt = (smc_ok || (s.echo_option && syn_opt)) && !s.strip_synack;
  if (client) apply(kClient, client->on_established(synack_opt));
  if (server) apply(kServer, server->on_established(smc_ok));
  if (s.crafted_proposal) pipe.push_back(Delivery{kServer, *s.crafted_proposal});

  bool app_data_sent = false;
  for (int guard = 0; guard < 10000; ++guard) {
    if (client && client_tcp && !app_data_sent && !s.client_app_data.empty()) {
      app_data_sent = true;
      pipe.push_back(Delivery{kServer, wire::Bytes(s.client_app_data.begin(), s.client_app_data.end())});
    }
    if (!pipe.empty()) {
      Delivery d = std::move(pipe.front());
      pipe.pop_front();
      if (d.to == kClient) {
        if (d.reset || d.eof) {
          if (d.reset) out.client_saw_reset = true;
          if (client && !client_done) apply(kClient, client->on_eof());
          continue;
        }
        out.to_client.push_back(d.bytes);
        if (client && !client_done) apply(kClient, client->on_bytes(d.bytes));
      } else {
        if (server && !server_done) {
          apply(kServer, server->on_bytes(d.bytes));
        } else if (!s.server_smc && s.plain_peer != PlainPeer::None && !s.crafted_proposal) {
          // A plain TCP application got the Proposal as request data.
          if (s.plain_peer == PlainPeer::RepliesData) {
            std::string reply = "HTTP/1.1 400 Bad Request\r\n\r\n";
            pipe.push_back(Delivery{kClient, wire::Bytes(reply.begin(), reply.end())});
          } else if (s.plain_peer == PlainPeer::Closes) {
            pipe.push_back(Delivery{kClient, {}, true, false});
          }
        } else if (s.crafted_accept && !d.bytes.empty() && d.bytes[4] == 1) {
          pipe.push_back(Delivery{kClient, *s.crafted_accept});
        }
      }
      continue;
    }
    // Link layer: when both sides started the first-contact exchange and RDMA works,
    // the Confirm Link request/response pair completes at once.
    if (link_started[kClient] && link_started[kServer] && s.rdma_works) {
      link_started[kClient] = link_started[kServer] = false;
      apply(kServer, server->on_link_confirmed());
      apply(kClient, client->on_link_confirmed());
      if (client->state() == ClientHandshake::State::WaitAddLink) apply(kClient, client->on_add_link_done());
      continue;
    }
    if (timers.empty()) break;
    auto next = timers.begin();
    for (auto it = timers.begin(); it != timers.end(); ++it)
      if (it->second < next->second) next = it;
    now = next->second;
    auto key = next->first;
    timers.erase(next);
    if (key.first == kClient) apply(kClient, client->on_timer(key.second));
    else apply(kServer, server->on_timer(key.second));
  }
  if (client) out.client = client->record();
  if (server && !server->dropped()) out.server = server->record();
  return out;
}

}  // namespace smc::test
