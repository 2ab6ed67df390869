#pragma once
// The performance model's run: two hosts ("client", "server") on one sim/net cable with the
// scenario's bandwidth, delay and per-NIC PPS cap, each with one CPU that executes the
// per-operation costs of CpuParams one after the other. A workload runs over TCP or over
// SMC-R; every frame of docs/performance-model.md really crosses the cable, so the NIC's
// packet slots, the link's transmitter and the CPUs are real queues. Integer time, no
// randomness: the same input gives the same figures.
#include <cstdint>
#include <string>
#include <vector>

#include "conformance/perf/perf_params.h"

namespace smc::perf {

enum class Transport : std::uint8_t { Tcp, Smc };
const char* to_string(Transport t);  // "TCP", "SMC-R"

enum class WorkloadKind : std::uint8_t { RequestResponse, Bulk, ShortLived };
const char* to_string(WorkloadKind k);  // "request-response", "bulk", "short-lived"

struct Workload {
  WorkloadKind kind = WorkloadKind::RequestResponse;
  std::int64_t requests = 1'000;       // request-response: in total, spread over the connections
  std::int64_t request_bytes = 64;
  std::int64_t response_bytes = 64;
  std::int64_t concurrency = 1;        // connections working at once (each one request at a time)
  std::int64_t compute_ns = 0;         // the server application's work per request, on its CPU
  std::int64_t bytes = 0;              // bulk: client to server
  std::int64_t chunk_bytes = 65'536;   // bulk: one send() per chunk
  std::int64_t connections = 0;        // short-lived: connections, one request each
};

// One message of a connection's set-up as a real run put it on the wire.
struct SetupStep {
  bool from_client = true;
  bool roce = false;             // an LLC message on the RoCE fabric; else a TCP segment
  std::size_t frame_bytes = 0;
  std::string label;             // "SYN", "CLC Proposal", "LLC Confirm Link" ...
};
struct SetupScript {
  std::vector<SetupStep> steps;  // in the order they were sent, up to the client's "established"
  std::int64_t measured_ns = -1; // the real run's connect -> established, -1 if not measured
  std::string source = "built-in";  // "built-in" or "simulated handshake"
};
// The handshakes when no real run is at hand: TCP's three segments; SMC-R's CLC exchange,
// plus LLC Confirm Link on first contact.
SetupScript default_setup(Transport t, bool first_contact);

struct SetupScripts {
  SetupScript tcp = default_setup(Transport::Tcp, false);
  SetupScript smc_first = default_setup(Transport::Smc, true);
  SetupScript smc_reuse = default_setup(Transport::Smc, false);
};

struct PerfFigures {
  std::int64_t requests = 0;          // completed requests (bulk: 0)
  std::int64_t bytes = 0;             // application bytes delivered (both directions)
  std::int64_t elapsed_ns = 0;        // from the start to the last completion
  double qps = 0;
  double throughput_bps = 0;          // application bits per second
  double mean_latency_ns = 0;         // per request; short-lived: including the set-up
  double mean_setup_ns = 0;           // short-lived: connect -> established
  std::uint64_t client_frames = 0;    // frames each NIC sent
  std::uint64_t server_frames = 0;
  std::uint64_t client_cpu_ns = 0;    // CPU time each host spent
  std::uint64_t server_cpu_ns = 0;
  std::string error;                  // non-empty: the run did not complete
};

PerfFigures simulate(Transport t, const Workload& w, const PerfParams& p, const SetupScripts& setup = {});

}  // namespace smc::perf
