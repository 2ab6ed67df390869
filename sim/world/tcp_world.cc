#include "sim/world/tcp_world.h"

#include "sim/middlebox/syn_option_filters.h"
#include "sim/net/faults.h"

namespace smc::world {

namespace net = sim::net;

namespace {
std::pair<std::string, std::string> ordered(const std::string& a, const std::string& b) {
  return a < b ? std::make_pair(a, b) : std::make_pair(b, a);
}
std::uint8_t host_prefix_len(const ports::IpAddress& a) { return a.unmapped().is_v4() ? 32 : 128; }
}  // namespace

TcpWorld::TcpWorld(sim::Simulator& sim, const WorldSetup& setup, const TcpWorldOptions& options)
    : sim_(sim), duration_ns_(setup.duration_ns), options_(options), network_(sim), tap_(sim) {
  if (options.capture) capture_ = std::make_unique<PcapTap>(sim_, *options.capture);
  fabric_ = std::make_unique<WorldRoceFabric>(
      sim_, "rdma-fabric", setup.connections.empty() ? 0 : setup.connections.front().one_way_delay_ns);
  for (const auto& c : setup.connections) wire_connection(c);
  for (const auto& c : setup.connections) {
    // RDMA takes the cable's delay; any connection that says RDMA is dead blackholes the pair.
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
    Cable cable;
    std::string cif = "eth" + std::to_string(cns.interfaces().size());
    std::string sif = "eth" + std::to_string(sns.interfaces().size());
    net::SimInterface& ci = cns.add_interface(cif);
    net::SimInterface& si = sns.add_interface(sif);
    net::LinkParams params;
    params.delay = sim::ns(c.one_way_delay_ns);
    params.bandwidth_bps = options_.bandwidth_bps;
    cable.link = &network_.connect(ci, si, params);
    install_middleboxes(*cable.link, c);
    if (options_.path_loss > 0)
      cable.link->add_filter_both(
          std::make_shared<net::RandomLoss>("loss:" + cable.link->name(), sim_.seed(), options_.path_loss));
    cable.ifname[c.client_host] = cif;
    cable.ifname[c.server_host] = sif;
    it = cables_.emplace(key, std::move(cable)).first;
  }
  const std::string& cif = it->second.ifname.at(c.client_host);
  const std::string& sif = it->second.ifname.at(c.server_host);
  add_address(cns, cif, c.client_conn.local);
  add_address(sns, sif, c.client_conn.peer);
  add_host_route(cns, cif, c.client_conn.peer, c.client_conn.local);
  add_host_route(sns, sif, c.client_conn.local, c.client_conn.peer);
}

void TcpWorld::install_middleboxes(net::Link& link, const ConnectionSetup& c) {
  namespace mb = sim::middlebox;
  if (c.strip_syn) mb::install_on_path(link, std::make_shared<mb::StripOption>("strip-syn", mb::HandshakeLeg::Syn));
  if (c.drop_smc_syn) mb::install_on_path(link, std::make_shared<mb::DropSynWithOption>("drop-smc-syn"));
  if (c.echo_option) mb::install_on_path(link, std::make_shared<mb::SynOptionEcho>("echo-syn-options"));
  if (c.strip_synack)
    mb::install_on_path(link, std::make_shared<mb::StripOption>("strip-synack", mb::HandshakeLeg::SynAck));
  if (c.drop_client_data) {
    // Row 74: everything the client sends with payload vanishes; handshake segments and
    // pure ACKs pass, so the connection is established and then stalls.
    auto match = net::match_all_of(net::match_from(c.client_conn.local.unmapped()), net::match_tcp_payload());
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
