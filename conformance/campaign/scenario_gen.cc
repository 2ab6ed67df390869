#include "conformance/campaign/scenario_gen.h"

#include "conformance/campaign/shrinker.h"

#include <algorithm>
#include <string>
#include <vector>

namespace smc::conformance::campaign {

using namespace smc::scenarios;

namespace {

const std::vector<std::string> kProfiles = {"linux-6.18", "linux-6.12", "linux-6.1",       "linux-5.17",
                                            "linux-5.10", "linux-4.19", "anolis-5.10.134", "anolis-6.6"};
const std::vector<std::string> kRnicKinds = {"mlx5", "rxe", "erdma", "roce-express"};

// What the generator remembers about a host to wire applications to it.
struct HostPlan {
  std::string name;
  bool smc_module = true;
  int segment = 0;
  std::string v4;         // address of eth0, no prefix
  std::string v6;         // global IPv6 of eth0 or ""
  std::string second_v4;  // an address on another netdev (eth1 or a VLAN device) or ""
};

std::string ip4(int a, int b, int c, int d) {
  return std::to_string(a) + "." + std::to_string(b) + "." + std::to_string(c) + "." + std::to_string(d);
}

HostSpec make_host(Choices& c, int index, int segments, HostPlan& plan) {
  HostSpec h;
  h.name = "h" + std::to_string(index);
  plan.name = h.name;
  plan.segment = segments > 1 ? static_cast<int>(c.range(0, segments - 1)) : 0;
  const int seg = plan.segment;
  if (c.chance(15)) h.profile = c.pick(kProfiles);
  h.smc_module = !c.chance(4);
  plan.smc_module = h.smc_module;
  if (c.chance(6)) h.arch = c.pick(std::vector<std::string>{"s390x", "aarch64"});
  if (c.chance(10)) h.sysctls.emplace_back("net.smc.smcr_max_links_per_lgr", "1");
  switch (c.range(0, 9)) {  // UEIDs: mostly the shared one
    case 0: break;
    case 1: h.ueids = {"SMC-UEID-B"}; break;
    case 2: h.ueids = {"SMC-UEID-A", "SMC-UEID-B"}; break;
    default: h.ueids = {"SMC-UEID-A"};
  }
  if (c.chance(5)) h.seid = "SEID-1";
  h.forwarding = c.chance(5);  // parsed only: exercises the writer

  // eth0: the host's subnet on its segment, sometimes a routed neighbour subnet, sometimes /16.
  int subnet = seg * 10 + (c.chance(15) ? 1 : 0);
  int plen = c.chance(10) ? 16 : 24;
  InterfaceSpec eth0;
  eth0.name = "eth0";
  eth0.segment = "lan" + std::to_string(seg);
  plan.v4 = ip4(10, subnet, 0, index);
  eth0.addresses.push_back(plan.v4 + "/" + std::to_string(plen));
  if (c.chance(30)) {
    plan.v6 = "fd00:" + std::to_string(seg + 1) + "::" + std::to_string(index);
    eth0.addresses.push_back(plan.v6 + "/64");
  }
  if (c.chance(15)) eth0.addresses.push_back("fe80::" + std::to_string(index) + "/64");
  if (c.chance(10)) eth0.mtu = 9000;
  if (c.chance(10)) eth0.mac = "02:00:00:00:0" + std::to_string(index) + ":01";
  h.interfaces.push_back(eth0);
  if (c.chance(15)) {  // a VLAN device on eth0
    InterfaceSpec v;
    int vid = static_cast<int>(c.range(1, 2)) * 100;
    v.name = "eth0." + std::to_string(vid);
    v.vlan = vid;
    v.lower = "eth0";
    v.addresses.push_back(ip4(10, 100 + vid / 100, seg, index) + "/24");
    plan.second_v4 = ip4(10, 100 + vid / 100, seg, index);
    h.interfaces.push_back(v);
  } else if (c.chance(15)) {  // a second NIC
    InterfaceSpec e;
    e.name = "eth1";
    e.segment = "lan" + std::to_string(c.range(0, segments - 1));
    e.addresses.push_back(ip4(10, 50 + seg, 0, index) + "/24");
    plan.second_v4 = ip4(10, 50 + seg, 0, index);
    if (c.chance(20)) e.pnetid = "NET1";
    h.interfaces.push_back(e);
  }
  // Routes: a default route through the subnet's gateway, sometimes a more specific one.
  if (!c.chance(10)) {
    RouteSpec r;
    r.to = "default";
    r.via = ip4(10, subnet, 0, 254);
    h.routes.push_back(r);
  }
  if (c.chance(15)) {
    RouteSpec r;
    r.to = ip4(10, static_cast<int>(c.range(0, segments - 1)) * 10 + 1, 0, 0) + "/24";
    r.via = ip4(10, subnet, 0, 254);
    h.routes.push_back(r);
  }
  if (c.chance(75)) {
    RnicSpec n;
    n.name = "roce0";
    n.kind = c.pick(kRnicKinds);
    n.netdev = h.interfaces.size() > 1 && h.interfaces[1].vlan == 0 && c.chance(20) ? "eth1" : "eth0";
    switch (c.range(0, 5)) {
      case 1: n.gid_types = {"roce-v1"}; break;
      case 2: n.gid_types = {"roce-v2"}; break;
      case 3: n.gid_types = {"roce-v1", "roce-v2"}; break;
      default: break;  // the kind's default
    }
    n.port_up = !c.chance(8);
    if (c.chance(10)) n.pnetid = c.pick(std::vector<std::string>{"NET1", "NET2"});
    if (c.chance(5)) {
      n.netns_mode = "exclusive";
      n.netns = c.chance(50) ? "init" : "ns1";
    }
    h.rnics.push_back(n);
  }
  if (c.chance(25)) {
    IsmSpec m;
    m.name = "lo-ism";
    m.kind = "loopback-ism";
    m.chid = 0xFFFF;
    h.isms.push_back(m);
  }
  if (c.chance(10)) {
    IsmSpec m;
    m.name = "ism0";
    m.chid = c.range(1, 2);
    m.version = c.chance(30) ? 1 : 2;
    if (c.chance(10)) m.vlan_slots = 0;
    h.isms.push_back(m);
  }
  if (c.chance(8)) {
    PnetEntrySpec p;
    p.pnetid = "NET1";
    if (!h.rnics.empty() && c.chance(50)) p.device = h.rnics.front().name;
    else p.netdev = "eth0";
    h.pnet.push_back(p);
  }
  return h;
}

AppSpec make_server(Choices& c, int k, const std::vector<HostPlan>& hosts) {
  AppSpec a;
  a.name = "srv" + std::to_string(k);
  a.host = hosts[static_cast<std::size_t>(c.range(0, static_cast<std::int64_t>(hosts.size()) - 1))].name;
  a.role = "server";
  a.port = 5000 + k;
  switch (c.range(0, 9)) {
    case 8: a.socket = "smc_run"; break;
    case 9: a.socket = "tcp"; break;
    default: break;
  }
  // A host without the SMC module cannot open an SMC listener at all (the world refuses
  // such a scenario): its servers are plain TCP applications (§12 row 10).
  for (const auto& h : hosts)
    if (h.name == a.host && !h.smc_module) a.socket = "tcp";
  a.echo = c.chance(50);
  if (a.socket == "tcp" && !a.echo) a.behaviour = c.pick(std::vector<std::string>{"smc", "speaks-first", "own-protocol", "silent"});
  if (c.chance(5)) {
    SockoptSpec o;
    o.level = "SOL_IP";
    o.name = "IP_XFRM_POLICY";
    o.when = "before-listen";
    a.sockopts.push_back(o);
  }
  return a;
}

AppSpec make_client(Choices& c, int k, const std::vector<HostPlan>& hosts, const std::vector<AppSpec>& servers) {
  AppSpec a;
  a.name = "cli" + std::to_string(k);
  const HostPlan& me = hosts[static_cast<std::size_t>(c.range(0, static_cast<std::int64_t>(hosts.size()) - 1))];
  a.host = me.name;
  a.role = "client";
  const AppSpec& srv = servers[static_cast<std::size_t>(c.range(0, static_cast<std::int64_t>(servers.size()) - 1))];
  const HostPlan* peer = nullptr;
  for (const auto& h : hosts)
    if (h.name == srv.host) peer = &h;
  std::string port = std::to_string(srv.port);
  bool v6 = !me.v6.empty() && !peer->v6.empty() && me.segment == peer->segment && c.chance(40);
  switch (c.range(0, 5)) {
    case 4:
      a.connect = v6 ? "[" + peer->v6 + "]:" + port : peer->v4 + ":" + port;
      break;
    case 5:
      a.connect = !peer->second_v4.empty() && !v6 ? peer->second_v4 + ":" + port : srv.host + ":" + port;
      break;
    default: a.connect = srv.host + ":" + port;
  }
  if (v6) a.family = "ipv6";
  switch (c.range(0, 11)) {
    case 9: a.socket = "smc_run"; break;
    case 10:
      a.socket = "smc_run";
      a.binary = "static";
      break;
    case 11: a.socket = "tcp"; break;
    default: break;
  }
  if (!v6 && !me.second_v4.empty() && c.chance(8)) a.bind = me.second_v4;
  a.connections = c.range(1, 3);
  if (c.chance(20)) a.connections = c.range(4, 8);
  // Sizes stay small: in this world a write travels as one chunk, so 64 KiB tests nothing
  // 16 KiB does not, and building and comparing payloads dominated a campaign's time.
  a.send_bytes = c.pick(std::vector<std::int64_t>{0, 1000, 4096, 16384});
  if (c.chance(20)) a.start_ns = c.range(0, 100) * 1'000'000;
  if (c.chance(5)) {
    SockoptSpec o;
    o.level = v6 ? "SOL_IPV6" : "SOL_IP";
    o.name = v6 ? "IPV6_XFRM_POLICY" : "IP_XFRM_POLICY";
    a.sockopts.push_back(o);
  }
  return a;
}

// A network fault on the world's cables (docs/scenario-format.md [[fault]], conformance/
// scenario_network.cc): a loss mask, random loss, a partition and its heal, a link going down
// and up. The target is a segment, a host's eth0 or a host; faults that end (partition,
// link-down) always get their heal / link-up within the run, so that TCP recovers and the data
// invariant keeps its meaning. RDMA port-down / qp-error are not generated: the world has no
// such kinds yet.
void add_network_fault(Choices& c, Scenario& s, const std::vector<HostPlan>& hosts) {
  FaultSpec f;
  const HostPlan& h = hosts[static_cast<std::size_t>(c.range(0, static_cast<std::int64_t>(hosts.size()) - 1))];
  switch (c.range(0, 2)) {
    case 0: f.target = "lan" + std::to_string(h.segment); break;
    case 1: f.target = h.name + "/eth0"; break;
    default: f.target = h.name; break;
  }
  switch (c.range(0, 2)) {
    case 1: f.direction = "client-to-server"; break;
    case 2: f.direction = "server-to-client"; break;
    default: break;
  }
  switch (c.range(0, 3)) {
    case 0:
      f.kind = "loss-mask";
      f.packets = {c.range(1, 12)};
      if (c.chance(40)) f.packets.push_back(f.packets.front() + c.range(1, 4));
      break;
    case 1:
      f.kind = "loss";
      f.probability = c.pick(std::vector<double>{0.01, 0.05, 0.2});
      break;
    default: {
      const bool partition = c.chance(50);
      f.kind = partition ? "partition" : "link-down";
      f.at_ns = c.pick(std::vector<std::int64_t>{0, 100'000, 1'000'000, 50'000'000});
      FaultSpec end = f;
      end.kind = partition ? "heal" : "link-up";
      end.at_ns = *f.at_ns + c.pick(std::vector<std::int64_t>{1'000'000, 100'000'000, 1'000'000'000, 5'000'000'000});
      s.faults.push_back(f);
      s.faults.push_back(end);
      return;
    }
  }
  s.faults.push_back(f);
}

}  // namespace

Scenario generate_scenario(Choices& c, std::uint64_t sim_seed) {
  Scenario s;
  s.id = "fuzz/generated";
  s.title = "generated by smcsim fuzz";
  s.seed = sim_seed;
  s.duration_ns = 30'000'000'000LL;
  s.profile = c.chance(25) ? c.pick(kProfiles) : "linux-6.18";
  int segments = c.chance(30) ? 2 : 1;
  for (int i = 0; i < segments; ++i) {
    SegmentSpec seg;
    seg.name = "lan" + std::to_string(i);
    seg.delay_ns = c.pick(std::vector<std::int64_t>{10'000, 5'000, 50'000, 1'000'000});
    if (c.chance(10)) seg.bandwidth_bps = 25'000'000'000LL;  // parsed only
    s.segments.push_back(seg);
  }
  int nhosts = static_cast<int>(c.range(2, 8));
  std::vector<HostPlan> plans(static_cast<std::size_t>(nhosts));
  for (int i = 0; i < nhosts; ++i) s.hosts.push_back(make_host(c, i + 1, segments, plans[static_cast<std::size_t>(i)]));

  int nservers = static_cast<int>(c.range(1, 3));
  std::vector<AppSpec> servers;
  for (int k = 1; k <= nservers; ++k) servers.push_back(make_server(c, k, plans));
  int nclients = static_cast<int>(c.range(1, 4));
  for (const auto& sv : servers) s.apps.push_back(sv);
  for (int k = 1; k <= nclients; ++k) s.apps.push_back(make_client(c, k, plans, servers));

  if (c.chance(12)) {
    MiddleboxSpec m;
    m.on = "lan0";
    switch (c.range(0, 5)) {
      case 0: m.kind = "strip-smc-option"; m.direction = "syn"; break;
      case 1: m.kind = "strip-smc-option"; m.direction = "syn-ack"; break;
      case 2: m.kind = "strip-smc-option"; break;
      case 3: m.kind = "echo-syn-options"; break;
      case 4: m.kind = "drop-smc-syn"; break;
      default: m.kind = "drop"; m.direction = "client-to-server"; break;
    }
    s.middleboxes.push_back(m);
  }
  if (c.chance(6)) {
    FaultSpec f;
    f.kind = "rdma-blackhole";
    f.target = "lan0";
    s.faults.push_back(f);
  }
  if (c.chance(5)) {
    FaultSpec f;
    f.kind = "route-vanish";
    f.target = plans[static_cast<std::size_t>(c.range(0, nhosts - 1))].name;
    s.faults.push_back(f);
  }
  if (c.chance(6)) {
    // An RDMA resource that fails on one host (the world maps each kind to where the kernel
    // meets it; a kind the world cannot place on that host is dropped below).
    FaultSpec f;
    static constexpr const char* kKinds[] = {"alloc-fail", "qp-create-fail", "qp-modify-fail", "mr-reg-fail"};
    f.kind = kKinds[c.range(0, 3)];
    f.target = plans[static_cast<std::size_t>(c.range(0, nhosts - 1))].name;
    s.faults.push_back(f);
    if (!runnable(s)) s.faults.pop_back();
  }
  if (c.chance(10)) add_network_fault(c, s, plans);
  // The world expresses route-vanish only for the hosts of every connection it runs: where
  // the target is a bystander of some connection, the fault goes (the rest stays runnable).
  // (Building the world setup to find out costs 6 % of a campaign: only when there is one.)
  const bool vanish = std::any_of(s.faults.begin(), s.faults.end(), [](const FaultSpec& f) { return f.kind == "route-vanish"; });
  if (vanish && !runnable(s)) std::erase_if(s.faults, [](const FaultSpec& f) { return f.kind == "route-vanish"; });
  return s;
}

Scenario scenario_for_run(std::uint64_t campaign_seed, std::uint64_t run_index) {
  SeededChoices c(campaign_seed, run_index);
  // The simulator seed: a function of both, never 0 (a visible "unset" in a file).
  std::uint64_t sim_seed = (sim::SplitMix64::mix(campaign_seed + run_index) & 0xffffffffULL) + 1;
  return generate_scenario(c, sim_seed);
}

}  // namespace smc::conformance::campaign
