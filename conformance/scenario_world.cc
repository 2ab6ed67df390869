#include "conformance/scenario_world.h"

#include <algorithm>

#include <fmt/format.h>
#include <map>

#include "protocol/profile/kernel_profile.h"
#include "protocol/socket/socket_opening.h"
#include "protocol/sockopt/sockopt_support.h"

namespace smc::conformance {

using namespace smc::negotiation;
using smc::scenarios::AppSpec;
using smc::scenarios::HostSpec;
using smc::scenarios::Scenario;

namespace {

// The address type of the snapshot, whichever one negotiation/ uses at the moment.
using Ip = decltype(InterfaceAddress{}.address);

template <typename R>
Ip unwrap_ip(R r) {
  if constexpr (requires { r.has_value(); }) {
    return r.value_or(Ip{});
  } else {
    return r;
  }
}
Ip parse_ip(const std::string& text) { return unwrap_ip(Ip::parse(text)); }

struct Prefixed {
  Ip address;
  std::uint8_t len = 32;
  bool v6 = false;
};

Prefixed parse_prefixed(const std::string& text) {
  Prefixed p;
  auto slash = text.find('/');
  std::string addr = text.substr(0, slash);
  p.v6 = addr.find(':') != std::string::npos;
  p.address = parse_ip(addr);
  p.len = static_cast<std::uint8_t>(slash == std::string::npos ? (p.v6 ? 128 : 32) : std::stoi(text.substr(slash + 1)));
  return p;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

std::optional<std::int64_t> sysctl(const HostSpec& h, const std::string& name) {
  for (const auto& [k, v] : h.sysctls)
    if (k == name || k == "net.smc." + name) return std::stoll(v);
  return std::nullopt;
}

HostSnapshot snapshot_of(const HostSpec& h, std::size_t index) {
  HostSnapshot snap;
  snap.host_id = h.name;
  snap.hostname = h.name;
  snap.system_id = {0xa1, 0xb2, 0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(index + 1)};
  snap.smc_module_loaded = h.smc_module;
  snap.seid_enabled = h.seid.has_value() || h.arch == "s390x";
  if (h.seid) snap.seid = *h.seid;
  snap.ueids = h.ueids;
  for (const auto& i : h.interfaces) {
    NetDevice d;
    d.name = i.name;
    for (const auto& a : i.addresses) {
      auto p = parse_prefixed(a);
      d.addresses.push_back(InterfaceAddress{p.address, p.len});
    }
    d.lower = i.lower;
    d.vlan_id = static_cast<std::uint16_t>(i.vlan);
    d.pnetid = i.pnetid;
    d.netns = i.netns;
    snap.netdevs.push_back(d);
  }
  for (const auto& r : h.routes) {
    Route rt;
    if (r.to == "default") {
      rt.destination = Ip::v4(0, 0, 0, 0);
      rt.prefix_len = 0;
    } else {
      auto p = parse_prefixed(r.to);
      rt.destination = p.address;
      rt.prefix_len = p.len;
    }
    if (!r.via.empty()) {
      rt.gateway = parse_ip(r.via);
      rt.gateway_is_v6 = r.via.find(':') != std::string::npos && r.to.find(':') == std::string::npos;
    }
    rt.unreachable = r.unreachable;
    rt.device = r.dev.empty() && !h.interfaces.empty() ? h.interfaces.front().name : r.dev;
    snap.routes.push_back(rt);
  }
  std::uint8_t ordinal = 0;  // the device's place on its host: distinct MACs and RoCEv1 GIDs
  for (const auto& n : h.rnics) {
    ++ordinal;
    RdmaDevice dev;
    dev.name = n.name;
    dev.netns = n.netns;
    if (n.netns_mode == "exclusive") snap.rdma_netns_exclusive = true;
    RdmaPort port;
    port.active = n.port_up;
    port.netdev = n.netdev;
    port.pnetid = n.pnetid;
    port.mac = {0x02, 0, 0, 0, static_cast<std::uint8_t>(index + 1), ordinal};
    std::vector<std::string> types = n.gid_types;
    if (types.empty()) types = n.kind == "erdma" ? std::vector<std::string>{"roce-v2"}
                                                 : std::vector<std::string>{"roce-v1", "roce-v2"};
    for (const auto& t : types) {
      if (t == "roce-v1") {
        port.gids.push_back(GidEntry{GidType::RoceV1, parse_ip(fmt::format("fe80::ff:fe{:02x}:{:x}", ordinal - 1, index + 1)), n.netdev});
      } else {
        // A RoCEv2 GID per address of the port's netdev (and of VLAN devices above it).
        for (const auto& i : h.interfaces) {
          if (i.name != n.netdev && i.lower != n.netdev) continue;
          for (const auto& a : i.addresses) {
            auto p = parse_prefixed(a);
            if (!p.v6 || !starts_with(a, "fe80")) port.gids.push_back(GidEntry{GidType::RoceV2, p.address, i.name});
          }
        }
      }
    }
    dev.ports.push_back(port);
    snap.rdma.push_back(dev);
  }
  for (const auto& m : h.isms) {
    IsmDevice d;
    d.name = m.name;
    d.loopback = m.kind == "loopback-ism";
    d.gid = m.gid ? static_cast<std::uint64_t>(*m.gid) : 0x1000 + index;
    d.chid = static_cast<std::uint16_t>(m.chid);
    d.v2_capable = m.version == 2;
    d.pnetid = m.pnetid;
    d.vlan_table_full = m.vlan_slots == 0;
    snap.ism.push_back(d);
  }
  for (const auto& p : h.pnet) {
    for (auto& d : snap.netdevs)
      if (d.name == p.netdev) d.pnetid = p.pnetid;
    for (auto& d : snap.rdma)
      if (d.name == p.device)
        for (auto& port : d.ports) port.pnetid = p.pnetid;
    for (auto& d : snap.ism)
      if (d.name == p.device) d.pnetid = p.pnetid;
  }
  if (auto v = sysctl(h, "limit_smc_hs")) snap.sysctls.limit_smc_hs = *v != 0;
  if (auto v = sysctl(h, "smcr_max_conns_per_lgr")) snap.sysctls.max_conns_per_lgr = static_cast<std::uint8_t>(*v);
  if (auto v = sysctl(h, "smcr_max_links_per_lgr")) snap.sysctls.max_links_per_lgr = static_cast<std::uint8_t>(*v);
  return snap;
}

// ISM reachability is the "can talk" query the world answers: loopback-ism reaches only its
// own host, a real ISM every ISM with the same CHID.
void fill_ism_reach(std::vector<HostSnapshot>& hosts) {
  for (auto& h : hosts)
    for (auto& d : h.ism) {
      d.reachable_gids.clear();
      for (const auto& other : hosts)
        for (const auto& o : other.ism) {
          bool same_host = &other == &h;
          if (d.loopback ? (same_host && o.loopback) : (!o.loopback && o.chid == d.chid)) d.reachable_gids.push_back(o.gid);
        }
    }
}

// The address an app's socket uses on a host: bind, else the first address of the family.
std::optional<Ip> host_address(const HostSpec& h, bool v6, const std::string& bind) {
  if (!bind.empty()) return parse_ip(bind);
  for (const auto& i : h.interfaces)
    for (const auto& a : i.addresses) {
      auto p = parse_prefixed(a);
      if (p.v6 == v6 && !(v6 && starts_with(a, "fe80"))) return p.address;
    }
  for (const auto& i : h.interfaces)
    for (const auto& a : i.addresses)
      if (parse_prefixed(a).v6 == v6) return parse_prefixed(a).address;
  return std::nullopt;
}

const AppSpec* find_server_app(const Scenario& s, const std::string& host, std::int64_t port) {
  for (const auto& a : s.apps)
    if (a.role == "server" && a.host == host && a.port == port) return &a;
  return nullptr;
}

// The level and number of a scenario's socket option: a name from the §7.2 table, or
// "LEVEL" + a number ("SOL_IP" / "23") for an option the table does not name.
std::optional<std::pair<int, int>> sockopt_number(const scenarios::SockoptSpec& o) {
  if (const auto* row = sockopt::find_row(o.name)) return std::make_pair(row->level, row->optname);
  int level = o.level == "SOL_SOCKET" ? sockopt::kSolSocket
              : o.level == "SOL_TCP"  ? sockopt::kSolTcp
              : o.level == "SOL_IP"   ? sockopt::kSolIp
              : o.level == "SOL_IPV6" ? sockopt::kSolIpv6
              : o.level == "SOL_SMC"  ? sockopt::kSolSmc
                                      : -1;
  if (level < 0 || o.name.empty() || o.name.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::make_pair(level, std::stoi(o.name));
}

// socket(), the options set on it and MSG_FASTOPEN, as the app's kernel decides them.
Result<socket::SocketOpening, std::string> open_app_socket(const AppSpec& a, const HostSpec& h,
                                                           const std::string& profile_name) {
  socket::SocketRequest r;
  auto api = socket::socket_api_from_string(a.socket);
  if (!api) return smc::unexpected("socket '" + a.socket + "' of app '" + a.name + "'");
  r.api = *api;
  r.static_binary = a.binary == "static";
  r.smc_module_loaded = h.smc_module;
  r.tcp2smc_sysctl = sysctl(h, "tcp2smc").value_or(0) != 0;
  r.listener = a.role == "server";
  r.msg_fastopen = a.fastopen;
  for (const auto& o : a.sockopts) {
    if (o.name == "IP_XFRM_POLICY" || o.name == "IPV6_XFRM_POLICY") continue;  // the IPsec check (C3/S4)
    auto num = sockopt_number(o);
    if (!num) return smc::unexpected("sockopt '" + o.name + "' of app '" + a.name + "'");
    socket::SocketOptionCall call;
    call.level = num->first;
    call.optname = num->second;
    call.when = o.when == "after-connect" ? sockopt::When::AfterConnectOrListen : sockopt::When::BeforeConnectOrListen;
    call.label = o.level + " " + o.name;
    r.options.push_back(call);
  }
  auto profile = profile::profile_by_name(profile_name);
  if (!profile) return smc::unexpected("unknown kernel profile '" + profile_name + "'");
  return socket::open_socket(*profile, r);
}

// A host's SMC handshake policy (6.18 BPF `hs_ctrl`, Anolis negotiator BPF) for a connection
// to `peer`: does it forbid the SYN option (client) or the SYN-ACK option (server)? Keys:
// syn_option, synack_option (0 = forbid), peer (a prefix the policy is limited to: the seed's
// "disable SMC on the problematic link").
struct HsPolicy {
  bool no_syn_option = false;
  bool no_synack_option = false;
};

Result<HsPolicy, std::string> hs_policy_for(const HostSpec& h, const Ip& peer) {
  HsPolicy p;
  if (h.bpf_policy.empty()) return p;
  std::string limit;
  for (const auto& [k, v] : h.bpf_policy)
    if (k == "peer") limit = v;
  if (!limit.empty()) {
    auto pre = parse_prefixed(limit);
    auto in = IpPrefix{pre.address, pre.len};
    if (!in.contains(peer)) return p;
  }
  for (const auto& [k, v] : h.bpf_policy) {
    if (k == "syn_option") p.no_syn_option = v == "0";
    else if (k == "synack_option") p.no_synack_option = v == "0";
    else if (k != "peer") return smc::unexpected("host '" + h.name + "': bpf key '" + k + "'");
  }
  return p;
}

void apply_ipsec(const AppSpec& a, ConnectionContext& conn) {
  for (const auto& o : a.sockopts)
    if (o.name == "IP_XFRM_POLICY" || o.name == "IPV6_XFRM_POLICY") conn.ipsec_policy = o.value != 0;
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
      // RDMA resource limits of 0 and resource faults: where the kernel meets them decides
      // the code and who declines (§12 rows 1–3, 66, 67, 69, 70).
      auto on_host = [](const scenarios::FaultSpec& f, const std::string& host) {
        return f.target == host || f.target.rfind(host + "/", 0) == 0;
      };
      for (const auto& dev : s.hosts[*si].rnics)
        for (const auto& [k, v] : dev.limits) {
          if ((k == "max_qp" || k == "max_cq") && v == "0") cs.server_setup.rdma_v1 = cs.server_setup.rdma_v2 = DeclineCode::InternalError;
          if ((k == "max_mr" || k == "max_mr_size") && v == "0") cs.server_setup.rdma_v1 = cs.server_setup.rdma_v2 = DeclineCode::Mem;
        }
      // A full DMB table: the server's SMC-D buffer creation finds no slot (0x030d0000, row 62).
      for (const auto& m : s.hosts[*si].isms)
        if (m.dmb_slots == 0) cs.server_setup.ism_v1 = cs.server_setup.ism_v2 = DeclineCode::MaxDmb;
      for (const auto& dev : s.hosts[*ci].rnics)
        for (const auto& [k, v] : dev.limits) {
          if ((k == "max_qp" || k == "max_cq") && v == "0") cs.link_failures.client_confirm = DeclineCode::InternalError;
          if ((k == "max_mr" || k == "max_mr_size") && v == "0") cs.link_failures.client_confirm = DeclineCode::Mem;
        }
      // rxe sends and routes only in the initial network namespace (kernel-lab.md, 6.1 and
      // 6.12): an rxe device moved into another namespace is found and chosen, but nothing
      // it sends arrives, so the first-contact LLC exchange is lost.
      for (std::size_t h : {*ci, *si})
        for (const auto& dev : s.hosts[h].rnics)
          if (dev.kind == "rxe" && dev.netns != "init") cs.rdma_works = false;
      for (const auto& f : s.faults) {
        if (f.kind == "alloc-fail" || f.kind == "qp-create-fail" || f.kind == "qp-modify-fail" || f.kind == "mr-reg-fail") {
          DeclineCode code = f.kind == "alloc-fail" ? DeclineCode::Mem
                             : f.kind == "qp-create-fail"  ? DeclineCode::InternalError
                             : f.kind == "qp-modify-fail"  ? DeclineCode::ReadyLinkError
                                                           : DeclineCode::RegisterBufferError;
          if (on_host(f, cs.client_host)) {
            if (f.kind == "mr-reg-fail") return smc::unexpected("fault 'mr-reg-fail' on the client");
            cs.link_failures.client_confirm = code;
            cs.link_failures.client_smcd_too = f.kind == "alloc-fail";
          }
          if (on_host(f, cs.server_host)) {  // both, on a host the two ends share
            // The server allocates buffers and creates its QP while it looks for a device
            // (S9, before the Accept); it registers the RMB after the Confirm (S13).
            if (f.kind == "mr-reg-fail" || f.kind == "qp-modify-fail") cs.link_failures.server_confirm = code;
            else cs.server_setup.rdma_v1 = cs.server_setup.rdma_v2 = code;
            // Buffers fail for SMC-D as well (§5 0x01010000, server trigger 2).
            if (f.kind == "alloc-fail") cs.server_setup.ism_v1 = cs.server_setup.ism_v2 = code;
          }
          continue;
        }
        if (f.kind == "rdma-blackhole") cs.rdma_works = false;
        else if (f.kind == "route-vanish") {
          // On a host both ends share, the route vanishes for both sockets.
          if (on_host(f, cs.server_host)) cs.server_conn.vlan_lookup_fails = true;
          if (on_host(f, cs.client_host)) cs.client_conn.vlan_lookup_fails = true;
        }
        else return smc::unexpected("fault '" + f.kind + "'");
      }
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
  return w;
}

}  // namespace smc::conformance
