// The seed's performance sections, each in the direction the seed describes (issue 7), from
// the catalogue's seed/perf-* cases run through the model; the set-up taken from a real
// simulated handshake; and the [perf] table as a conformance verdict.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>

#include "conformance/case_runner.h"
#include "conformance/perf/perf_case.h"
#include "conformance/perf/setup_probe.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_writer.h"

using namespace smc;
using namespace smc::perf;

namespace {

std::string source_dir() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return d ? d : ".";
}

scenarios::Scenario load(const std::string& name) {
  auto s = scenarios::load_scenario_file(source_dir() + "/scenarios/catalogue/seed/" + name + ".toml");
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().to_string()));
  REQUIRE(s->perf.has_value());
  return *s;
}

PerfReport report(const std::string& name) {
  auto r = run_perf(load(name));
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error()));
  MESSAGE(format_perf_table(*r));
  return *r;
}

bool has_label(const SetupScript& s, const std::string& prefix) {
  for (const auto& st : s.steps)
    if (st.label.rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("CPU-bound application: little effect") {
  auto r = report("perf-cpu-bound");
  CHECK(r.observed == "same");
  CHECK(r.ratio > 0.95);
  CHECK(r.ratio < 1.05);
  CHECK(r.pass);
}

TEST_CASE("RDMA header overhead: slightly lower throughput at equal bandwidth, less with jumbo frames") {
  auto std_mtu = report("perf-header-overhead");
  auto jumbo = report("perf-jumbo-frames");
  CHECK(std_mtu.observed == "tcp-faster");
  CHECK(std_mtu.ratio > 0.95);  // slightly
  CHECK(jumbo.ratio < 1.0);
  CHECK(jumbo.ratio > std_mtu.ratio);  // jumbo frames mitigate
  // Both transports fill the link: the throughput is within the header overhead of 4 Gb/s.
  CHECK(std_mtu.tcp.throughput_bps > 0.93 * 4e9);
  CHECK(std_mtu.tcp.throughput_bps < 4e9);
  CHECK(jumbo.tcp.throughput_bps > std_mtu.tcp.throughput_bps);
  CHECK(std_mtu.pass);
  CHECK(jumbo.pass);
}

TEST_CASE("short-lived connections: SMC-R set-up outweighs the benefit") {
  auto r = report("perf-short-lived");
  CHECK(r.observed == "tcp-faster");
  CHECK(r.smc.mean_setup_ns > r.tcp.mean_setup_ns);
  CHECK(r.pass);
}

TEST_CASE("PPS limit: TCP serves more queries at the cap, SMC-R more without it") {
  auto capped = report("perf-pps-limit");
  auto open = report("perf-pps-headroom");
  CHECK(capped.observed == "tcp-faster");
  CHECK(open.observed == "smc-faster");
  // RDMA sends more packets per request (seed): the reason for the first.
  auto per_request = [](const PerfFigures& f) {
    return static_cast<double>(f.client_frames + f.server_frames) / static_cast<double>(f.requests);
  };
  CHECK(per_request(capped.smc) > per_request(capped.tcp));
  // At the cap the busier NIC sends at most 100 k frames a second.
  const double secs = static_cast<double>(capped.tcp.elapsed_ns) / 1e9;
  CHECK(static_cast<double>(capped.tcp.client_frames) / secs <= 100'000.0 * 1.001);
  CHECK(capped.pass);
  CHECK(open.pass);
}

TEST_CASE("baseline: latency-bound request/response is faster over SMC-R") {
  auto r = report("perf-latency-bound");
  CHECK(r.observed == "smc-faster");
  CHECK(r.smc.mean_latency_ns < r.tcp.mean_latency_ns);
  // At least one round trip of 2 x 5 us each way.
  CHECK(r.tcp.mean_latency_ns > 10'000);
  CHECK(r.smc.mean_latency_ns > 10'000);
  CHECK(r.pass);
}

TEST_CASE("set-up comes from a real simulated handshake") {
  auto setup = probe_setup(load("perf-short-lived"));
  REQUIRE_MESSAGE(setup.ok(), (setup.ok() ? "" : setup.error()));
  CHECK(setup->tcp.source == "simulated handshake");
  CHECK(setup->tcp.steps.size() >= 2);
  CHECK(setup->tcp.steps[0].label == "SYN");
  CHECK(setup->tcp.steps[1].label == "SYN-ACK");
  CHECK(has_label(setup->smc_first, "CLC Proposal"));
  CHECK(has_label(setup->smc_first, "CLC Accept"));
  CHECK(has_label(setup->smc_first, "LLC"));       // first contact confirms the link
  CHECK(has_label(setup->smc_reuse, "CLC Accept"));
  CHECK_FALSE(has_label(setup->smc_reuse, "LLC"));  // LGR reuse: no LLC exchange
  // TCP: one round trip; SMC-R adds the CLC round trips, first contact the LLC ones as well.
  CHECK(setup->tcp.measured_ns >= 2 * 5'000);
  CHECK(setup->smc_reuse.measured_ns >= setup->tcp.measured_ns + 2 * 2 * 5'000);
  CHECK(setup->smc_first.measured_ns > setup->smc_reuse.measured_ns);
}

TEST_CASE("with no CPU costs the replayed set-up takes as long as the real handshake") {
  auto s = load("perf-short-lived");
  auto setup = probe_setup(s);
  REQUIRE(setup.ok());
  auto params = params_from_scenario(s);
  REQUIRE(params.ok());
  for (const auto& [name, value] : list_params(params->cpu))
    if (name != "smc_cursor_update_bytes") REQUIRE(set_param(params->cpu, name, 0).ok());
  Workload w;
  w.kind = WorkloadKind::ShortLived;
  w.connections = 1;
  auto tcp = simulate(Transport::Tcp, w, *params, *setup);
  auto smc = simulate(Transport::Smc, w, *params, *setup);
  REQUIRE(tcp.error.empty());
  REQUIRE(smc.error.empty());
  MESSAGE("replayed TCP " << tcp.mean_setup_ns << " ns vs " << setup->tcp.measured_ns << " ns; SMC-R first contact "
                          << smc.mean_setup_ns << " ns vs " << setup->smc_first.measured_ns << " ns");
  CHECK(tcp.mean_setup_ns == doctest::Approx(static_cast<double>(setup->tcp.measured_ns)).epsilon(0.05));
  CHECK(smc.mean_setup_ns == doctest::Approx(static_cast<double>(setup->smc_first.measured_ns)).epsilon(0.05));
}

TEST_CASE("the [perf] expectation is a verdict of the conformance case") {
  auto s = load("perf-pps-limit");
  auto ok = conformance::run_case(s);
  CHECK(ok.outcome == conformance::Outcome::Pass);
  bool found = false;
  for (const auto& v : ok.verdicts)
    if (v.expected == "perf tcp-faster") found = v.pass;
  CHECK(found);
  s.perf->expect = "smc-faster";
  auto wrong = conformance::run_case(s);
  CHECK(wrong.outcome == conformance::Outcome::Fail);
}

TEST_CASE("[perf] table: parse errors name the problem") {
  const std::string head = R"([scenario]
id = "seed/perf-x"
[[segment]]
name = "lan0"
[[host]]
name = "client"
  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.1/24"]
[[app]]
name = "cli"
host = "client"
role = "client"
connect = "10.0.0.2:5000"
)";
  auto bulk = scenarios::parse_scenario_text(head + "[perf]\nworkload = \"bulk\"\nexpect = \"same\"\n", "t.toml");
  REQUIRE_FALSE(bulk.ok());
  CHECK(bulk.error().to_string().find("needs 'bytes'") != std::string::npos);
  auto no_expect = scenarios::parse_scenario_text(head + "[perf]\nworkload = \"bulk\"\nbytes = 1000\n", "t.toml");
  REQUIRE_FALSE(no_expect.ok());
  CHECK(no_expect.error().to_string().find("expect") != std::string::npos);
  auto bad_client = scenarios::parse_scenario_text(head + "[perf]\nclient = \"nobody\"\nexpect = \"same\"\n", "t.toml");
  REQUIRE_FALSE(bad_client.ok());
  CHECK(bad_client.error().to_string().find("not a client app") != std::string::npos);
  auto good = scenarios::parse_scenario_text(
      head + "[perf]\nworkload = \"short-lived\"\nconnections = 10\ncompute = \"5us\"\nexpect = \"tcp-faster\"\n"
             "tolerance = 0.2\nmodel = { rdma_link_ns = 7 }\n",
      "t.toml");
  REQUIRE_MESSAGE(good.ok(), (good.ok() ? "" : good.error().to_string()));
  CHECK(good->perf->compute_ns == 5'000);
  CHECK(good->perf->tolerance == doctest::Approx(0.2));
  auto p = params_from_scenario(*good);
  REQUIRE(p.ok());
  CHECK(p->cpu.rdma_link_ns == 7);
  CHECK(p->net.mtu == 1500);
  CHECK(p->net.pps_cap == 0);
}

TEST_CASE("every seed/perf case round-trips through the writer, and runs are deterministic") {
  for (const char* name : {"perf-cpu-bound", "perf-header-overhead", "perf-jumbo-frames", "perf-short-lived",
                           "perf-pps-limit", "perf-pps-headroom", "perf-latency-bound"}) {
    CAPTURE(name);
    auto s = load(name);
    auto back = scenarios::parse_scenario_text(scenarios::write_scenario(s), "written.toml");
    REQUIRE(back.ok());
    CHECK(scenarios::same_scenario(s, *back));
    auto changed = *back;
    changed.perf->tolerance += 0.01;
    CHECK_FALSE(scenarios::same_scenario(s, changed));
  }
  auto a = run_perf(load("perf-short-lived"));
  auto b = run_perf(load("perf-short-lived"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(format_perf_json(*a) == format_perf_json(*b));
}
