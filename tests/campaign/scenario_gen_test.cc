// The campaign's generator: every scenario it makes validates and builds a world (else the
// campaign would test the parser, not the protocol), a (seed, run) pair always gives the same
// scenario, and the space it covers is the one issue 6 asks for.
#include "campaign_test_support.h"

#include <set>

#include "conformance/campaign/scenario_gen.h"
#include "conformance/campaign/shrinker.h"
#include "scenarios/scenario_validator.h"
#include "scenarios/scenario_writer.h"

using namespace smc;
using namespace smc::conformance::campaign;

TEST_CASE("property: generated scenarios are valid and runnable") {
  CHECK(rc::check("runnable", [] {
    campaign_test::RcChoices c;
    auto s = generate_scenario(c, 1);
    auto err = scenarios::validate_scenario(s);
    RC_ASSERT(!err);
    RC_ASSERT(runnable(s));
    RC_ASSERT(s.hosts.size() >= 2u);
    RC_ASSERT(s.hosts.size() <= 8u);
  }));
}

TEST_CASE("campaign seed + run index → the same scenario; other indices differ") {
  std::set<std::string> texts;
  for (std::uint64_t i = 0; i < 50; ++i) {
    std::string a = scenarios::write_scenario(scenario_for_run(42, i));
    std::string b = scenarios::write_scenario(scenario_for_run(42, i));
    CHECK(a == b);
    texts.insert(a);
  }
  CHECK(texts.size() == 50);
  CHECK(scenarios::write_scenario(scenario_for_run(42, 3)) != scenarios::write_scenario(scenario_for_run(43, 3)));
}

TEST_CASE("2000 seeded scenarios: all runnable, and the features of issue 6 all occur") {
  std::map<std::string, int> seen;
  for (std::uint64_t i = 0; i < 2000; ++i) {
    auto s = scenario_for_run(7, i);
    INFO("run " << i << "\n" << scenarios::write_scenario(s));
    REQUIRE(runnable(s));
    seen["hosts=" + std::to_string(s.hosts.size())]++;
    for (const auto& h : s.hosts) {
      if (!h.rnics.empty()) seen["rnic"]++;
      for (const auto& m : h.isms) seen[m.kind]++;
      for (const auto& i2 : h.interfaces) {
        if (i2.vlan) seen["vlan"]++;
        for (const auto& a : i2.addresses)
          if (a.find(':') != std::string::npos) seen["ipv6 address"]++;
      }
      for (const auto& r : h.routes)
        if (!r.via.empty()) seen["gateway route"]++;
      if (!h.ueids.empty()) seen["ueid"]++;
      if (h.seid) seen["seid"]++;
      if (!h.pnet.empty()) seen["pnet"]++;
      if (!h.profile.empty()) seen["host profile"]++;
      if (!h.sysctls.empty()) seen["sysctl"]++;
    }
    for (const auto& a : s.apps) {
      if (!a.sockopts.empty()) seen["sockopt"]++;
      if (a.connections > 1) seen["several connections"]++;
      if (a.family == "ipv6") seen["ipv6 client"]++;
      if (a.send_bytes > 0) seen["data"]++;
    }
    for (const auto& m : s.middleboxes) seen["middlebox " + m.kind]++;
    for (const auto& f : s.faults) seen["fault " + f.kind]++;
  }
  for (const char* k : {"hosts=2", "hosts=8", "rnic", "loopback-ism", "ism", "vlan", "ipv6 address", "gateway route",
                        "ueid", "seid", "pnet", "host profile", "sysctl", "sockopt", "several connections",
                        "ipv6 client", "data", "middlebox strip-smc-option", "middlebox echo-syn-options",
                        "middlebox drop-smc-syn", "middlebox drop", "fault rdma-blackhole", "fault route-vanish"}) {
    INFO(k);
    CHECK(seen[k] > 0);
  }
}
