// scenario_writer: every catalogue file and every generated scenario survives
// write → parse unchanged (same_scenario), and the writer's header is a comment.
#include "campaign_test_support.h"

#include "conformance/campaign/scenario_gen.h"
#include "conformance/case_runner.h"
#include "scenarios/scenario_writer.h"

using namespace smc;
using namespace smc::scenarios;

TEST_CASE("every catalogue scenario round-trips through the writer") {
  auto files = conformance::catalogue_files(campaign_test::source_dir() + "/scenarios/catalogue");
  REQUIRE(files.size() >= 30);
  for (const auto& f : files) {
    auto s = load_scenario_file(f);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().to_string()));
    std::string text = write_scenario(*s);
    auto back = parse_scenario_text(text, "written.toml");
    INFO(f << "\n" << text);
    REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().to_string()));
    CHECK(same_scenario(*s, *back));
  }
}

TEST_CASE("same_scenario notices a changed value") {
  auto s = campaign_test::load("scenarios/catalogue/success/row-00a-smcr-v2.toml");
  auto t = s;
  t.hosts[1].rnics[0].port_up = false;
  CHECK_FALSE(same_scenario(s, t));
  t = s;
  t.apps[1].send_bytes += 1;
  CHECK_FALSE(same_scenario(s, t));
  t = s;
  t.hosts[0].interfaces[0].line += 7;  // lines are bookkeeping, not values
  CHECK(same_scenario(s, t));
}

TEST_CASE("values that need care: escapes, scalar maps, optional fields, probabilities") {
  Scenario s = campaign_test::load("scenarios/catalogue/success/row-00a-smcr-v2.toml");
  s.title = "quote \" backslash \\ tab \t done";
  s.hosts[0].sysctls = {{"net.smc.limit_smc_hs", "1"}, {"net.smc.x", "text"}, {"net.smc.y", "true"}};
  s.hosts[0].seid = "SEID-1";
  s.hosts[0].interfaces[0].mac = "02:00:00:00:01:01";
  FaultSpec f;
  f.kind = "rdma-blackhole";
  f.target = "lan0";
  f.probability = 0.1;
  f.at_ns = 1'500'000;
  s.faults.push_back(f);
  ExpectSpec e;
  e.app = "cli";
  e.mode = "TCP";
  e.local_code = 0x05000000;
  e.peer_code = 0x03030000;
  e.connection = 2;
  s.expectations.push_back(e);
  std::string text = write_scenario(s, "line one\nline two");
  CHECK(text.rfind("# line one\n# line two\n[scenario]\n", 0) == 0);
  auto back = parse_scenario_text(text, "t.toml");
  INFO(text);
  REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().to_string()));
  CHECK(same_scenario(s, *back));
}

TEST_CASE("property: generate → write → parse gives an equal scenario") {
  CHECK(rc::check("round trip", [] {
    campaign_test::RcChoices c;
    Scenario s = conformance::campaign::generate_scenario(c, 7);
    std::string text = write_scenario(s);
    auto back = parse_scenario_text(text, "gen.toml");
    RC_ASSERT(back.ok());
    RC_ASSERT(same_scenario(s, *back));
  }));
}
