// Failures found by `smcsim fuzz`, shrunk and saved (tests/regressions/*.toml), replayed by
// the normal suite: every campaign invariant (determinism included) and every [[expect]]
// table of each file must hold. A file lands here once its bug is fixed (or, for the
// mutation-found files, as a guard that the engine keeps the behaviour the mutation broke).
#include <doctest/doctest.h>

#include <cstdlib>

#include "conformance/campaign/campaign.h"
#include "conformance/case_runner.h"
#include "scenarios/scenario_parser.h"

using namespace smc;

TEST_CASE("every saved fuzz failure replays clean") {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  std::string dir = std::string(d ? d : ".") + "/tests/regressions";
  // open/ holds failures whose bug is not fixed yet (docs/fuzzing.md, Findings): replayed by
  // `smcsim replay`, not by the suite.
  auto files = conformance::catalogue_files(dir);
  std::erase_if(files, [](const std::string& f) { return f.find("/open/") != std::string::npos; });
  REQUIRE_FALSE(files.empty());
  for (const auto& f : files) {
    INFO(f);
    auto s = scenarios::load_scenario_file(f);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().to_string()));
    CHECK(s->id.rfind("regression/", 0) == 0);
    auto r = conformance::campaign::replay_scenario(*s);
    CHECK_MESSAGE(r.runnable, r.not_runnable);
    for (const auto& v : r.violations) CHECK_MESSAGE(false, v.to_string());
    for (const auto& e : r.failed_expectations) CHECK_MESSAGE(false, e);
  }
}
