#include "conformance/scenario_lifecycle.h"

#include <algorithm>

namespace smc::conformance {

world::AppClosePlan app_close_plan(const scenarios::AppSpec& app) {
  world::AppClosePlan p;
  using world::AppClose;
  p.action = app.close == "never"            ? AppClose::Never
             : app.close == "abort"          ? AppClose::Abort
             : app.close == "shutdown-write" ? AppClose::ShutdownWrite
             : app.close == "after-eof"      ? AppClose::AfterEof
                                             : AppClose::AfterData;
  p.at_ns = app.close_at_ns;
  return p;
}

void apply_app_close(const scenarios::AppSpec& client, const scenarios::AppSpec& server, world::ConnectionSetup& cs) {
  cs.client_close = app_close_plan(client);
  cs.server_close = app_close_plan(server);
}

std::optional<std::string> add_timed_rdma_fault(const scenarios::FaultSpec& f, world::ConnectionSetup& cs) {
  auto slash = f.target.find('/');
  if (slash == std::string::npos || !f.at_ns)
    return "fault '" + f.kind + "' needs target = \"host/device\" and at";
  world::TimedRdmaFault t;
  t.kind = f.kind;
  t.host = f.target.substr(0, slash);
  t.device = f.target.substr(slash + 1);
  t.at_ns = *f.at_ns;
  // Only faults on this connection's hosts; each is applied once per world however many
  // connections carry it (rdma_fault_schedule.cc).
  if ((t.host == cs.client_host || t.host == cs.server_host) &&
      std::find(cs.rdma_faults.begin(), cs.rdma_faults.end(), t) == cs.rdma_faults.end())
    cs.rdma_faults.push_back(t);
  return std::nullopt;
}

}  // namespace smc::conformance
