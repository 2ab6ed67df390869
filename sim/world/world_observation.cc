#include "sim/world/world_observation.h"

#include <set>

#include "protocol/datapath/data_path_snapshot.h"

namespace smc::world {

namespace {

std::string link_state_name(link::LinkState s) {
  switch (s) {
    case link::LinkState::Inactive: return "INACTIVE";
    case link::LinkState::Activating: return "ACTIVATING";
    case link::LinkState::Active: return "ACTIVE";
    case link::LinkState::Down: return "DOWN";
  }
  return "?";
}

std::optional<ConnectionOutcome::SmcSide> side_of(const SmcrDataSession& s, bool client) {
  const datapath::ConnectionDataPath* dp = s.data_path(client);
  if (!dp) return std::nullopt;
  ConnectionOutcome::SmcSide out;
  out.state = dp->state();
  out.trail = dp->closer().trail();
  out.app_errno = s.app_errno(client);
  out.freed = s.freed(client);
  out.conn = datapath::snapshot(*dp).conn;
  if (const link::SmcrConnection* c = s.link(client)) {
    const link::LinkGroup* g = c->link_group();
    const link::SmcLink* l = c->current_link();
    if (g && l) {
      diag::LinkGroupInfo info;
      info.server_role = g->role() == link::LgrRole::Server;
      info.ib_device = l->device().name();
      info.ib_port = l->port();
      info.link_id = l->link_num();
      info.gid = ports::format_gid(l->local().gid);
      info.peer_gid = ports::format_gid(l->peer().gid);
      out.lgr = info;
    }
  }
  return out;
}

void count_outcome(diag::SmcStats& st, const ConnectionOutcome& c, bool client) {
  const auto side = client ? diag::StatsSide::Client : diag::StatsSide::Server;
  const auto& rec = client ? c.client : c.server;
  if (client ? c.client_mode() == "failed" : c.server_dropped) {
    st.count_handshake_error(side);
    return;
  }
  if (!rec) return;
  const diag::SmcssMode m = rec->smcss();
  if (m.mode == diag::DiagMode::FallbackTcp) st.count_fallback(side, m.local_code);
  else if (rec->state() == socket::SocketState::Active) st.count_success(side, m.mode == diag::DiagMode::Smcd, 1);
}

}  // namespace

void observe_connections(const TcpWorld& world, std::vector<ConnectionOutcome>& outcomes) {
  const auto& runs = world.runs();
  for (std::size_t i = 0; i < outcomes.size() && i < runs.size(); ++i) {
    const SmcrDataSession* s = runs[i]->smcr_session();
    if (!s) continue;
    outcomes[i].client_smc = side_of(*s, true);
    outcomes[i].server_smc = side_of(*s, false);
  }
}

WorldObservation observe_world(const TcpWorld& world, const WorldSetup& setup,
                               const std::vector<ConnectionOutcome>& outcomes) {
  WorldObservation w;
  std::set<std::string> names;
  for (const auto& c : setup.connections) {
    names.insert(c.client_host);
    names.insert(c.server_host);
  }
  for (const auto& name : names) {
    HostObservation& h = w.hosts[name];
    SmcrHostStack* stack = world.smcr_host(name);
    if (!stack) continue;
    for (const auto& [id, g] : stack->links().link_groups()) {
      if (g->terminated()) continue;  // freed at the next timer event
      diag::LinkGroupRow row;
      row.id = id;
      row.server_role = g->role() == link::LgrRole::Server;
      row.v2 = g->v2();
      row.connections = g->connection_count();
      std::set<std::string> devices;
      for (const link::SmcLink* l : g->links()) {
        diag::LinkRow lr;
        lr.link_id = l->link_num();
        lr.device = l->device().name();
        lr.port = l->port();
        lr.state = link_state_name(l->state());
        lr.gid = ports::format_gid(l->local().gid);
        lr.peer_gid = ports::format_gid(l->peer().gid);
        lr.qpn = l->local().qpn;
        lr.peer_qpn = l->peer().qpn;
        devices.insert(lr.device);
        row.links.push_back(std::move(lr));
      }
      row.symmetric = devices.size() == row.links.size();
      h.links += row.links.size();
      h.connections += row.connections;
      h.link_groups.push_back(std::move(row));
    }
  }
  for (std::size_t i = 0; i < outcomes.size() && i < setup.connections.size(); ++i) {
    count_outcome(w.hosts[setup.connections[i].client_host].stats, outcomes[i], true);
    count_outcome(w.hosts[setup.connections[i].server_host].stats, outcomes[i], false);
  }
  for (auto& [name, h] : w.hosts) {
    h.counters = diag::stats_counters(h.stats);
    h.counters["link_groups"] = h.link_groups.size();
    h.counters["links"] = h.links;
    h.counters["connections"] = h.connections;
  }
  return w;
}

WorldRun run_tcp_world_observed(const WorldSetup& setup, WorldObservation& observation, sim::TraceSink* sink,
                                const TcpWorldOptions& options) {
  sim::Simulator sim(sim::Seed(setup.seed));
  if (sink) sim.trace().attach(*sink);
  WorldRun r;
  {
    TcpWorld world(sim, setup, options);
    r.connections = world.run();
    r.run_error = world.run_error();
    observe_connections(world, r.connections);
    observation = observe_world(world, setup, r.connections);
    if (sink) sim.trace().detach(*sink);
    r.trace_hash = sim.trace().hash();
    r.trace_records = sim.trace().records();
    r.stats = sim.stats();
    r.events = r.stats.events_processed;
  }
  return r;
}

}  // namespace smc::world
