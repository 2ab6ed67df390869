#pragma once
// The catalogue as the world tests use it: every scenarios/catalogue/**/*.toml turned into
// a WorldSetup by the conformance runner's builder (cases it cannot express are skipped,
// with their reason).
#include <cstdlib>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "conformance/case_runner.h"
#include "conformance/scenario_world.h"
#include "scenarios/scenario_parser.h"

namespace smc::world::test {

struct WorldCase {
  std::string id;
  std::string file;
  world::WorldSetup setup;
};

inline std::string source_dir() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return d ? d : ".";
}

inline std::vector<WorldCase> catalogue_cases(std::vector<std::string>* skipped = nullptr) {
  std::vector<WorldCase> out;
  for (const auto& f : conformance::catalogue_files(source_dir() + "/scenarios/catalogue")) {
    auto s = scenarios::load_scenario_file(f);
    REQUIRE_MESSAGE(s.ok(), f);
    auto setup = conformance::build_world_setup(*s);
    if (!setup) {
      if (skipped) skipped->push_back(s->id + ": " + setup.error());
      continue;
    }
    out.push_back(WorldCase{s->id, f, std::move(*setup)});
  }
  return out;
}

inline const WorldCase* find_case(const std::vector<WorldCase>& cases, const std::string& id) {
  for (const auto& c : cases)
    if (c.id == id) return &c;
  return nullptr;
}

// The catalogue, read once per test binary.
inline const std::vector<WorldCase>& cached_catalogue() {
  static const std::vector<WorldCase> c = catalogue_cases();
  return c;
}

// The world setup of the catalogue case `id` (the test fails if there is none).
inline world::WorldSetup catalogue_setup(const std::string& id) {
  const auto* c = find_case(cached_catalogue(), id);
  REQUIRE_MESSAGE(c != nullptr, id);
  return c->setup;
}

}  // namespace smc::world::test
