#pragma once
// The set-up a performance case's connections go through, taken from a real run of the
// scenario's connection in the simulated world (sim/world TcpWorld: real TCP, real CLC and
// LLC): the scenario once as written (SMC-R: the first connection makes the link group, the
// second reuses it) and once with both applications on plain TCP sockets. Each connection's
// ladder, from connect() to the client's "established", becomes a SetupScript: the messages
// in the order they were sent, their direction and frame size.
#include <string>

#include "conformance/perf/perf_sim.h"
#include "protocol/common/result.h"
#include "scenarios/scenario.h"
#include "sim/world/connection_outcome.h"

namespace smc::perf {

// The client app of s the case measures: [perf] client, or the first client app.
const scenarios::AppSpec* perf_client(const scenarios::Scenario& s);

// The steps of one connection's ladder up to the client's established instant; the
// connection's start is `start_ns`, its client runs on `client_host`. Exposed for tests.
SetupScript script_from_outcome(const world::ConnectionOutcome& o, std::int64_t start_ns,
                                const std::string& client_host);

// An error says why no SMC-R set-up could be measured (the scenario's connection does not
// end SMCR, the world cannot express the scenario).
Result<SetupScripts, std::string> probe_setup(const scenarios::Scenario& s);

}  // namespace smc::perf
