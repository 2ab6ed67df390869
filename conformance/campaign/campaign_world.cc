#include "conformance/campaign/campaign_world.h"

#include <map>
#include <set>

#include "conformance/campaign/oracle.h"

namespace smc::conformance::campaign {

namespace {

// Every host of the setup with the RDMA devices its snapshot gives it (the ones the world
// builds a SimRnic for), in host-name order.
std::map<std::string, std::vector<std::string>> hosts_and_devices(const world::WorldSetup& setup) {
  std::map<std::string, std::vector<std::string>> out;
  auto add = [&out](const std::string& host, const negotiation::HostSnapshot& snap) {
    if (out.count(host)) return;  // every connection of a host carries the same snapshot
    auto& devs = out[host];
    for (const auto& d : snap.rdma)
      if (!d.ports.empty()) devs.push_back(d.name);
  };
  for (const auto& c : setup.connections) {
    add(c.client_host, c.client);
    add(c.server_host, c.server);
  }
  return out;
}

// At rest: whatever link groups are left are alive and carry a connection.
bool link_layer_at_rest(const world::TcpWorld& world, const std::map<std::string, std::vector<std::string>>& hosts,
                        bool idle_groups_freed) {
  for (const auto& [name, devs] : hosts) {
    world::SmcrHostStack* st = world.smcr_host(name);
    if (!st) continue;
    for (const auto& [id, g] : st->links().link_groups())
      if (g->terminated() || (idle_groups_freed && g->connection_count() == 0)) return false;
  }
  return true;
}

}  // namespace

CampaignRun run_campaign_world(const world::WorldSetup& setup, const CampaignWorldOptions& opt) {
  CampaignRun out;
  out.world_options = opt;
  sim::Simulator sim(sim::Seed(setup.seed));
  const auto hosts = hosts_and_devices(setup);
  {
    world::TcpWorld world(sim, setup);
    // 1. The run.
    out.run.connections = world.run();
    out.run.run_error = world.run_error();
    out.run.stats = sim.stats();
    out.run.events = out.run.stats.events_processed;
    if (opt.after_run) opt.after_run(world);

    // 2. Settle (only when the run itself ran: a refused run has nothing to settle).
    const bool idle = opt.idle_groups_freed;
    if (out.run.run_error.empty() && !link_layer_at_rest(world, hosts, idle)) {
      auto st = sim.run_until_or_timeout([&] { return link_layer_at_rest(world, hosts, idle); },
                                         sim::ns(kSettleHorizonNs), kSettleEventBudget);
      if (!st) {
        out.settled = false;
        if (st.error().kind != sim::RunError::Timeout && st.error().kind != sim::RunError::QueueDrained)
          out.settle_error = st.error().message();
      }
    }
    out.run.trace_hash = sim.trace().hash();
    out.run.trace_records = sim.trace().records();

    std::map<std::string, std::size_t> smcr_sides;
    for (std::size_t i = 0; i < out.run.connections.size() && i < setup.connections.size(); ++i) {
      const auto& c = out.run.connections[i];
      if (client_view(c) == "SMCR") ++smcr_sides[setup.connections[i].client_host];
      if (server_view(c) == "SMCR") ++smcr_sides[setup.connections[i].server_host];
    }
    for (const auto& [name, devs] : hosts) {
      HostResources h;
      h.host = name;
      h.smcr_sides = smcr_sides[name];
      if (world::SmcrHostStack* st = world.smcr_host(name)) {
        for (const auto& [id, g] : st->links().link_groups()) {
          ++h.link_groups;
          if (g->terminated()) ++h.terminated_groups;
          else if (g->connection_count() == 0 && idle) ++h.idle_groups;
          h.group_connections += g->connection_count();
          h.group_links += g->links().size();
        }
        for (const auto& d : devs)
          if (auto* ld = st->links().device(d)) h.device_links += ld->link_count();
      }
      out.hosts.push_back(std::move(h));
    }

    // 3. Shutdown: what the link layer frees when the applications are gone; then the devices.
    for (const auto& [name, devs] : hosts)
      if (world::SmcrHostStack* st = world.smcr_host(name)) st->links().shutdown();
    for (auto& h : out.hosts) {
      world::SmcrHostStack* st = world.smcr_host(h.host);
      if (!st) continue;
      for (const auto& d : hosts.at(h.host)) {
        sim::SimRnic* rnic = st->rnic(d);
        if (!rnic) continue;
        auto r = rnic->resources();
        h.devices.push_back(DeviceResources{d, r.pds, r.mrs, r.cqs, r.qps});
      }
    }
  }
  return out;
}

}  // namespace smc::conformance::campaign
