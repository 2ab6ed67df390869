// Every catalogue case in the TCP world gives the outcome the handshake world gives: both
// sides' smcss mode, the client's errno, whether the data arrived intact, and the CLC wire
// column. The handshake world is the reference here because its outcomes are the ones the
// catalogue's expectations (fallback-causes.md §12) were checked against; the comparison is
// on codes, never on instants (the TCP world adds serialization and stack timing).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>

#include "sim/world/handshake_world.h"
#include "sim/world/tcp_world.h"
#include "tests/world/world_cases.h"

using namespace smc;
using namespace smc::world;

namespace {

std::string errno_text(const std::optional<int>& e) { return e ? errno_name(*e) : "-"; }

std::string summary(const ConnectionOutcome& o) {
  return o.client_app + "#" + std::to_string(o.index) + " client=" + o.client_mode() + " server=" + o.server_mode() +
         " errno=" + errno_text(o.client_errno) + " intact=" + (o.data_intact ? "yes" : "no") +
         " wire=" + o.wire_text();
}

// The handshake world has no network, link layer or SMC close: faults on the cables, on the
// SMC-R link layer (LLC loss, link-group races), timed RDMA faults and SMC close plans exist
// only in the TCP world.
bool tcp_world_only(const WorldSetup& setup) {
  return !setup.network.faults.empty() ||
         std::any_of(setup.connections.begin(), setup.connections.end(), [](const ConnectionSetup& cs) {
           const auto& f = cs.link_failures;
           return !f.llc.empty() || !f.events.empty() || !f.reuse_race_hosts.empty() || !cs.rdma_faults.empty() ||
                  cs.client_close.action != AppClose::Never || cs.server_close.action != AppClose::Never;
         });
}

}  // namespace

TEST_CASE("every catalogue case: the TCP world agrees with the handshake world") {
  std::vector<std::string> skipped;
  auto cases = test::catalogue_cases(&skipped);
  CHECK(cases.size() >= 30);
  for (const auto& s : skipped) MESSAGE("not expressible: " << s);

  using Clock = std::chrono::steady_clock;  // wall time: statistics only, never in a trace
  Clock::duration handshake_wall{}, tcp_wall{};
  std::size_t connections = 0, same_instants = 0;
  std::uint64_t handshake_events = 0, tcp_events = 0;
  std::clock_t handshake_cpu = 0, tcp_cpu = 0;  // CPU time: less at the mercy of a busy machine
  for (const auto& c : cases) {
    INFO(c.id);
    if (tcp_world_only(c.setup)) {
      MESSAGE("network, link-layer faults or SMC close: TCP world only: " << c.id);
      continue;
    }
    auto t0 = Clock::now();
    std::clock_t c0 = std::clock();
    WorldRun ideal = run_world(c.setup);
    auto t1 = Clock::now();
    std::clock_t c1 = std::clock();
    WorldRun tcp = run_tcp_world(c.setup);
    auto t2 = Clock::now();
    std::clock_t c2 = std::clock();
    handshake_cpu += c1 - c0;
    tcp_cpu += c2 - c1;
    handshake_wall += t1 - t0;
    tcp_wall += t2 - t1;
    handshake_events += ideal.events;
    tcp_events += tcp.events;
    CHECK(ideal.run_error == "");
    CHECK(tcp.run_error == "");
    REQUIRE(ideal.connections.size() == tcp.connections.size());
    for (std::size_t i = 0; i < ideal.connections.size(); ++i) {
      const auto& a = ideal.connections[i];
      const auto& b = tcp.connections[i];
      INFO("handshake world: " << summary(a));
      INFO("tcp world:       " << summary(b));
      CHECK(a.client_mode() == b.client_mode());
      CHECK(a.server_mode() == b.server_mode());
      CHECK(errno_text(a.client_errno) == errno_text(b.client_errno));
      CHECK(a.data_sent == b.data_sent);
      CHECK(a.data_intact == b.data_intact);
      CHECK(a.wire == b.wire);
      CHECK(a.server_dropped == b.server_dropped);
      if (a.client && b.client) CHECK(a.client->smcss_mode() == b.client->smcss_mode());
      ++connections;
      // Instants are not part of the contract (TCP may add round trips); count the agreement.
      if (a.client_done_ns == b.client_done_ns && a.server_done_ns == b.server_done_ns) ++same_instants;
      else MESSAGE(c.id << ": done at client " << a.client_done_ns << " / " << b.client_done_ns << " ns, server "
                        << a.server_done_ns << " / " << b.server_done_ns << " ns (handshake / tcp world)");
    }
  }
  auto ms = [](Clock::duration d) { return std::chrono::duration_cast<std::chrono::microseconds>(d).count() / 1000.0; };
  MESSAGE(same_instants << " of " << connections << " connections end at the same instants in both worlds");
  MESSAGE(cases.size() << " cases, " << connections << " connections: handshake world " << ms(handshake_wall)
                       << " ms / " << handshake_events << " events, tcp world " << ms(tcp_wall) << " ms / "
                       << tcp_events << " events (wall, one run each); CPU " << 1000.0 * handshake_cpu / CLOCKS_PER_SEC
                       << " ms vs " << 1000.0 * tcp_cpu / CLOCKS_PER_SEC << " ms");
}

TEST_CASE("the TCP world passes exactly the catalogue expectations the handshake world passes") {
  // The expectations are fallback-causes.md §12's columns; a case the handshake world fails
  // today (a catalogue row still being worked on) must fail the same way here, not differently.
  std::size_t passed = 0, total = 0;
  for (const auto& s : conformance::catalogue_files(test::source_dir() + "/scenarios/catalogue")) {
    auto sc = scenarios::load_scenario_file(s);
    REQUIRE(sc.ok());
    auto setup = conformance::build_world_setup(*sc);
    if (!setup || tcp_world_only(*setup)) continue;
    auto ideal = conformance::check_expectations(*sc, run_world(*setup).connections);
    auto tcp = conformance::check_expectations(*sc, run_tcp_world(*setup).connections);
    REQUIRE(ideal.size() == tcp.size());
    for (std::size_t i = 0; i < tcp.size(); ++i) {
      INFO(sc->id << " line " << tcp[i].line << ": expected " << tcp[i].expected << " observed " << tcp[i].observed);
      CHECK(tcp[i].pass == ideal[i].pass);
      CHECK(tcp[i].observed == ideal[i].observed);
      passed += tcp[i].pass ? 1 : 0;
      ++total;
    }
  }
  MESSAGE(passed << " of " << total << " expectations pass in the TCP world");
}
