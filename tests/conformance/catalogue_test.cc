// The conformance catalogue in the simulated world (real simulated TCP, sim/world/tcp_world.h): every case passes with the expectations
// written from fallback-causes.md §12, every id is one of protocol/knowledge/case_ids, runs
// are deterministic, and a wrong expectation is reported as a failure.
#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

#include "conformance/case_runner.h"
#include "conformance/report.h"
#include "protocol/knowledge/case_ids.h"
#include "sim/kernel/determinism.h"
#include "conformance/scenario_world.h"
#include "sim/world/tcp_world.h"

using namespace smc::conformance;

namespace {

std::string source_dir() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return d ? d : ".";
}

Catalogue catalogue() {
  auto c = load_catalogue(source_dir() + "/scenarios/catalogue");
  REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().to_string()));
  return *c;
}

}  // namespace

TEST_CASE("every catalogue case passes in the simulator") {
  auto cat = catalogue();
  CHECK(cat.cases.size() >= 14);
  auto results = run_catalogue(cat, {});
  for (const auto& r : results) {
    INFO(r.id << ": expected " << r.expected << " observed " << r.observed << " " << r.note);
    CHECK(r.outcome == Outcome::Pass);
  }
  auto s = summarise(results);
  CHECK(s.failed == 0);
  CHECK(format_table(results).ends_with(std::to_string(s.passed) + " passed, 0 failed\n"));
}

TEST_CASE("catalogue ids are the knowledge base's case ids, each once") {
  std::set<std::string> seen;
  for (const auto& s : catalogue().cases) {
    INFO(s.file);
    CHECK(smc::knowledge::find_case(s.id) != nullptr);
    CHECK(seen.insert(s.id).second);
    const auto* k = smc::knowledge::find_case(s.id);
    if (k && !k->matrix_row.empty()) CHECK(s.reference == "fallback-causes.md §12 row " + std::string(k->matrix_row));
  }
}

TEST_CASE("the requested first rows are all in the catalogue") {
  std::set<std::string> ids;
  for (const auto& s : catalogue().cases) ids.insert(s.id);
  for (const char* row : {"0a", "0b", "10", "15", "16", "23", "27", "29", "31", "33", "53", "55", "73", "74"}) {
    bool found = false;
    for (const auto& k : smc::knowledge::all_case_ids())
      if (k.matrix_row == row && ids.count(std::string(k.id))) found = true;
    INFO("row " << row);
    CHECK(found);
  }
}

TEST_CASE("a wrong expectation fails, and the prefix selects cases") {
  auto cat = catalogue();
  auto sel = run_catalogue(cat, {"success/smcr-v2"});
  REQUIRE(sel.size() == 1);
  CHECK(sel[0].outcome == Outcome::Pass);
  auto s = cat.cases.front();
  for (auto& c : cat.cases)
    if (c.id == "success/smcr-v2") s = c;
  s.expectations[0].mode = "TCP";
  s.expectations[0].local_code = 0x03010000;
  auto r = run_case(s);
  CHECK(r.outcome == Outcome::Fail);
  CHECK(summary_line(summarise({r})) == "0 passed, 1 failed");
  s.deviation = "known";
  CHECK(run_case(s).outcome == Outcome::DeviationExpected);
  s.deviation.clear();
  s.backends = {"kernel-lab"};
  CHECK(run_case(s).outcome == Outcome::UnsupportedOnBackend);
}

TEST_CASE("same seed, same trace hash; the determinism check agrees") {
  for (const auto& s : catalogue().cases) {
    INFO(s.id);
    auto a = run_case(s);
    auto b = run_case(s);
    CHECK(a.trace_hash != 0);
    CHECK(a.trace_hash == b.trace_hash);
  }
  auto cat = catalogue();
  auto setup = build_world_setup(cat.cases.front());
  REQUIRE(setup.ok());
  auto report = smc::sim::check_determinism(smc::sim::Seed(setup->seed), [&](smc::sim::Simulator& sim) {
    smc::world::TcpWorld w(sim, *setup);
    w.run();
  });
  CHECK(report.deterministic());
}

TEST_CASE("virtual time: row 74's client times out after the 6 s CLC wait") {
  for (const auto& s : catalogue().cases) {
    if (s.id != "error/accept-timeout") continue;
    auto setup = build_world_setup(s);
    REQUIRE(setup.ok());
    auto run = smc::world::run_tcp_world(*setup);
    REQUIRE(run.connections.size() == 1);
    // Established after SYN + SYN-ACK (2 × 5 µs), then clc_wait = 6 s (fallback-causes.md §2.2 C10).
    CHECK(run.connections[0].client_done_ns == 6'000'000'000LL + 10'000);
  }
}

TEST_CASE("reports: json and junit carry every case") {
  auto results = run_catalogue(catalogue(), {"error/"});
  CHECK(results.size() == 6);  // §12 rows 37, 73, 74, 75; the network cases' partition and link-down
  auto j = format_json(results);
  CHECK(j.find("{\"cases\":[{\"id\":\"error/proposal-no-v2-ext-strict\"") == 0);  // sorted by file: row-37 first
  CHECK(j.find("\"summary\":{\"passed\":6,\"failed\":0") != std::string::npos);
  auto x = format_junit(results);
  CHECK(x.find("tests=\"6\" failures=\"0\"") != std::string::npos);
}

TEST_CASE("virtual time: row 4's server declines at ≈3 s, the client falls back at ≈4 s") {
  for (const auto& s : catalogue().cases) {
    if (s.id != "decline/0x02010000-rdma-dead") continue;
    auto setup = build_world_setup(s);
    REQUIRE(setup.ok());
    auto run = smc::world::run_tcp_world(*setup);
    REQUIRE(run.connections.size() == 1);
    // fallback-causes.md §12 row 4 (server 2 s LLC wait + 1 s decline wait; client 4 s C19),
    // each counted from the side's last CLC step: 5 µs per hop on lan0.
    CHECK(run.connections[0].server_done_ns == 3'000'000'000LL + 25'000);
    CHECK(run.connections[0].client_done_ns == 4'000'000'000LL + 20'000);
  }
}
