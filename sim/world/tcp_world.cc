#include "sim/world/tcp_world.h"

#include "sim/world/rdma_fault_schedule.h"  // lifecycle (issue 5)

#include "sim/middlebox/syn_option_filters.h"
#include "sim/net/faults.h"

#include <algorithm>

namespace smc::world {

namespace net = sim::net;

namespace {
std::pair<std::string, std::string> ordered(const std::string& a, const std::string& b) {
  return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}
std::uint8_t host_prefix_len(const ports::IpAddress& a) { return a.unmapped().is_v4() ? 32 : 128; }
std::uint64_t smaller_nonzero(std::uint64_t a, std::uint64_t b) { return a == 0 ? b : b == 0 ? a : std::min(a, b); }
}  // namespace

struct TcpWorld::CablePlan {
  std::int64_t delay_ns = 0;
  std::uint64_t bandwidth_bps = 0;
  std::uint64_t pps = 0;
  std::uint32_t mtu = 1500;
  std::vector<std::string> segments;
};

TcpWorld::TcpWorld(sim::Simulator& sim, const WorldSetup& setup, const TcpWorldOptions& options)
    : sim_(sim), duration_ns_(setup.duration_ns), options_(options), net_setup_(setup.network), network_(sim),
      tap_(sim) {
  if (options.capture) capture_ = std::make_unique<PcapTap>(sim_, *options.capture);
  fabric_ = std::make_unique<WorldRoceFabric>(
      sim_, "rdma-fabric", setup.connections.empty() ? 0 : setup.connections.front().one_way_delay_ns);
  fabric_->set_cable_probe([this](const std::string& from, const std::string& to) { return cable_open(from, to); });
  for (const auto& c : setup.connections) wire_connection(c);
  for (const auto& c : setup.connections) {
    // RDMA takes the cable's delay and bandwidth; any connection that says RDMA is dead
    // blackholes the pair.
    if (net::Link* l = cable(c.client_host, c.server_host))
      fabric_->set_path(c.client_host, c.server_host, l->params().delay.ns(), c.rdma_works,
                        l->params().bandwidth_bps);
    else
      fabric_->set_path(c.client_host, c.server_host, c.one_way_delay_ns, c.rdma_works);
    SmcrStacks smcr{&smcr_stack(c.client_host, c.client), &smcr_stack(c.server_host, c.server), fabric_.get()};
    ServerPort& sp = server_port(c);
    auto run = std::make_unique<TcpConnectionRun>(
        sim_, c, *stacks_.at(c.client_host),
        [this, &sp, server = ports::Endpoint{c.client_conn.peer.unmapped(), c.server_port}](
            TcpConnectionRun& r, const ports::Endpoint& client) {
          sp.by_client[client] = &r;
          tap_.watch(client, server, r.messages(), r.column(true), r.column(false));
        },
        smcr);
    runs_.push_back(std::move(run));
  }
  // After the fabric's paths: an rdma-blackhole fault switches one.
  for (std::size_t i = 0; i < net_setup_.faults.size(); ++i) schedule_fault(net_setup_.faults[i], i);
  schedule_rdma_faults(sim_, *this, setup);  // lifecycle (issue 5): sim/world/rdma_fault_schedule.h
}

TcpWorld::~TcpWorld() {
  // The runs' sockets close as they go; their ladders must not grow during teardown.
  tap_.stop();
  runs_.clear();
  servers_.clear();
  smcr_hosts_.clear();
  fabric_.reset();
}

SmcrHostStack& TcpWorld::smcr_stack(const std::string& host, const negotiation::HostSnapshot& snapshot) {
  // The first connection naming the host brings its snapshot: all of them carry the same.
  auto it = smcr_hosts_.find(host);
  if (it == smcr_hosts_.end())
    it = smcr_hosts_.emplace(host, std::make_unique<SmcrHostStack>(sim_, host, snapshot, *fabric_)).first;
  return *it->second;
}

SmcrHostStack* TcpWorld::smcr_host(const std::string& name) const {
  auto it = smcr_hosts_.find(name);
  return it == smcr_hosts_.end() ? nullptr : it->second.get();
}

net::Netns& TcpWorld::host_ns(const std::string& name) {
  if (net::Host* h = network_.host(name)) return h->init();
  net::Netns& ns = network_.add_host(name).init();
  tap_.install(ns);  // first in both chains
  if (capture_) capture_->install(ns);  // egress: what the host sends, before path filters
  stacks_[name] = std::make_unique<sim::tcp::TcpStack>(ns);
  return ns;
}

void TcpWorld::add_address(net::Netns& ns, const std::string& ifname, const ports::IpAddress& a) {
  ports::IpAddress addr = a.unmapped();
  if (auto* i = ns.find_interface(ifname))
    for (const auto& p : i->config().addresses)
      if (p.address == addr) return;
  ns.add_address(ifname, addr.to_string() + "/" + std::to_string(host_prefix_len(addr)));
}

void TcpWorld::add_host_route(net::Netns& ns, const std::string& ifname, const ports::IpAddress& to,
                              const ports::IpAddress& from) {
  ports::IpPrefix dest{to.unmapped(), host_prefix_len(to)};
  for (const auto& r : ns.routes())
    if (r.destination == dest && r.interface == ifname) return;
  ports::Route r;
  r.destination = dest;
  r.interface = ifname;
  r.preferred_source = from.unmapped();
  ns.add_route(r);
}

void TcpWorld::wire_connection(const ConnectionSetup& c) {
  net::Netns& cns = host_ns(c.client_host);
  net::Netns& sns = host_ns(c.server_host);
  if (c.client_host == c.server_host) {
    // Same host: both addresses are local, the segments go over loopback.
    if (!cns.find_interface("lo")) cns.add_interface("lo", 65536);
    add_address(cns, "lo", c.client_conn.local);
    add_address(cns, "lo", c.client_conn.peer);
    return;
  }
  auto key = ordered(c.client_host, c.server_host);
  auto it = cables_.find(key);
  if (it == cables_.end()) {
    // eth0, eth1 ... on each host, in the order its cables are made.
    CablePlan plan = plan_cable(c);
    Cable cable;
    std::string cif = "eth" + std::to_string(cns.interfaces().size());
    std::string sif = "eth" + std::to_string(sns.interfaces().size());
    net::SimInterface& ci = cns.add_interface(cif, plan.mtu);
    net::SimInterface& si = sns.add_interface(sif, plan.mtu);
    ci.set_pps_cap(plan.pps);
    si.set_pps_cap(plan.pps);
    net::LinkParams params;
    params.delay = sim::ns(plan.delay_ns);
    params.bandwidth_bps = plan.bandwidth_bps;
    cable.link = &network_.connect(ci, si, params);  // end 0: the client's
    // The world's partition switches come first: a partitioned packet is never counted by
    // the filters behind them.
    for (int end = 0; end < 2; ++end) {
      cable.partition[static_cast<std::size_t>(end)] = std::make_shared<net::Partition>(
          std::string("partition:") + (end == 0 ? "c2s" : "s2c") + ":" + cable.link->name(), false);
      cable.link->filters(end).add(cable.partition[static_cast<std::size_t>(end)]);
    }
    install_middleboxes(*cable.link, c);
    if (options_.path_loss > 0)
      cable.link->add_filter_both(
          std::make_shared<net::RandomLoss>("loss:" + cable.link->name(), sim_.seed(), options_.path_loss));
    cable.ifname[c.client_host] = cif;
    cable.ifname[c.server_host] = sif;
    cable.client = c.client_host;
    cable.server = c.server_host;
    cable.segments = std::move(plan.segments);
    it = cables_.emplace(key, std::move(cable)).first;
  }
  install_connection_filters(*it->second.link, c);
  const std::string& cif = it->second.ifname.at(c.client_host);
  const std::string& sif = it->second.ifname.at(c.server_host);
  add_address(cns, cif, c.client_conn.local);
  add_address(sns, sif, c.client_conn.peer);
  add_host_route(cns, cif, c.client_conn.peer, c.client_conn.local);
  add_host_route(sns, sif, c.client_conn.local, c.client_conn.peer);
}

TcpWorld::CablePlan TcpWorld::plan_cable(const ConnectionSetup& c) const {
  CablePlan plan;
  plan.delay_ns = c.one_way_delay_ns;
  plan.bandwidth_bps = options_.bandwidth_bps;
  auto segment = [&](const std::string& name) -> const NetworkSegment* {
    for (const auto& s : net_setup_.segments)
      if (s.name == name) return &s;
    return nullptr;
  };
  std::vector<const NetworkPort*> cports, sports;
  for (const auto& p : net_setup_.ports) {
    if (!segment(p.segment)) continue;
    if (p.host == c.client_host) cports.push_back(&p);
    if (p.host == c.server_host) sports.push_back(&p);
  }
  if (cports.empty() || sports.empty()) return plan;
  const NetworkPort* cp = nullptr;
  const NetworkPort* sp = nullptr;
  for (const auto* a : cports)
    for (const auto* b : sports)
      if (!cp && a->segment == b->segment) cp = a, sp = b;
  std::vector<const NetworkSegment*> crossed;
  if (cp) {
    crossed = {segment(cp->segment)};
  } else {
    // A routed path: the client's segment, then the server's, in series.
    cp = cports.front();
    sp = sports.front();
    crossed = {segment(cp->segment), segment(sp->segment)};
  }
  plan.delay_ns = 0;
  plan.bandwidth_bps = 0;
  plan.mtu = std::min(cp->mtu, sp->mtu);
  for (const auto* s : crossed) {
    plan.delay_ns += s->delay_ns;
    plan.bandwidth_bps = smaller_nonzero(plan.bandwidth_bps, s->bandwidth_bps);
    plan.pps = smaller_nonzero(plan.pps, s->pps);
    plan.mtu = std::min(plan.mtu, s->mtu);
    plan.segments.push_back(s->name);
  }
  // A segment without a bandwidth leaves the world's default (the option) in place.
  if (plan.bandwidth_bps == 0) plan.bandwidth_bps = options_.bandwidth_bps;
  return plan;
}

bool TcpWorld::cable_open(const std::string& from, const std::string& to) const {
  auto it = cables_.find(ordered(from, to));
  if (it == cables_.end()) return false;
  const Cable& c = it->second;
  std::size_t dir = from == c.client ? 0 : 1;
  return c.link->up() && !c.partition[dir]->partitioned();
}

void TcpWorld::install_middleboxes(net::Link& link, const ConnectionSetup& c) {
  namespace mb = sim::middlebox;
  if (c.strip_syn) mb::install_on_path(link, std::make_shared<mb::StripOption>("strip-syn", mb::HandshakeLeg::Syn));
  if (c.drop_smc_syn) mb::install_on_path(link, std::make_shared<mb::DropSynWithOption>("drop-smc-syn"));
  if (c.echo_option) mb::install_on_path(link, std::make_shared<mb::SynOptionEcho>("echo-syn-options"));
  if (c.strip_synack)
    mb::install_on_path(link, std::make_shared<mb::StripOption>("strip-synack", mb::HandshakeLeg::SynAck));
}

void TcpWorld::install_connection_filters(net::Link& link, const ConnectionSetup& c) {
  namespace mb = sim::middlebox;
  if (c.drop_client_data &&
      drop_data_installed_.insert({c.client_conn.local.to_string(), c.client_conn.peer.to_string(), c.server_port}).second) {
    // Row 74: everything this connection's client sends with payload vanishes; handshake
    // segments and pure ACKs pass, so the connection is established and then stalls. Matched
    // on the connection's addresses and server port: a cable also carries connections the
    // other way round, whose data must pass.
    auto match = net::match_all_of(
        net::match_all_of(net::match_from(c.client_conn.local.unmapped()),
                          net::match_to_port(c.client_conn.peer.unmapped(), c.server_port)),
        net::match_tcp_payload());
    mb::install_on_path(link, std::make_shared<net::Partition>("drop-client-data", true, match));
  }
}

TcpWorld::ServerPort& TcpWorld::server_port(const ConnectionSetup& c) {
  PortKey key{c.server_host, c.server_port};
  auto it = servers_.find(key);
  if (it != servers_.end()) return *it->second;
  auto sp = std::make_unique<ServerPort>();
  ServerPort& ref = *sp;
  servers_.emplace(key, std::move(sp));
  ports::ListenRequest req;
  req.local = ports::Endpoint{*ports::IpAddress::parse("0.0.0.0"), c.server_port};
  req.on_syn = [this, key](const ports::SynInfo& syn) -> ports::TcpOptions {
    auto& by = servers_.at(key)->by_client;
    auto r = by.find(ports::Endpoint{syn.peer.address.unmapped(), syn.peer.port});
    return r == by.end() ? ports::TcpOptions{} : r->second->synack_options(syn);
  };
  req.on_acceptable = [this, key] { accept_all(key); };
  auto l = stacks_.at(c.server_host)->listen(std::move(req));
  if (l) ref.listener = std::move(*l);
  else sim_.trace().record(sim_.now(), "world", "listen.error", {{"error", ports::errno_name(l.error())}});
  return ref;
}

void TcpWorld::accept_all(const PortKey& key) {
  ServerPort& sp = *servers_.at(key);
  while (sp.listener) {
    auto c = sp.listener->accept();
    if (!c) return;
    ports::Endpoint peer = (*c)->peer();
    auto r = sp.by_client.find(ports::Endpoint{peer.address.unmapped(), peer.port});
    if (r == sp.by_client.end()) continue;  // not ours: the handle closes it
    r->second->accepted(std::move(*c));
  }
}

net::Link* TcpWorld::cable(const std::string& a, const std::string& b) const {
  auto it = cables_.find(ordered(a, b));
  return it == cables_.end() ? nullptr : it->second.link;
}

std::vector<ConnectionOutcome> TcpWorld::run() {
  for (auto& r : runs_) r->start();
  // A run error (a set-up mistake) leaves the outcomes as far as they got; the trace says why.
  if (auto st = sim_.run_for(sim::ns(duration_ns_)); !st) {
    run_error_ = st.error().message();
    sim_.trace().record(sim_.now(), "world", "run.error", {{"error", run_error_}});
  }
  std::vector<ConnectionOutcome> out;
  for (auto& r : runs_) out.push_back(r->outcome());
  return out;
}

WorldRun run_tcp_world(const WorldSetup& setup, sim::TraceSink* sink, const TcpWorldOptions& options) {
  sim::Simulator sim(sim::Seed(setup.seed));
  if (sink) sim.trace().attach(*sink);
  WorldRun r;
  {
    TcpWorld world(sim, setup, options);
    r.connections = world.run();
    r.run_error = world.run_error();
    if (sink) sim.trace().detach(*sink);
    r.trace_hash = sim.trace().hash();
    r.trace_records = sim.trace().records();
    r.stats = sim.stats();
    r.events = r.stats.events_processed;
  }
  return r;
}

}  // namespace smc::world
