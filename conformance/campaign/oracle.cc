#include "conformance/campaign/oracle.h"

#include <cstdio>
#include <optional>

#include "protocol/ports/ip_address.h"

namespace smc::conformance::campaign {

using namespace smc::scenarios;
using ports::IpAddress;
using ports::IpPrefix;

namespace {

// Codes by their reference names (fallback-causes.md §4), written here once more on purpose:
// the oracle must not share its vocabulary's values with the engine it judges.
constexpr std::uint32_t kPeerNoSmc = 0x03010000, kIpsec = 0x03020000, kNoSmcDev = 0x03030000,
                        kNoSmcDDev = 0x03030001, kNoSmcRDev = 0x03030002, kNoIsm2 = 0x03030003,
                        kNoSmcD2Dev = 0x03030007, kNoUeid = 0x03030008, kCnfErr = 0x03000000,
                        kDiffPrefix = 0x03070000, kGetVlan = 0x03080000, kIsmVlan = 0x03090000,
                        kNoRoute = 0x030e0000, kNoIndirect = 0x030f0000, kTimeoutCl = 0x02010000,
                        kVersMismat = 0x030c0000;

std::string tcp(std::uint32_t code) {
  char b[32];
  std::snprintf(b, sizeof b, "TCP 0x%08x", code);
  return b;
}
std::string peer_declined(std::uint32_t code) {
  char b[40];
  std::snprintf(b, sizeof b, "TCP 0x05000000/0x%08x", code);
  return b;
}

const HostSpec* host_named(const Scenario& s, const std::string& name) {
  for (const auto& h : s.hosts)
    if (h.name == name) return &h;
  return nullptr;
}

bool smc_socket(const AppSpec& a, const HostSpec& h) {
  if (!h.smc_module || a.socket == "tcp") return false;
  return !(a.socket == "smc_run" && a.binary == "static");  // the preload never sees a static binary
}

bool has_xfrm_policy(const AppSpec& a) {
  for (const auto& o : a.sockopts)
    if ((o.name == "IP_XFRM_POLICY" || o.name == "IPV6_XFRM_POLICY") && o.value != 0) return true;
  return false;
}

// "linux-5.10" → (5, 10); vendor kernels by their base version.
std::pair<int, int> kernel_version(const std::string& profile) {
  auto dash = profile.find('-');
  int major = 0, minor = 0;
  if (dash != std::string::npos) std::sscanf(profile.c_str() + dash + 1, "%d.%d", &major, &minor);
  return {major, minor};
}
bool before(const std::string& profile, int major, int minor) {
  auto [a, b] = kernel_version(profile);
  return a < major || (a == major && b < minor);
}

std::string profile_of(const Scenario& s, const HostSpec& h) { return h.profile.empty() ? s.profile : h.profile; }

bool has_v2_ism(const HostSpec& h) {
  for (const auto& m : h.isms)
    if (m.kind == "loopback-ism" || m.version == 2) return true;
  return false;
}

bool ism_reaches(const HostSpec& a, const HostSpec& b) {
  for (const auto& x : a.isms)
    for (const auto& y : b.isms) {
      if (x.kind == "loopback-ism" || y.kind == "loopback-ism") {
        if (x.kind == y.kind && a.name == b.name) return true;
      } else if (x.chid == y.chid) {
        return true;
      }
    }
  return false;
}

std::optional<IpPrefix> eth0_v4(const HostSpec& h) {
  for (const auto& i : h.interfaces)
    if (i.name == "eth0" && i.vlan == 0)
      for (const auto& a : i.addresses)
        if (auto p = IpPrefix::parse(a); p && p->address.is_v4()) return p;
  return std::nullopt;
}

bool rnic_v1_ready(const HostSpec& h) {
  for (const auto& n : h.rnics) {
    bool v1_gid = n.gid_types.empty() ? n.kind != "erdma" : false;
    for (const auto& g : n.gid_types) v1_gid = v1_gid || g == "roce-v1";
    if (n.netdev == "eth0" && n.port_up && v1_gid && n.pnetid.empty() && n.netns_mode == "shared") return true;
  }
  return false;
}

bool plain_network(const HostSpec& h) {
  if (!h.pnet.empty()) return false;
  for (const auto& i : h.interfaces)
    if (!i.pnetid.empty()) return false;
  return true;
}

bool specific_route_covers(const HostSpec& h, const IpAddress& a) {
  for (const auto& r : h.routes) {
    if (r.to == "default") continue;
    auto p = IpPrefix::parse(r.to);
    if (!p || p->contains(a)) return true;
  }
  return false;
}

// §12 rows 0a/0b: the baseline pair B (or a superset of it whose extra devices cannot take
// the connection elsewhere): SMC-R v1 at least is certain, SMC-Rv2 or SMC-D may come first.
bool baseline_pair(const Scenario& s, const AppSpec& cli, const AppSpec& srv, const HostSpec& ch, const HostSpec& sh) {
  if (ch.name == sh.name || cli.family != "ipv4" || !cli.bind.empty() || !srv.bind.empty()) return false;
  if (profile_of(s, ch).rfind("linux-", 0) != 0 || profile_of(s, sh).rfind("linux-", 0) != 0) return false;
  auto cp = eth0_v4(ch), sp = eth0_v4(sh);
  if (!cp || !sp || cp->length != sp->length || !cp->contains(sp->address)) return false;
  std::string target = cli.connect.substr(0, cli.connect.rfind(':'));
  if (target != sh.name && target != sp->address.to_string()) return false;
  if (specific_route_covers(ch, sp->address) || specific_route_covers(sh, cp->address)) return false;
  return rnic_v1_ready(ch) && rnic_v1_ready(sh) && plain_network(ch) && plain_network(sh);
}

// The world's route lookup as the reference describes it: a connected prefix of an interface,
// an explicit route, or (IPv4) a default route. Without one, C5's VLAN lookup fails.
bool has_route(const HostSpec& h, const std::string& peer) {
  auto a = IpAddress::parse(peer);
  if (!a) return true;  // a host name: the oracle cannot tell, assume the route exists
  for (const auto& i : h.interfaces)
    for (const auto& x : i.addresses)
      if (auto p = IpPrefix::parse(x); p && p->contains(*a)) return true;
  for (const auto& r : h.routes) {
    if (r.to == "default") {
      if (a->unmapped().is_v4()) return true;
      continue;
    }
    if (auto p = IpPrefix::parse(r.to); p && p->contains(*a)) return true;
  }
  return false;
}

// The address a client connects to: the server's first address of the family, or the one named.
std::string peer_address(const AppSpec& cli, const HostSpec& sh) {
  std::string target = cli.connect.substr(0, cli.connect.rfind(':'));
  if (!target.empty() && target.front() == '[') return target.substr(1, target.size() - 2);
  if (target != sh.name) return target;
  bool v6 = cli.family == "ipv6";
  for (const auto& i : sh.interfaces)
    for (const auto& x : i.addresses)
      if (auto p = IpPrefix::parse(x); p && p->address.is_v4() != v6 && !(v6 && p->address.is_link_local()))
        return p->address.to_string();
  return {};
}

bool client_has_no_device(const HostSpec& h) {
  if (!h.isms.empty()) return false;
  for (const auto& n : h.rnics)
    if (n.port_up) return false;
  return true;
}

}  // namespace

OracleVerdict reference_outcomes(const Scenario& s, const AppSpec& cli, const AppSpec& srv);

std::string client_view(const world::ConnectionOutcome& c) {
  if (c.client_done_ns < 0 && !c.client_errno) return "pending";
  return c.client_mode();
}

std::string server_view(const world::ConnectionOutcome& c) {
  if (c.server_dropped) return "dropped";
  if (c.server_done_ns < 0) return "pending";
  return c.server_mode();
}

namespace {

// Network faults on the connection's path (conformance/scenario_network.cc: a segment's fault
// acts on every cable of that segment, a host's on the host's cables; loopback has none).
// One lost packet costs TCP one retransmission (RTO 200 ms after an RTT sample, 1 s for a
// SYN), well inside every handshake timer (CLC 2 s, LLC 2 s): the outcome is the one without
// the fault. Two lost packets may be one segment and its retransmission after a SYN-ACK loss
// (RTO then 3 s, beyond the CLC timer), random loss may hit anything, a partition or a link
// down may outlast any timer: those the scenario does not decide.
const char* undecided_by_network(const Scenario& s, const HostSpec& ch, const HostSpec& sh) {
  if (ch.name == sh.name) return nullptr;
  for (const auto& f : s.faults) {
    const std::string host = f.target.substr(0, f.target.find('/'));
    bool on_path = host == ch.name || host == sh.name;
    for (const auto& g : s.segments) on_path = on_path || g.name == f.target;
    if (!on_path) continue;
    if (f.kind == "loss-mask" && f.packets.size() > 1) return "network: a loss mask of several packets";
    if (f.kind == "loss") return "network: random loss";
    if (f.kind == "partition") return "network: a partition";
    if (f.kind == "link-down") return "network: a link down";
  }
  return nullptr;
}

}  // namespace

OracleVerdict oracle_for(const Scenario& s, const AppSpec& cli, const AppSpec& srv) {
  OracleVerdict v = reference_outcomes(s, cli, srv);
  const HostSpec* ch = host_named(s, cli.host);
  const HostSpec* sh = host_named(s, srv.host);
  if (ch && sh)
    if (const char* why = undecided_by_network(s, *ch, *sh)) {
      v.undecidable = true;
      v.definite = false;
      v.rule = std::string(why) + " (undecided; otherwise " + v.rule + ")";
    }
  return v;
}

OracleVerdict reference_outcomes(const Scenario& s, const AppSpec& cli, const AppSpec& srv) {
  OracleVerdict v;
  const HostSpec* chp = host_named(s, cli.host);
  const HostSpec* shp = host_named(s, srv.host);
  if (!chp || !shp) return v;
  const HostSpec& ch = *chp;
  const HostSpec& sh = *shp;
  bool c_smc = smc_socket(cli, ch), s_smc = smc_socket(srv, sh);
  bool strip_syn = false, strip_synack = false, echo = false, drop_smc_syn = false, drop_c2s = false;
  // A middlebox sits on a segment: a connection within one host goes over loopback and never
  // meets it.
  const bool loopback = ch.name == sh.name;
  for (const auto& m : s.middleboxes) {
    if (loopback) break;
    bool syn = m.direction == "syn" || m.direction == "both" || m.direction == "client-to-server";
    bool synack = m.direction == "syn-ack" || m.direction == "both" || m.direction == "server-to-client";
    if (m.kind == "strip-smc-option") strip_syn |= syn, strip_synack |= synack;
    if (m.kind == "echo-syn-options") echo = true;
    if (m.kind == "drop-smc-syn") drop_smc_syn = true;
    if (m.kind == "drop" && m.direction == "client-to-server") drop_c2s = true;
  }
  bool blackhole = false, vanish_client = false, vanish_server = false;
  for (const auto& f : s.faults) {
    if (f.kind == "rdma-blackhole") blackhole = true;
    if (f.kind == "route-vanish" && f.target == ch.name) vanish_client = true;
    if (f.kind == "route-vanish" && f.target == sh.name) vanish_server = true;
  }
  // RDMA resource faults (fallback-causes.md §5 0x01010000, 0x0999000x; §12 rows 1-3, 66-70):
  // where the kernel meets them decides who detects which code. The client meets them while
  // it builds the Confirm; the server in its device search (buffers, QP) or after the Confirm
  // (QP to RTR/RTS, RMB registration).
  std::set<std::uint32_t> res_client, res_server;
  auto on = [](const scenarios::FaultSpec& f, const std::string& host) {
    return f.target == host || f.target.rfind(host + "/", 0) == 0;
  };
  for (const auto& f : s.faults) {
    std::uint32_t code = f.kind == "alloc-fail"       ? 0x01010000u
                         : f.kind == "qp-create-fail" ? 0x09990000u
                         : f.kind == "qp-modify-fail" ? 0x09990002u
                         : f.kind == "mr-reg-fail"    ? 0x09990003u
                                                      : 0u;
    if (!code) continue;
    if (on(f, ch.name)) res_client.insert(code);
    if (on(f, sh.name)) res_server.insert(code);
  }
  bool resource_fault = !res_client.empty() || !res_server.empty();
  auto one = [&v](std::string c, std::string sv, const char* rule) {
    v.client = {std::move(c)};
    v.server = {std::move(sv)};
    v.definite = true;
    v.rule = rule;
    return v;
  };

  // Without the SMC module an SMC socket cannot be created (the reference does not say how the
  // application then reacts: socket() failing, or a preload falling back to TCP, are allowed).
  bool c_nomod = !ch.smc_module && cli.socket != "tcp";
  bool s_nomod = !sh.smc_module && srv.socket != "tcp";
  if (c_nomod || s_nomod) {
    v.client = {"failed", "-", tcp(kPeerNoSmc)};
    v.server = {"pending", "-", "dropped", tcp(kPeerNoSmc)};
    v.rule = "no SMC module (reference silent: a set)";
    return v;
  }

  // §2.1: the TCP phase decides before any CLC message.
  if (!c_smc) return one("-", s_smc ? tcp(kPeerNoSmc) : "-", "§2.1 client not SMC (§12 row 11)");
  if (drop_smc_syn && !strip_syn) {
    v.client = {"failed", "pending"};  // every SYN is dropped: ETIMEDOUT after the SYN retries (127 s)
    v.server = {"pending"};
    v.rule = "§12 drop-smc-syn";
    return v;
  }
  if (strip_syn) return one(tcp(kPeerNoSmc), s_smc ? tcp(kPeerNoSmc) : "-", "§2.1 strip SYN (§12 row 15)");

  // The client's own decisions before the Proposal (§2.2 C3, C5, C6), in order.
  const std::string cprof = profile_of(s, ch), sprof = profile_of(s, sh);
  std::set<std::uint32_t> early;  // codes the client may decline with before any Proposal
  std::optional<std::uint32_t> early_certain;
  if (has_xfrm_policy(cli)) early_certain = kIpsec;
  // §5 0x03080000: the C5 Decline went with the SMC-Rv2 rework (≈5.17); Anolis 5.10 carries
  // that rework as a backport (it speaks SMC-Rv2), so it drops v1/R like 5.17+.
  else if ((vanish_client || !has_route(ch, peer_address(cli, sh))) && before(cprof, 5, 17) &&
           cprof.rfind("anolis", 0) != 0)
    early_certain = kGetVlan;
  else if (client_has_no_device(ch)) early_certain = kNoSmcDev;
  if (early_certain) early.insert(*early_certain);
  else {
    early.insert(kNoSmcDev);
    early.insert(kCnfErr);
  }

  if (!s_smc) {
    if (echo && !strip_synack) {
      // §12 row 73: the reflected option makes the client talk CLC to a plain application.
      v.client = {"failed"};
      for (auto c : early) v.client.insert(tcp(c));
      v.server = {"-"};
      v.rule = "§12 row 73 option echo";
      return v;
    }
    return one(tcp(kPeerNoSmc), "-", "§2.1 server not SMC (§12 row 10)");
  }
  if (strip_synack) return one(tcp(kPeerNoSmc), "dropped", "§12 row 16 strip SYN-ACK");

  if (drop_c2s) {
    // §12 row 74: neither a Proposal nor a Decline reaches the server.
    v.client = {"failed"};
    for (auto c : early) v.client.insert(tcp(c));
    if (early_certain) v.client = {tcp(*early_certain)};
    v.server = {"dropped"};
    v.definite = v.client.size() == 1;
    v.rule = "§12 row 74 client data dropped";
    return v;
  }
  if (early_certain) return one(tcp(*early_certain), peer_declined(*early_certain), "§2.2 C3/C5/C6 client declines");

  // The server's decisions (§2.3 S5, S7, S9 and §3.4).
  if (has_xfrm_policy(srv)) {
    // S5 comes after the client's own checks: a client without a usable path declines first.
    v.client = {peer_declined(kIpsec)};
    v.server = {tcp(kIpsec)};
    for (auto c : early) v.client.insert(tcp(c)), v.server.insert(peer_declined(c));
    v.rule = "§2.3 S5 server IPsec";
    return v;
  }

  bool rdma_both = !ch.rnics.empty() && !sh.rnics.empty();
  bool ism_both = ism_reaches(ch, sh) || ism_reaches(sh, ch);
  if (!blackhole && !vanish_client && !vanish_server && !resource_fault && baseline_pair(s, cli, srv, ch, sh)) {
    v.client = {"SMCR"};
    v.server = {"SMCR"};
    if (ism_both) v.client.insert("SMCD"), v.server.insert("SMCD");
    v.definite = v.client.size() == 1;
    v.rule = "§12 rows 0a/0b baseline pair";
    return v;
  }

  // General: every outcome whose cause the scenario contains.
  // S7: a Proposal the server's version check empties entirely (a v2-only offer to a v1
  // server) is declined 0x03010000.
  std::set<std::uint32_t> server_codes = {kNoSmcDev, kNoSmcRDev, kDiffPrefix, kPeerNoSmc};
  if (!ch.isms.empty()) server_codes.insert(kNoSmcDDev);
  if (has_v2_ism(ch)) server_codes.insert({kNoIsm2, kNoSmcD2Dev});
  if (ch.ueids.empty()) server_codes.insert(kNoUeid);
  server_codes.insert(kGetVlan);  // S9 step 3: also without a fault when the route lookup fails
  for (const auto* h : {&ch, &sh})
    for (const auto& m : h->isms)
      if (m.vlan_slots == 0) server_codes.insert(kIsmVlan), early.insert(kIsmVlan);
  if (blackhole) server_codes.insert(kTimeoutCl), early.insert(kTimeoutCl);
  if (vanish_client) early.insert(kGetVlan);
  if (rdma_both) early.insert({kNoRoute, kNoIndirect});
  if (cprof.rfind("anolis-", 0) == 0) early.insert(kVersMismat);
  if (rdma_both && !blackhole) v.client.insert("SMCR"), v.server.insert("SMCR");
  // A first contact that hangs in its LLC exchange (a blackhole) holds the host's link-group
  // lock (Linux: smc_{client,server}_lgr_pending) until its LLC timer fires; a later SMC-R
  // handshake of the same host waits for it and its CLC timer may fire first (the reference
  // is silent on the exact race: both ends of that wait are allowed).
  std::int64_t conns = 0;
  for (const auto& a : s.apps)
    if (a.role == "client") conns += a.connections;
  // A server that fails after the Confirm (QP to RTR/RTS, RMB registration) keeps the client's
  // first contact in its 4 s LLC wait (§2.2 C19) just the same.
  const bool slow_first_contact = blackhole || res_server.count(0x09990002u) || res_server.count(0x09990003u);
  if (slow_first_contact && rdma_both && conns > 1) v.client.insert("failed"), v.server.insert("dropped");
  if (ism_both) v.client.insert("SMCD"), v.server.insert("SMCD");
  // Resource faults only act on an SMC-R path; an SMC-D path (or an earlier decision) is as
  // likely, so they widen the set rather than fix it.
  // Buffer allocation (0x01010000) fails SMC-D buffers too (§5 0x01010000 client trigger 4,
  // server trigger 2); QP and MR failures need an SMC-R path.
  for (auto c : res_client)
    if (rdma_both || (ism_both && c == 0x01010000u)) v.client.insert(tcp(c)), v.server.insert(peer_declined(c));
  for (auto c : res_server)
    if (rdma_both || (ism_both && c == 0x01010000u)) v.client.insert(peer_declined(c)), v.server.insert(tcp(c));
  for (auto c : early) v.client.insert(tcp(c)), v.server.insert(peer_declined(c));
  for (auto c : server_codes) v.client.insert(peer_declined(c)), v.server.insert(tcp(c));
  v.rule = "general (codes with a cause in the scenario)";
  return v;
}

}  // namespace smc::conformance::campaign
