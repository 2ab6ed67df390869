#include "hw/lab/scenario_translation.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

namespace smc::lab {
namespace {

using scenarios::AppSpec;
using scenarios::HostSpec;
using scenarios::Scenario;

std::optional<int> number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 0);
  if (*end != '\0') return std::nullopt;
  return static_cast<int>(v);
}

// A host's effective GID types: the scenario's, else the kind's default (scenario-format.md:
// erdma and rxe RoCEv2 only, others RoCEv1 and RoCEv2).
std::vector<std::string> gids_of(const scenarios::RnicSpec& r) {
  if (!r.gid_types.empty()) return r.gid_types;
  if (r.kind == "erdma" || r.kind == "rxe") return {"roce-v2"};
  return {"roce-v1", "roce-v2"};
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

const HostSpec* host_named(const Scenario& s, const std::string& name) {
  for (const auto& h : s.hosts)
    if (h.name == name) return &h;
  return nullptr;
}

// The host part of "server:5000", "10.0.0.2:5000" or "[::ffff:10.0.0.2]:5000".
std::string connect_host(const std::string& c) {
  if (!c.empty() && c[0] == '[') return c.substr(1, c.find(']') - 1);
  auto colon = c.rfind(':');
  return colon == std::string::npos ? c : c.substr(0, colon);
}

// Why a host's own setup is beyond the one-guest lab, or "".
std::string host_limits(const HostSpec& h) {
  if (!h.isms.empty()) return "host " + h.name + " has an ISM device: SMC-D is not available in the lab guest";
  if (!h.pnet.empty()) return "host " + h.name + " has pnet table entries: the lab does not set the pnet table";
  if (!h.bpf_policy.empty()) return "host " + h.name + " has a BPF handshake policy (6.18 hs_ctrl): the lab kernel is 6.12";
  if (h.syncookies) return "host " + h.name + " uses SYN cookies under a SYN flood: not generated in the lab";
  if (h.forwarding || !h.routes.empty()) return "host " + h.name + " routes: the lab's topologies are one on-link subnet";
  if (h.seid) return "host " + h.name + " has a SEID: s390 only";
  if (h.arch != "x86_64") return "host " + h.name + " is " + h.arch + ": the lab guest is x86_64";
  if (!h.profile.empty() && h.profile != kLabProfile)
    return "host " + h.name + " runs profile " + h.profile + ": the lab kernel is 6.12 on both hosts";
  int wired = 0;
  for (const auto& i : h.interfaces) {
    if (i.segment.empty()) continue;
    ++wired;
    if (i.vlan != 0 || !i.lower.empty()) return "host " + h.name + " uses a VLAN: not built in the lab";
    if (!i.pnetid.empty()) return "host " + h.name + " has a PNETID on " + i.name + ": the lab sets no pnet IDs";
  }
  if (wired != 1) return "host " + h.name + " has " + std::to_string(wired) + " wired interfaces: the lab gives each host one";
  for (const auto& r : h.rnics) {
    if (r.kind == "erdma") return "host " + h.name + " has an eRDMA device: not available in the lab";
    if (!r.port_up) return "host " + h.name + "'s RDMA port is down: rxe follows its netdev, which carries the TCP path";
    if (r.netns_mode != "shared") return "host " + h.name + " uses RDMA netns " + r.netns_mode + " mode: system-wide in one kernel";
    if (!r.limits.empty()) return "host " + h.name + " has RDMA device limits: rxe's are not configurable";
    if (!r.pnetid.empty()) return "host " + h.name + " has a PNETID on its RDMA device: the lab sets no pnet IDs";
    if (!has(gids_of(r), "roce-v2")) return "host " + h.name + "'s RDMA device has no RoCEv2 GID: rxe has RoCEv2 GIDs only";
  }
  if (h.rnics.size() > 1) return "host " + h.name + " has several RDMA devices: the lab gives each host one";
  return "";
}

std::string netns_of(const HostSpec& h) {
  for (const auto& i : h.interfaces)
    if (!i.segment.empty()) return i.netns;
  return "init";
}

bool host_v1_capable(const HostSpec& h) {
  for (const auto& r : h.rnics)
    if (has(gids_of(r), "roce-v1")) return true;
  return false;
}

}  // namespace

std::optional<int> sockopt_level(const std::string& name) {
  static const std::map<std::string, int> k{{"SOL_SOCKET", 1}, {"SOL_IP", 0}, {"SOL_TCP", 6},
                                            {"IPPROTO_TCP", 6}, {"SOL_IPV6", 41}, {"SOL_SMC", 286}};
  auto it = k.find(name);
  return it != k.end() ? std::optional<int>(it->second) : number(name);
}

std::optional<int> sockopt_name(const std::string& name) {
  // Linux's numbers (asm-generic/socket.h, linux/tcp.h, linux/in.h, linux/in6.h).
  static const std::map<std::string, int> k{
      {"SO_REUSEADDR", 2}, {"SO_SNDBUF", 7}, {"SO_RCVBUF", 8}, {"SO_KEEPALIVE", 9},
      {"TCP_NODELAY", 1}, {"TCP_CORK", 3}, {"TCP_KEEPIDLE", 4}, {"TCP_FASTOPEN", 23},
      {"TCP_FASTOPEN_CONNECT", 30}, {"IP_MULTICAST_LOOP", 34}, {"IPV6_MTU_DISCOVER", 23}};
  auto it = k.find(name);
  return it != k.end() ? std::optional<int>(it->second) : number(name);
}

LabTranslation translate_scenario(const Scenario& s, int port) {
  LabTranslation t;
  auto no = [&](const std::string& why) {
    t.unsupported = why;
    return t;
  };
  if (!s.backends.empty() && !has(s.backends, "kernel-lab")) return no("the scenario lists its backends without kernel-lab");
  if (!s.scripted_peers.empty()) return no("scripted peer: the lab runs only real Linux sockets");
  if (!s.middleboxes.empty()) return no("middlebox " + s.middleboxes[0].kind + ": not built in the lab");
  if (!s.faults.empty()) return no("fault " + s.faults[0].kind + ": not injected in the lab");

  for (const auto& h : s.hosts)
    if (auto why = host_limits(h); !why.empty()) return no(why);

  const AppSpec* server = nullptr;
  const AppSpec* client = nullptr;
  for (const auto& a : s.apps) {
    const AppSpec*& slot = a.role == "server" ? server : client;
    if (slot) return no("more than one " + a.role + " application: the lab runs one pair");
    slot = &a;
  }
  if (!server || !client) return no("the lab needs one client and one server application");
  const HostSpec* ch = host_named(s, client->host);
  const HostSpec* sh = host_named(s, server->host);
  if (!ch || !sh) return no("an application's host is missing");
  if (ch == sh) return no("client and server on one host: the lab's topologies put them on two");

  // Kernel-global state: one guest kernel holds one copy for both hosts. Different UEID
  // tables are run as kernel-lab.md did: swapped mid-handshake (see LabCase::server_ueids).
  std::vector<std::string> cu = ch->ueids, su = sh->ueids;
  std::sort(cu.begin(), cu.end());
  std::sort(su.begin(), su.end());
  bool swap_ueids = cu != su;
  auto cs = ch->sysctls, ss = sh->sysctls;
  std::sort(cs.begin(), cs.end());
  std::sort(ss.begin(), ss.end());
  if (cs != ss) return no("the hosts' sysctls differ: one guest kernel has one set");

  LabCase c;
  c.id = s.id;
  c.port = port;
  c.ueids = ch->ueids;
  if (swap_ueids) {
    c.server_ueids = sh->ueids;
    t.adaptations.push_back("UEID tables differ: the client's table while it builds the Proposal, the server's from 3 s "
                            "on, client->server delayed 2 s by netem until connect returns (kernel-lab.md)");
  }
  for (const auto& [k, v] : cs) {
    const std::string prefix = "net.smc.";
    if (k.rfind(prefix, 0) != 0) return no("sysctl " + k + ": the lab sets only net.smc.*");
    c.sysctls.emplace_back(k.substr(prefix.size()), v);
  }

  // SMC-Rv1 needs a RoCEv1 GID on both ends; rxe has none. Where a host has no UEID only v1
  // could be negotiated, so if both devices offer v1, rxe cannot stand in for them.
  bool any_rnic = !ch->rnics.empty() || !sh->rnics.empty();
  if ((ch->ueids.empty() || sh->ueids.empty()) && host_v1_capable(*ch) && host_v1_capable(*sh))
    return no("SMC-Rv1 (no UEID, RoCEv1 GID): rxe has RoCEv2 GIDs only");

  std::string cns = netns_of(*ch), sns = netns_of(*sh);
  for (const HostSpec* h : {ch, sh})
    for (const auto& r : h->rnics)
      if (r.netns != netns_of(*h)) return no("host " + h->name + "'s RDMA device is in another namespace than its netdev");
  if (!ch->rnics.empty() && !sh->rnics.empty()) {
    if (cns == "init" && sns == "init") c.topology = LabTopology::Rdma;
    else if (cns != "init" && sns != "init" && cns != sns) c.topology = LabTopology::RxeNetns;
    else return no("RDMA devices in namespaces " + cns + " / " + sns + ": not a lab topology");
    if (swap_ueids && c.topology != LabTopology::Rdma) return no("different UEID tables outside the rdma topology");
  } else if (ch->rnics.empty() && !sh->rnics.empty()) {
    if (swap_ueids) return no("different UEID tables with a client without device: the swap needs the rdma topology");
    c.topology = LabTopology::NoDevice;
  } else {
    return no(any_rnic ? "a server without an RDMA device: not a lab topology" : "no RDMA device on either host: not a lab topology");
  }

  // Applications.
  auto socket_of = [&](const AppSpec& a, const HostSpec& h, LabSocket& out) -> std::string {
    if (!h.smc_module || a.socket == "tcp") out = LabSocket::Tcp;
    else if (a.socket == "af_smc") out = LabSocket::AfSmc;
    else if (a.socket == "ipproto_smc") out = LabSocket::IpprotoSmc;
    else if (a.socket == "smc_run" && a.binary == "static") {
      out = LabSocket::Tcp;
      t.adaptations.push_back(a.name + ": smc_run cannot preload a static binary: a plain TCP socket");
    } else if (a.socket == "smc_run") {
      out = LabSocket::AfSmc;
      t.adaptations.push_back(a.name + ": smc_run's preload is an AF_SMC socket");
    } else {
      return a.name + " uses socket " + a.socket + ": not run by the lab agent";
    }
    if (!h.smc_module && a.socket != "tcp") t.adaptations.push_back(a.name + ": no SMC module on its host: a plain TCP socket");
    return "";
  };
  if (auto why = socket_of(*client, *ch, c.client_socket); !why.empty()) return no(why);
  if (auto why = socket_of(*server, *sh, c.server_socket); !why.empty()) return no(why);
  if (server->behaviour != "smc" && !(server->behaviour.empty()))
    return no("server behaviour " + server->behaviour + ": the lab's server echoes");
  if (!client->bind.empty() || !server->bind.empty()) return no("a bind address: the lab binds the topology's own");
  if (client->close != "after-data" || server->close != "after-data") return no("close = " + client->close + "/" + server->close + ": the lab closes after the data");
  c.server_ipv6 = server->family == "ipv6";
  std::string target = connect_host(client->connect);
  c.client_ipv6 = client->family == "ipv6" || target.find(':') != std::string::npos;
  // An IPv6 client reaching an IPv4 address: the v4-mapped form, as kernel-lab.md ran it.
  c.mapped = c.client_ipv6 && (target.rfind("::ffff:", 0) == 0 || (!c.server_ipv6 && target.find(':') == std::string::npos));
  c.connections = static_cast<int>(client->connections);
  c.concurrency = static_cast<int>(std::max<std::int64_t>(1, client->concurrency));
  c.bytes = client->send_bytes;
  c.chunk = std::max<std::int64_t>(1, client->chunk_bytes);
  c.fastopen = client->fastopen;
  if (c.bytes > 0 && !server->echo) t.adaptations.push_back(server->name + ": the lab's server echoes what it reads");
  for (const auto* a : {client, server}) {
    for (const auto& o : a->sockopts) {
      auto level = sockopt_level(o.level);
      auto name = sockopt_name(o.name);
      if (!level || !name) return no(a->name + " sets " + o.level + " " + o.name + ": not known to the lab");
      if (o.name.find("XFRM") != std::string::npos) return no(a->name + " sets " + o.name + ": the lab installs no IPsec policy");
      bool before = a == client ? o.when == "before-connect" : o.when == "before-listen";
      if (!before) return no(a->name + " sets " + o.name + " " + o.when + ": the lab sets options before connect/listen only");
      (a == client ? c.client_opts : c.server_opts).push_back(LabSockopt{*level, *name, static_cast<int>(o.value)});
    }
  }
  // Watchdog: kernel-lab.md's slowest healthy case (LLC timeout, 0x02010000) took ~5 s.
  c.timeout_s = 20 + 2 * c.connections;

  t.client_app = client->name;
  t.server_app = server->name;
  t.lab = c;

  // The scenario the simulator runs for the differential: the lab's devices and kernel.
  t.as_run = s;
  t.as_run.profile = kLabProfile;
  for (auto& h : t.as_run.hosts) {
    h.profile.clear();
    for (auto& r : h.rnics) {
      if (r.kind != "rxe" || gids_of(r) != std::vector<std::string>{"roce-v2"})
        t.adaptations.push_back("host " + h.name + ": " + r.kind + " " + r.name + " stood in for by rxe (RoCEv2 GIDs only)");
      r.kind = "rxe";
      r.gid_types = {"roce-v2"};
    }
  }
  if (s.profile != kLabProfile) t.adaptations.push_back(std::string("profile ") + s.profile + " compared at " + kLabProfile);
  return t;
}

}  // namespace smc::lab
