#pragma once
// A catalogue scenario as a kernel-lab case, or the reason the lab cannot express it
// (conventions §1 "devices differ; say how, in one place"). The one-guest lab is one Linux
// 6.12 kernel holding both hosts: whatever is global to a kernel (UEID table, net.smc
// sysctls, pnet table) must be the same on both hosts, RDMA devices are rxe (RoCEv2 GIDs
// only), and the applications are real sockets (no scripted peer, no faults, no middlebox).
#include <optional>
#include <string>
#include <vector>

#include "hw/lab/lab_case.h"
#include "scenarios/scenario.h"

namespace smc::lab {

// The kernel the lab boots, and therefore the profile the simulator is compared at.
inline constexpr const char* kLabProfile = "linux-6.12";

struct LabTranslation {
  std::optional<LabCase> lab;       // set when the lab can run the scenario
  std::string unsupported;          // else: why not ("unsupported-on-backend: <this>")
  std::string client_app;           // the scenario's app names the lab's two roles play
  std::string server_app;
  // The scenario as the lab really runs it (rxe devices, the lab profile): the simulator
  // runs this one for the differential, so both sides see the same setup.
  scenarios::Scenario as_run;
  std::vector<std::string> adaptations;  // what the lab changed, for the report
};

// `port` is the case's TCP port (each case gets its own, so no TIME_WAIT or lingering link
// group of an earlier case can answer for it).
LabTranslation translate_scenario(const scenarios::Scenario& s, int port = 5000);

// "SOL_SOCKET"/"1" → 1, "SO_RCVBUF"/"8" → 8 ...; nullopt for a name the lab does not know.
std::optional<int> sockopt_level(const std::string& name);
std::optional<int> sockopt_name(const std::string& name);

}  // namespace smc::lab
