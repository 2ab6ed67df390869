#include "conformance/scenario_world.h"

#include <algorithm>

#include <fmt/format.h>
#include <map>

#include "conformance/scenario_faults.h"
#include "conformance/scenario_lifecycle.h"
#include "conformance/scenario_network.h"
#include "conformance/scenario_snapshot.h"
#include "conformance/scenario_socket.h"
#include "protocol/profile/kernel_profile.h"
#include "protocol/socket/socket_opening.h"

namespace smc::conformance {

using namespace smc::negotiation;
using smc::scenarios::AppSpec;
using smc::scenarios::HostSpec;
using smc::scenarios::Scenario;
using Ip = ScenarioIp;

namespace {

const AppSpec* find_server_app(const Scenario& s, const std::string& host, std::int64_t port) {
  for (const auto& a : s.apps)
    if (a.role == "server" && a.host == host && a.port == port) return &a;
  return nullptr;
}

Result<std::vector<world::ScriptStep>, std::string> script_steps(const scenarios::ScriptedPeerSpec& p) {
  std::vector<world::ScriptStep> out;
  for (const auto& st : p.steps) {
    world::ScriptStep w;
    using A = world::ScriptStep::Action;
    w.action = st.action == "expect"     ? A::Expect
               : st.action == "send"     ? A::Send
               : st.action == "send-raw" ? A::SendRaw
               : st.action == "silent"   ? A::Silent
               : st.action == "close"    ? A::Close
                                         : A::Reset;
    w.at_ns = st.at_ns;
    w.message = st.message;
    if ((w.action == A::Expect || w.action == A::Send) && !world::clc_kind_from_string(st.message))
      return smc::unexpected("peer '" + p.name + "': message '" + st.message + "' (proposal, accept, confirm, decline)");
    w.fields = st.fields;
    if (w.action == A::SendRaw && !wire::parse_hex(st.hex, w.raw))
      return smc::unexpected("peer '" + p.name + "': 'hex' is not hexadecimal");
    w.duration_ns = st.duration_ns.value_or(0);
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

Result<world::WorldSetup, std::string> build_world_setup(const Scenario& original) {
  world::WorldSetup w;
  w.seed = original.seed;
  w.duration_ns = original.duration_ns;
  // A scripted peer takes an application's place in the pairing of clients and servers;
  // its connections are then handed to the script instead of the engine.
  Scenario s = original;
  std::map<std::string, const scenarios::ScriptedPeerSpec*> peers;
  for (const auto& p : original.scripted_peers) {
    AppSpec a;
    a.name = p.name;
    a.host = p.host;
    a.role = p.role;
    a.port = p.port;
    a.connect = p.connect;
    s.apps.push_back(a);
    peers[p.name] = &p;
  }
  std::vector<HostSnapshot> snaps;
  for (std::size_t i = 0; i < s.hosts.size(); ++i) snaps.push_back(snapshot_of(s.hosts[i], i));
  // Anolis with eRDMA reserves ports 65500–65515 for its out-of-band connections in the
  // namespace of the device when the module loads (the seed's "ports become unusable"). If an
  // application already holds one of them, the module cannot use the eRDMA devices (§12 row 76):
  // they are not SMC devices for this host.
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const std::string& pn = s.hosts[i].profile.empty() ? s.profile : s.hosts[i].profile;
    auto kp = profile::profile_by_name(pn);
    if (!kp || !kp->features.reserved_oob_ports) continue;
    bool busy = false;
    for (const auto& a : s.apps)
      if (a.host == s.hosts[i].name && a.port >= 65500 && a.port <= 65515) busy = true;
    if (!busy) continue;
    std::erase_if(snaps[i].rdma, [&](const RdmaDevice& d) {
      for (const auto& n : s.hosts[i].rnics)
        if (n.name == d.name && n.kind == "erdma") return true;
      return false;
    });
  }
  fill_ism_reach(snaps);
  auto host_index = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < s.hosts.size(); ++i)
      if (s.hosts[i].name == name) return i;
    return std::nullopt;
  };
  std::int64_t delay = s.segments.empty() ? 10'000 : s.segments.front().delay_ns;

  for (const auto& c : s.apps) {
    if (c.role != "client") continue;
    auto colon = c.connect.rfind(':');
    std::string target = c.connect.substr(0, colon);
    std::int64_t port = colon == std::string::npos ? 0 : std::stoll(c.connect.substr(colon + 1));
    if (!target.empty() && target.front() == '[') target = target.substr(1, target.size() - 2);
    bool v6 = c.family == "ipv6";
    // The server: by host name, else the host owning the address.
    std::optional<std::size_t> si = host_index(target);
    std::optional<Ip> peer_ip;
    if (!si) {
      peer_ip = parse_ip(target);
      for (std::size_t i = 0; i < s.hosts.size() && !si; ++i)
        for (const auto& itf : s.hosts[i].interfaces)
          for (const auto& a : itf.addresses)
            if (parse_prefixed(a).address == peer_ip->unmapped()) si = i;
    }
    auto ci = host_index(c.host);
    if (!si || !ci) return smc::unexpected("client '" + c.name + "' connects to an unknown host '" + target + "'");
    const AppSpec* srv = find_server_app(s, s.hosts[*si].name, port);
    if (!srv) return smc::unexpected("no server app listens on " + c.connect);
    if (!peer_ip) peer_ip = host_address(s.hosts[*si], v6, srv->bind);
    // An AF_INET6 socket talking to ::ffff:a.b.c.d uses the mapped form of its IPv4 source.
    auto local_ip = peer_ip->is_v4_mapped() ? host_address(s.hosts[*ci], false, c.bind) : host_address(s.hosts[*ci], v6, c.bind);
    if (local_ip && peer_ip->is_v4_mapped()) local_ip = local_ip->mapped_v6();
    if (!peer_ip || !local_ip) return smc::unexpected("client '" + c.name + "': no address of its family");

    for (std::int64_t n = 1; n <= c.connections; ++n) {
      world::ConnectionSetup cs;
      cs.client_app = c.name;
      cs.server_app = srv->name;
      cs.client_host = c.host;
      cs.server_host = srv->host;
      cs.index = static_cast<int>(n);
      cs.server_port = static_cast<std::uint16_t>(port);
      cs.client = snaps[*ci];
      cs.server = snaps[*si];
      cs.client_conn.family = v6 ? SocketFamily::Inet6 : SocketFamily::Inet;
      cs.client_conn.local = *local_ip;
      cs.client_conn.peer = *peer_ip;
      cs.server_conn = cs.client_conn;
      std::swap(cs.server_conn.local, cs.server_conn.peer);
      const std::string& cp = s.hosts[*ci].profile.empty() ? s.profile : s.hosts[*ci].profile;
      const std::string& sp = s.hosts[*si].profile.empty() ? s.profile : s.hosts[*si].profile;
      cs.client_profile = EngineProfile::by_name(cp);
      cs.server_profile = EngineProfile::by_name(sp);
      auto client_sock = open_app_socket(c, s.hosts[*ci], cp);
      if (!client_sock) return smc::unexpected(client_sock.error());
      auto server_sock = open_app_socket(*srv, s.hosts[*si], sp);
      if (!server_sock) return smc::unexpected(server_sock.error());
      cs.client_smc = client_sock->kind == socket::SocketKind::Smc && !client_sock->active_no_smc;
      cs.server_smc = server_sock->kind == socket::SocketKind::Smc && !server_sock->active_no_smc;
      if (client_sock->kind == socket::SocketKind::Failed) cs.client_socket_errno = client_sock->socket_errno;
      if (client_sock->kind == socket::SocketKind::FellBackEarly || client_sock->active_no_smc) {
        socket::SmcSocketRecord early;
        early.switch_to_fallback(client_sock->early_code.value_or(DeclineCode::ActiveFallback));
        // Linux leaves the SMC socket in INIT (the descriptor moved to TCP); Anolis's inet-SMC
        // "no SMC" socket connects as TCP and is ACTIVE.
        early.set_state(client_sock->active_no_smc ? socket::SocketState::Active : socket::SocketState::Init);
        cs.client_early_record = early;
      }
      // Handshake policies: a client policy without the SYN option (6.18 hs_ctrl) makes both
      // sides see a SYN without it (§12 rows 14); Anolis's negotiator puts the client socket
      // into "no SMC" (0x03010001, row 19). A server policy without the SYN-ACK option, and a
      // server answering with SYN cookies (row 12), leave the server without the SYN's
      // option as well: both sides 0x03010000.
      auto cpol = hs_policy_for(s.hosts[*ci], *peer_ip);
      if (!cpol) return smc::unexpected(cpol.error());
      auto spol = hs_policy_for(s.hosts[*si], *local_ip);
      if (!spol) return smc::unexpected(spol.error());
      const auto ckp = profile::profile_by_name(cp).value_or(profile::KernelProfile{});
      const auto skp = profile::profile_by_name(sp).value_or(profile::KernelProfile{});
      if (cpol->no_syn_option && cs.client_smc) {
        if (ckp.features.negotiator_bpf) {
          socket::SmcSocketRecord rec;
          rec.switch_to_fallback(DeclineCode::ActiveFallback);
          rec.set_state(socket::SocketState::Active);
          cs.client_early_record = rec;
          cs.client_smc = false;
        } else if (ckp.features.bpf_hs_ctrl) {
          cs.strip_syn = true;
        } else {
          return smc::unexpected("host '" + c.host + "': kernel profile " + cp + " has no SMC handshake BPF policy");
        }
      }
      if (spol->no_synack_option) {
        if (!skp.features.bpf_hs_ctrl)
          return smc::unexpected("host '" + srv->host + "': kernel profile " + sp + " has no SMC handshake BPF policy");
        cs.strip_syn = true;
      }
      if (s.hosts[*si].syncookies) cs.strip_syn = true;
      apply_ipsec(c, cs.client_conn);
      apply_ipsec(*srv, cs.server_conn);
      if (server_sock->kind == socket::SocketKind::Failed)
        return smc::unexpected("server app '" + srv->name + "': socket() fails (" + server_sock->why + ")");
      if (server_sock->kind == socket::SocketKind::FellBackEarly) {
        cs.plain_peer = world::PlainPeer::NeverReads;
      } else if (!cs.server_smc) {
        if (srv->echo) cs.plain_peer = world::PlainPeer::Echoes;
        else if (srv->behaviour == "silent") cs.plain_peer = world::PlainPeer::Silent;
        else if (srv->behaviour == "own-protocol" || srv->behaviour == "speaks-first")
          cs.plain_peer = world::PlainPeer::RepliesData;
        else cs.plain_peer = world::PlainPeer::Closes;
      }
      cs.send_bytes = c.send_bytes;
      cs.server_echo = srv->echo;  // PlainPeer::Echoes relies on it
      cs.one_way_delay_ns = delay;
      // Connections of one app follow each other 1 ms apart (no link group reuse yet).
      cs.start_ns = c.start_ns.value_or(0) + (n - 1) * 1'000'000;
      for (const auto& m : s.middleboxes) {
        if (m.kind == "strip-smc-option") {
          if (m.direction == "syn" || m.direction == "both" || m.direction == "client-to-server") cs.strip_syn = true;
          if (m.direction == "syn-ack" || m.direction == "both" || m.direction == "server-to-client") cs.strip_synack = true;
        } else if (m.kind == "echo-syn-options") {
          cs.echo_option = true;
        } else if (m.kind == "drop-smc-syn") {
          cs.drop_smc_syn = true;
        } else if (m.kind == "drop" && m.direction == "client-to-server") {
          cs.drop_client_data = true;
        } else {
          return smc::unexpected("middlebox '" + m.kind + "' (direction " + m.direction + ")");
        }
      }
      if (auto bad = apply_connection_faults(s, s.hosts[*ci], s.hosts[*si], cs)) return smc::unexpected(*bad);
      apply_app_close(c, *srv, cs);  // lifecycle: conformance/scenario_lifecycle.h
      auto client_peer = peers.find(cs.client_app);
      auto server_peer = peers.find(cs.server_app);
      if (client_peer != peers.end() && server_peer != peers.end())
        return smc::unexpected("scripted peers on both ends of a connection");
      if (client_peer != peers.end() || server_peer != peers.end()) {
        bool is_client = client_peer != peers.end();
        const auto& spec = *(is_client ? client_peer : server_peer)->second;
        auto steps = script_steps(spec);
        if (!steps) return smc::unexpected(steps.error());
        world::ScriptedSide side;
        side.is_client = is_client;
        side.name = spec.name;
        side.steps = std::move(*steps);
        side.host = is_client ? cs.client : cs.server;
        side.conn = is_client ? cs.client_conn : cs.server_conn;
        side.profile = is_client ? cs.client_profile : cs.server_profile;
        cs.scripted = std::move(side);
        if (is_client) cs.client_early_record.reset();
        else cs.plain_peer = world::PlainPeer::None;
      }
      w.connections.push_back(std::move(cs));
    }
  }
  if (auto bad = apply_network(s, w)) return smc::unexpected(*bad);
  return w;
}

}  // namespace smc::conformance
