#include "bench/figures/handshake_pairs.h"

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"

namespace smc::bench {

using namespace smc::negotiation;
using handshake::Actions;
using handshake::ClientHandshake;
using handshake::ServerHandshake;

namespace {

HostSnapshot baseline_host(std::uint8_t n) {
  HostSnapshot h;
  h.host_id = n == 1 ? "client" : "server";
  h.hostname = h.host_id;
  h.system_id = {0xa1, 0xb2, 0x02, 0, 0, 0, 0, n};
  IpAddress ip = IpAddress::v4(10, 0, 0, n);
  h.netdevs.push_back(NetDevice{"eth0", {InterfaceAddress{ip, 24}}, "", 0, "", "init"});
  RdmaPort port;
  port.netdev = "eth0";
  port.mac = {0x02, 0, 0, 0, 0, n};
  port.gids.push_back(GidEntry{GidType::RoceV1, *IpAddress::parse("fe80::ff:fe00:" + std::to_string(n)), "eth0"});
  port.gids.push_back(GidEntry{GidType::RoceV2, ip, "eth0"});
  h.rdma.push_back(RdmaDevice{"roce0", {port}, "init", false});
  h.ueids = {"SMC-TEST-UEID"};
  return h;
}

ConnectionContext baseline_conn(std::uint8_t n) {
  ConnectionContext c;
  c.local = IpAddress::v4(10, 0, 0, n);
  c.peer = IpAddress::v4(10, 0, 0, n == 1 ? 2 : 1);
  return c;
}

enum Side : std::uint8_t { kClient = 0, kServer = 1 };

struct Pair {
  std::optional<ClientHandshake> client;
  std::optional<ServerHandshake> server;
  bool link_started[2] = {false, false};
  bool smc[2] = {false, false};
};

struct Delivery {
  std::size_t pair;
  Side to;
  wire::Bytes bytes;
};

}  // namespace

PairHosts baseline_pair(bool reuse) {
  PairHosts h;
  h.client = baseline_host(1);
  h.server = baseline_host(2);
  h.client_conn = baseline_conn(1);
  h.server_conn = baseline_conn(2);
  if (reuse) {
    // The server matches on the client's system ID and GID; the client on the server's
    // system ID, GID and QP number (0: the handshake runs without a link layer, so every
    // link field of the Accept is zero).
    LinkGroupSnapshot s;
    s.server_role = true;
    s.v2 = true;
    s.peer_system_id = h.client.system_id;
    s.peer_gid = IpAddress::v4(10, 0, 0, 1);
    s.conns = 1;
    h.server.link_groups.push_back(s);
    LinkGroupSnapshot c;
    c.server_role = false;
    c.v2 = true;
    c.peer_system_id = h.server.system_id;
    c.peer_gid = IpAddress::v4(10, 0, 0, 2);
    c.peer_qpn = 0;
    c.conns = 1;
    h.client.link_groups.push_back(c);
  }
  return h;
}

BatchResult run_handshake_batch(const PairHosts& hosts, std::size_t n) {
  BatchResult r;
  std::vector<Pair> pairs(n);
  std::deque<Delivery> fifo;
  std::vector<std::size_t> link_ready;  // pairs whose both sides started the LLC exchange

  auto apply = [&](std::size_t i, Side side, Actions acts) {
    Pair& p = pairs[i];
    for (auto& a : acts) {
      if (auto* snd = std::get_if<handshake::SendClc>(&a)) {
        ++r.clc_messages;
        fifo.push_back(Delivery{i, side == kClient ? kServer : kClient, std::move(snd->bytes)});
      } else if (std::get_if<handshake::StartLinkSetup>(&a)) {
        p.link_started[side] = true;
        if (p.link_started[0] && p.link_started[1]) link_ready.push_back(i);
      } else if (std::get_if<handshake::SmcEstablished>(&a)) {
        p.smc[side] = true;
      }
      // Timers (ArmTimer / CancelTimer) are not run: a successful handshake cancels every
      // one it arms, and no delivery is ever late here.
    }
  };

  for (std::size_t i = 0; i < n; ++i) {
    pairs[i].client.emplace(hosts.client, hosts.client_conn, hosts.profile);
    pairs[i].server.emplace(hosts.server, hosts.server_conn, hosts.profile);
    apply(i, kClient, pairs[i].client->on_established(true));
    apply(i, kServer, pairs[i].server->on_established(true));
  }
  for (;;) {
    if (!fifo.empty()) {
      Delivery d = std::move(fifo.front());
      fifo.pop_front();
      Pair& p = pairs[d.pair];
      if (d.to == kClient) apply(d.pair, kClient, p.client->on_bytes(d.bytes));
      else apply(d.pair, kServer, p.server->on_bytes(d.bytes));
      continue;
    }
    if (!link_ready.empty()) {
      // The first-contact Confirm Link request/response pair succeeds at once.
      std::vector<std::size_t> ready;
      ready.swap(link_ready);
      for (std::size_t i : ready) {
        Pair& p = pairs[i];
        ++r.link_setups;
        apply(i, kServer, p.server->on_link_confirmed());
        apply(i, kClient, p.client->on_link_confirmed());
        if (p.client->state() == ClientHandshake::State::WaitAddLink) apply(i, kClient, p.client->on_add_link_done());
      }
      continue;
    }
    break;
  }
  for (const auto& p : pairs)
    if (p.smc[kClient] && p.smc[kServer] && p.client->record().smcss_mode() == "SMCR" &&
        p.server->record().smcss_mode() == "SMCR")
      ++r.smcr_both;
  return r;
}

}  // namespace smc::bench
