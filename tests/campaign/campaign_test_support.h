#pragma once
// Shared by the campaign tests: catalogue scenarios by path, and rapidcheck as a source of
// generator choices (so rapidcheck shrinks every decision of a generated scenario).
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <cstdlib>
#include <string>

#include "conformance/campaign/choices.h"
#include "scenarios/scenario_parser.h"

namespace smc::campaign_test {

inline std::string source_dir() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return d ? d : ".";
}

inline scenarios::Scenario load(const std::string& relative) {
  auto s = scenarios::load_scenario_file(source_dir() + "/" + relative);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().to_string()));
  return *s;
}

// Each decision is one rapidcheck draw in [lo, hi], shrinking towards lo (the simplest).
class RcChoices final : public conformance::campaign::Choices {
 public:
  std::int64_t range(std::int64_t lo, std::int64_t hi) override { return *rc::gen::inRange(lo, hi + 1); }
};

}  // namespace smc::campaign_test
