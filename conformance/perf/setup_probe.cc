#include "conformance/perf/setup_probe.h"

#include <cstdlib>

#include "conformance/perf/packet_model.h"
#include "conformance/scenario_world.h"
#include "sim/world/tcp_world.h"

namespace smc::perf {

namespace {

std::size_t len_of(const std::string& detail) {
  auto at = detail.find("len=");
  if (at == std::string::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(detail.c_str() + at + 4, nullptr, 10));
}

// The scenario reduced to the measured client (with `connections` connections, one after
// the other) and the server it connects to; faults and expectations go.
scenarios::Scenario probe_scenario(const scenarios::Scenario& s, const scenarios::AppSpec& client, bool tcp,
                                   std::int64_t connections) {
  scenarios::Scenario p = s;
  p.expectations.clear();
  p.perf.reset();
  p.apps.clear();
  for (const auto& a : s.apps) {
    if (a.role == "client" && a.name != client.name) continue;
    auto b = a;
    if (tcp) b.socket = "tcp";
    if (b.role == "client") {
      b.connections = connections;
      b.concurrency = 1;
      b.send_bytes = 0;
    }
    p.apps.push_back(std::move(b));
  }
  return p;
}

}  // namespace

const scenarios::AppSpec* perf_client(const scenarios::Scenario& s) {
  for (const auto& a : s.apps)
    if (a.role == "client" && (!s.perf || s.perf->client.empty() || a.name == s.perf->client)) return &a;
  return nullptr;
}

SetupScript script_from_outcome(const world::ConnectionOutcome& o, std::int64_t start_ns,
                                const std::string& client_host) {
  SetupScript script;
  script.source = "simulated handshake";
  script.measured_ns = o.client_done_ns - start_ns;
  // A TCP segment carrying a CLC message is logged twice: as the segment and as the message.
  // The segment gives the frame; the CLC entry sent in the same instant gives its name.
  for (const auto& e : o.messages) {
    if (e.sent_ns < start_ns || e.sent_ns > o.client_done_ns) continue;
    if (e.layer != world::MessageLayer::Tcp && e.layer != world::MessageLayer::Llc) continue;
    if (e.label.find("retransmission") != std::string::npos) continue;
    SetupStep st;
    st.from_client = e.from == client_host;
    st.roce = e.layer == world::MessageLayer::Llc;
    st.label = e.label;
    const std::size_t len = len_of(e.detail);
    if (st.roce) {
      st.frame_bytes = roce_send_frame(len == 0 ? kCdcMessage : len).bytes;
    } else if (e.label == "SYN" || e.label == "SYN-ACK") {
      // The world's ladder names the SMC experimental option "SMC" among the SYN's options.
      st.frame_bytes = tcp_syn_frame(e.detail.find("SMC") != std::string::npos);
    } else {
      st.frame_bytes = len == 0 ? tcp_control_frame() : tcp_payload_frame(len);
      for (const auto& c : o.messages)
        if (c.layer == world::MessageLayer::Clc && c.sent_ns == e.sent_ns && c.from == e.from && len > 0)
          st.label = c.label;
    }
    script.steps.push_back(std::move(st));
  }
  return script;
}

Result<SetupScripts, std::string> probe_setup(const scenarios::Scenario& s) {
  const scenarios::AppSpec* client = perf_client(s);
  if (!client) return smc::unexpected(std::string("no client app to measure"));
  SetupScripts out;
  {
    auto setup = conformance::build_world_setup(probe_scenario(s, *client, false, 2));
    if (!setup) return smc::unexpected("the simulated world cannot run the scenario: " + setup.error());
    auto run = world::run_tcp_world(*setup);
    if (!run.run_error.empty()) return smc::unexpected("the SMC-R handshake run stopped short: " + run.run_error);
    if (run.connections.size() < 2) return smc::unexpected(std::string("the SMC-R handshake run made no connection"));
    for (std::size_t i = 0; i < 2; ++i) {
      const auto& o = run.connections[i];
      if (o.client_mode() != "SMCR")
        return smc::unexpected("connection " + std::to_string(i + 1) + " of the scenario ends " + o.client_mode() +
                               ", not SMCR: no SMC-R set-up to measure");
    }
    out.smc_first = script_from_outcome(run.connections[0], setup->connections[0].start_ns,
                                        setup->connections[0].client_host);
    out.smc_reuse = script_from_outcome(run.connections[1], setup->connections[1].start_ns,
                                        setup->connections[1].client_host);
    bool llc = false;
    for (const auto& st : out.smc_reuse.steps) llc = llc || st.roce;
    if (llc) {
      // The world made a second link group instead of reusing the first: the reuse set-up
      // is the first contact's without its LLC exchange (the CLC messages stay: a reusing
      // Accept and Confirm are as long), not measured.
      out.smc_reuse = out.smc_first;
      out.smc_reuse.steps.clear();
      for (const auto& st : out.smc_first.steps)
        if (!st.roce) out.smc_reuse.steps.push_back(st);
      out.smc_reuse.measured_ns = -1;
      out.smc_reuse.source = "simulated first contact without its LLC steps";
    }
  }
  {
    auto setup = conformance::build_world_setup(probe_scenario(s, *client, true, 1));
    if (!setup) return smc::unexpected("the simulated world cannot run the TCP variant: " + setup.error());
    auto run = world::run_tcp_world(*setup);
    if (!run.run_error.empty() || run.connections.empty() || run.connections[0].client_done_ns < 0)
      return smc::unexpected(std::string("the plain TCP handshake run did not complete"));
    out.tcp = script_from_outcome(run.connections[0], setup->connections[0].start_ns,
                                  setup->connections[0].client_host);
  }
  return out;
}

}  // namespace smc::perf
