#pragma once
// A scenario's [perf] table run through the performance model: the network of the measured
// client's segment, the set-up from a real simulated handshake (setup_probe.h), the workload
// over TCP and over SMC-R, and the comparison `smcsim perf` prints and `smcsim conform`
// checks as one more verdict of the case.
#include <string>

#include "conformance/case_result.h"
#include "conformance/perf/perf_params.h"
#include "conformance/perf/perf_sim.h"
#include "protocol/common/result.h"
#include "scenarios/scenario.h"

namespace smc::perf {

struct PerfReport {
  std::string id;
  std::string title;
  Workload workload;
  PerfParams params;
  SetupScripts setup;
  PerfFigures tcp;
  PerfFigures smc;
  std::string metric;      // qps | throughput | latency
  double tcp_value = 0;
  double smc_value = 0;
  // SMC-R relative to TCP, > 1 when SMC-R does better: SMC/TCP for qps and throughput,
  // TCP/SMC for latency.
  double ratio = 0;
  double tolerance = 0.05;
  std::string observed;    // smc-faster | tcp-faster | same
  std::string expected;
  bool pass = false;
};

// The workload and parameters a scenario's [perf] describes (its segment's bandwidth, delay,
// PPS cap and MTU; the model overrides). An error names the bad input.
Result<PerfParams, std::string> params_from_scenario(const scenarios::Scenario& s);
Workload workload_from_spec(const scenarios::PerfSpec& p);

// "smc-faster" when ratio > 1 + tolerance, "tcp-faster" when ratio < 1 - tolerance, else "same".
std::string classify(double ratio, double tolerance);

Result<PerfReport, std::string> run_perf(const scenarios::Scenario& s);

// The [perf] expectation as a conformance verdict (a failed run is a failed verdict).
conformance::ExpectVerdict perf_verdict(const scenarios::Scenario& s);

std::string format_perf_table(const PerfReport& r);
std::string format_perf_json(const PerfReport& r);

}  // namespace smc::perf
