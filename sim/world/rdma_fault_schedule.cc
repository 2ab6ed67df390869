#include "sim/world/rdma_fault_schedule.h"

#include <algorithm>
#include <vector>

#include "sim/world/tcp_world.h"

namespace smc::world {

void schedule_rdma_faults(sim::Simulator& sim, TcpWorld& world, const WorldSetup& setup) {
  std::vector<TimedRdmaFault> faults;
  for (const auto& c : setup.connections)
    for (const auto& f : c.rdma_faults)
      if (std::find(faults.begin(), faults.end(), f) == faults.end()) faults.push_back(f);
  for (const auto& f : faults)
    sim.schedule_at(sim::at_ns(f.at_ns), [&sim, &world, f] { apply_rdma_fault(sim, world, f); });
}

bool apply_rdma_fault(sim::Simulator& sim, TcpWorld& world, const TimedRdmaFault& f) {
  auto trace = [&](const char* what) {
    sim.trace().record(sim.now(), "world", "rdma.fault",
                       {{"kind", f.kind}, {"target", f.host + "/" + f.device}, {"result", what}});
  };
  SmcrHostStack* stack = world.smcr_host(f.host);
  sim::SimRnic* rnic = stack ? stack->rnic(f.device) : nullptr;
  if (!rnic) {
    trace("no such device");
    return false;
  }
  if (f.kind == "port-down") {
    for (const auto& p : rnic->attributes().ports) rnic->set_port_state(p.port_num, ports::PortState::Down);
    trace("ports down");
  } else if (f.kind == "qp-error") {
    bool hit = false;
    for (const auto& [id, g] : stack->links().link_groups()) {
      for (link::SmcLink* l : g->links()) {
        if (hit || &l->rnic() != static_cast<ports::RnicDevice*>(rnic)) continue;
        ports::QpModify m;
        m.target = ports::QpState::Err;
        (void)rnic->modify_qp(l->qp(), m);
        hit = true;
      }
      if (hit) break;
    }
    trace(hit ? "qp to ERR" : "no link on the device");
    if (!hit) return false;
  } else {
    trace("unknown kind");
    return false;
  }
  for (const auto& r : world.runs())
    if (SmcrDataSession* s = r->smcr_session_for_faults()) s->watch_links();
  return true;
}

}  // namespace smc::world
