#pragma once
// The determinism check behind `smcsim run FILE --check-determinism`: run one scenario
// twice with the same seed, each in a fresh Simulator with its trace collected, and
// report whether the two traces are identical -- or the first line where they part.
// A difference means something outside the seed reached the run (an unordered
// container's iteration order, a pointer used as a key, the wall clock, uninitialised
// memory: FoundationDB's list of usual suspects).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/random.h"

namespace smc::sim {

class Simulator;

struct TraceDivergence {
  std::size_t line = 0;  // 1-based
  std::string first;     // the line in the first run ("<end of trace>" if it had none)
  std::string second;    // the line in the second run
};

struct DeterminismReport {
  Seed seed{0};
  std::uint64_t first_hash = 0;
  std::uint64_t second_hash = 0;
  std::size_t first_lines = 0;
  std::size_t second_lines = 0;
  std::optional<TraceDivergence> divergence;

  bool deterministic() const { return !divergence && first_hash == second_hash; }
  // "deterministic: 1234 trace lines, hash 0123456789abcdef" or the divergence, with
  // both lines.
  std::string summary() const;
};

inline constexpr const char* kEndOfTrace = "<end of trace>";

// The first line where two traces differ, or nothing if they are equal.
std::optional<TraceDivergence> first_divergence(const std::vector<std::string>& first,
                                                const std::vector<std::string>& second);

// Builds and runs a scenario in the simulator it is given (already seeded and with a
// trace sink attached). Whatever its run_* calls return is the scenario's business; it
// should trace failures it cares about.
using ScenarioFn = std::function<void(Simulator&)>;

DeterminismReport check_determinism(Seed seed, const ScenarioFn& scenario);

}  // namespace smc::sim
