// The lifecycle expectation keys (docs/scenario-format.md): `state`, `error` from a read
// after the handshake, `link_groups` and `counters` against the app's host.
#include <doctest/doctest.h>

#include <cerrno>

#include "conformance/case_result.h"
#include "protocol/diag/link_group_listing.h"

using namespace smc;
using namespace smc::conformance;

namespace {

scenarios::Scenario scenario_with(scenarios::ExpectSpec e) {
  scenarios::Scenario s;
  scenarios::AppSpec cli;
  cli.name = "cli";
  cli.host = "client";
  cli.role = "client";
  scenarios::AppSpec srv;
  srv.name = "srv";
  srv.host = "server";
  srv.role = "server";
  s.apps = {cli, srv};
  s.expectations.push_back(std::move(e));
  return s;
}

world::ConnectionOutcome closed_outcome() {
  world::ConnectionOutcome c;
  c.client_app = "cli";
  c.server_app = "srv";
  world::ConnectionOutcome::SmcSide side;
  side.state = diag::SmcState::Closed;
  c.client_smc = side;
  side.state = diag::SmcState::ProcessAbort;
  side.app_errno = ECONNRESET;
  c.server_smc = side;
  return c;
}

world::WorldObservation observation() {
  world::WorldObservation w;
  world::HostObservation h;
  h.link_groups.push_back(diag::LinkGroupRow{});
  h.stats.count_fallback(diag::StatsSide::Client, 0x03030000);
  h.counters = diag::stats_counters(h.stats);
  h.counters["link_groups"] = 1;
  w.hosts["client"] = h;
  w.hosts["server"] = world::HostObservation{};
  return w;
}

}  // namespace

TEST_CASE("state: the side's final smcss state") {
  scenarios::ExpectSpec e;
  e.app = "cli";
  e.state = "CLOSED";
  auto v = check_expectations(scenario_with(e), {closed_outcome()});
  REQUIRE(v.size() == 1);
  CHECK(v[0].pass);
  e.app = "srv";
  v = check_expectations(scenario_with(e), {closed_outcome()});
  CHECK_FALSE(v[0].pass);
  CHECK(v[0].observed.find("PROCESSABORT") != std::string::npos);
  e.state = "PROCESSABORT";
  e.error = "ECONNRESET";  // the read after the peer's abort
  CHECK(check_expectations(scenario_with(e), {closed_outcome()})[0].pass);
}

TEST_CASE("state without a real SMC-R data path is '-', which no state matches") {
  scenarios::ExpectSpec e;
  e.app = "cli";
  e.state = "ACTIVE";
  world::ConnectionOutcome c = closed_outcome();
  c.client_smc.reset();
  CHECK_FALSE(check_expectations(scenario_with(e), {c})[0].pass);
}

TEST_CASE("link_groups and counters are read from the app's host") {
  scenarios::ExpectSpec e;
  e.app = "cli";
  e.link_groups = 1;
  e.counters = {{"fallback.client.0x03030000", "1"}, {"fallback.client", "1"}, {"handshake_errors.server", "0"}};
  auto obs = observation();
  auto v = check_expectations(scenario_with(e), {closed_outcome()}, &obs);
  INFO(v[0].observed);
  CHECK(v[0].pass);
  e.app = "srv";  // the server host has no group and counted nothing
  v = check_expectations(scenario_with(e), {closed_outcome()}, &obs);
  CHECK_FALSE(v[0].pass);
  CHECK(v[0].observed.find("link_groups=0") != std::string::npos);
}

TEST_CASE("without an observation counters and link_groups are not observable") {
  scenarios::ExpectSpec e;
  e.app = "cli";
  e.link_groups = 1;
  auto v = check_expectations(scenario_with(e), {closed_outcome()});
  CHECK_FALSE(v[0].pass);
  CHECK(v[0].observed.find("not observable") != std::string::npos);
}

TEST_CASE("stats counters: keys as docs/scenario-format.md names them") {
  diag::SmcStats st;
  st.count_fallback(diag::StatsSide::Server, 0x03030008);
  st.count_fallback(diag::StatsSide::Server, 0x03030008);
  st.count_handshake_error(diag::StatsSide::Client);
  st.count_success(diag::StatsSide::Client, false, 2);
  auto c = diag::stats_counters(st);
  CHECK(c.at("fallback.server.0x03030008") == 2);
  CHECK(c.at("fallback.server") == 2);
  CHECK(c.at("fallback.client") == 0);
  CHECK(c.at("handshake_errors.client") == 1);
  CHECK(c.at("smcr.connections") == 1);
  CHECK(c.at("smcd.connections") == 0);
}

TEST_CASE("link group listing: one row per group, its links indented") {
  diag::LinkGroupRow g;
  g.id = 0x100;
  g.server_role = true;
  g.connections = 3;
  diag::LinkRow l;
  l.link_id = 1;
  l.device = "mlx5_0";
  l.state = "ACTIVE";
  l.gid = "g";
  l.peer_gid = "p";
  l.qpn = 7;
  l.peer_qpn = 9;
  g.links = {l};
  const std::string s = diag::format_link_groups({g}, true);
  CHECK(s ==
        "LG-ID    LG-Role LG-Type #Conns #Links\n"
        "00000100 SERV    SYM          3      1\n"
        "  link 01 mlx5_0     port 1 ACTIVE     gid g peer p qpn 7 peer-qpn 9\n");
  CHECK(diag::format_link_groups({g}, false).find("  link") == std::string::npos);
}
