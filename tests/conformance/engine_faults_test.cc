// conformance/scenario_engine_faults: how TCP-AO, the handshake limitation, `concurrency` and
// the `sysctl-change` fault reach a connection (fallback-causes.md §12 rows 13, 17, 46).
#include <doctest/doctest.h>

#include "conformance/scenario_engine_faults.h"

using namespace smc;
using scenarios::AppSpec;
using scenarios::FaultSpec;
using scenarios::HostSpec;
using scenarios::Scenario;

namespace {

Scenario pair() {
  Scenario s;
  HostSpec c, sv;
  c.name = "client";
  sv.name = "server";
  s.hosts = {c, sv};
  AppSpec srv;
  srv.name = "srv";
  srv.host = "server";
  srv.role = "server";
  srv.port = 5000;
  AppSpec cli;
  cli.name = "cli";
  cli.host = "client";
  cli.role = "client";
  cli.connect = "server:5000";
  s.apps = {srv, cli};
  return s;
}

world::ConnectionSetup conn(const std::string& app, int index) {
  world::ConnectionSetup cs;
  cs.client_app = app;
  cs.server_app = "srv";
  cs.index = index;
  cs.one_way_delay_ns = 5'000;
  return cs;
}

}  // namespace

TEST_CASE("TCP-AO before connect: the SYN goes without the SMC option; MD5 keeps it") {
  Scenario s = pair();
  scenarios::SockoptSpec ao;
  ao.level = "SOL_TCP";
  ao.name = "TCP_AO_ADD_KEY";
  s.apps[1].sockopts = {ao};
  auto cs = conn("cli", 1);
  CHECK_FALSE(conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], cs));
  CHECK(cs.strip_syn);
  // Without timestamps (§2.1: it is AO *with timestamps* that fills the SYN) it fits.
  s.hosts[0].sysctls = {{"net.ipv4.tcp_timestamps", "0"}};
  auto no_ts = conn("cli", 1);
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], no_ts);
  CHECK_FALSE(no_ts.strip_syn);
  s.hosts[0].sysctls.clear();
  s.apps[1].sockopts[0].name = "TCP_MD5SIG";
  auto md5 = conn("cli", 1);
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], md5);
  CHECK_FALSE(md5.strip_syn);
}

TEST_CASE("concurrency: connections start in batches; limit_smc_hs congests later SYNs") {
  Scenario s = pair();
  s.apps[1].connections = 300;
  s.apps[1].concurrency = 300;
  AppSpec late = s.apps[1];
  late.name = "late";
  late.connections = 1;
  late.concurrency = 1;
  late.start_ns = 20'000;  // SYN at 25 us, while 44 of the burst's 300 works wait
  s.apps.push_back(late);
  auto first = conn("cli", 300);
  first.start_ns = 299'000'000;  // what scenario_world wrote (1 ms apart)
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], first);
  CHECK(first.start_ns == 0);
  CHECK_FALSE(first.strip_syn);  // no limitation yet
  auto l = conn("late", 1);
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], l);
  CHECK_FALSE(l.strip_syn);
  s.hosts[1].sysctls = {{"net.smc.limit_smc_hs", "1"}};
  auto l2 = conn("late", 1);
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], l2);
  CHECK(l2.strip_syn);  // congested at its SYN
  auto b = conn("cli", 300);
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], b);
  CHECK_FALSE(b.strip_syn);  // the burst's SYNs came before the congestion
  s.apps[1].connections = 200;  // 200 works never exceed 256: no congestion
  s.apps[1].concurrency = 200;
  auto l3 = conn("late", 1);
  conformance::apply_engine_effects(s, s.hosts[0], s.hosts[1], l3);
  CHECK_FALSE(l3.strip_syn);
}

TEST_CASE("sysctl-change: which of the host's two reads the change precedes") {
  FaultSpec f;
  f.kind = "sysctl-change";
  f.target = "client";
  f.sysctl = "vendor_exp_options";
  f.value = 0;
  auto at = [&](std::int64_t t) {
    f.at_ns = t;
    auto cs = conn("cli", 1);
    cs.client_host = "client";
    cs.server_host = "server";
    CHECK_FALSE(conformance::apply_sysctl_change(f, cs));
    return cs.client.sysctls;
  };
  // The client builds its Proposal at 2 delays (10 us) and checks the Accept at 4 (20 us).
  CHECK(at(5'000).vendor_options == std::optional<std::uint32_t>(0));
  CHECK_FALSE(at(5'000).vendor_options_at_check);
  CHECK(at(15'000).vendor_options_at_check == std::optional<std::uint32_t>(0));
  CHECK_FALSE(at(15'000).vendor_options);
  CHECK_FALSE(at(25'000).vendor_options_at_check);
  f.sysctl = "limit_smc_hs";
  auto cs = conn("cli", 1);
  CHECK(conformance::apply_sysctl_change(f, cs));  // not modelled: said so
}
