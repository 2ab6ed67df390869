#include "sim/kernel/determinism.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/kernel/simulator.h"
#include "sim/kernel/trace_sink.h"

namespace smc::sim {

std::optional<TraceDivergence> first_divergence(const std::vector<std::string>& first,
                                                const std::vector<std::string>& second) {
  const std::size_t common = std::min(first.size(), second.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (first[i] != second[i]) return TraceDivergence{i + 1, first[i], second[i]};
  }
  if (first.size() == second.size()) return std::nullopt;
  return TraceDivergence{common + 1, common < first.size() ? first[common] : kEndOfTrace,
                         common < second.size() ? second[common] : kEndOfTrace};
}

namespace {
struct Capture {
  std::vector<std::string> lines;
  std::uint64_t hash = 0;
};

Capture run_once(Seed seed, const ScenarioFn& scenario) {
  CollectingTraceSink sink;
  Capture c;
  {
    Simulator sim(seed);
    sim.trace().attach(sink);
    scenario(sim);
    sim.trace().detach(sink);
    c.hash = sim.trace().hash();
  }
  c.lines = sink.take();
  return c;
}
}  // namespace

DeterminismReport check_determinism(Seed seed, const ScenarioFn& scenario) {
  Capture a = run_once(seed, scenario);
  Capture b = run_once(seed, scenario);
  DeterminismReport r;
  r.seed = seed;
  r.first_hash = a.hash;
  r.second_hash = b.hash;
  r.first_lines = a.lines.size();
  r.second_lines = b.lines.size();
  r.divergence = first_divergence(a.lines, b.lines);
  return r;
}

std::string DeterminismReport::summary() const {
  if (deterministic()) {
    return fmt::format("deterministic: seed {}, {} trace lines, hash {:016x}", seed.value, first_lines,
                       first_hash);
  }
  if (!divergence) {
    // Equal lines but different hashes: a record was hashed that no sink saw.
    return fmt::format("NOT deterministic: seed {}, equal trace lines but hashes {:016x} and {:016x}",
                       seed.value, first_hash, second_hash);
  }
  return fmt::format(
      "NOT deterministic: seed {}, traces differ first at line {}\n"
      "  run 1: {}\n"
      "  run 2: {}\n"
      "  ({} and {} lines, hashes {:016x} and {:016x})",
      seed.value, divergence->line, divergence->first, divergence->second, first_lines, second_lines,
      first_hash, second_hash);
}

}  // namespace smc::sim
