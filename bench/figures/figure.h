#pragma once
// One measured figure of `bench/run` (issue 7) next to its goal, and the pieces every
// measurement shares: a wall-clock stopwatch and the run's options.
//
// The wall clock is read here and only here: these programs measure simulated runs, they
// are never part of one, so nothing below reaches a trace.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smc::bench {

// How a value compares with its goal.
enum class GoalKind : std::uint8_t {
  None,      // informational: no goal
  AtLeast,   // value >= goal
  AtMost,    // value <= goal
};

struct Figure {
  std::string id;      // stable, for the JSON ("sim.events_per_s")
  std::string title;   // for the table
  double value = 0;
  std::string unit;    // "events/s", "s", "B", "%"
  GoalKind goal_kind = GoalKind::None;
  double goal = 0;
  std::string note;    // what was measured, or why it was skipped
  bool skipped = false;
  // Non-empty: the measurement's own check failed (handshakes that did not end in SMC-R,
  // corrupt data, a probe that crashed): the value measures the wrong thing. bench/run
  // exits non-zero for it, whatever the timings.
  std::string broken;

  bool has_goal() const { return goal_kind != GoalKind::None && !skipped; }
  bool meets_goal() const;
  // value/goal for AtLeast, goal/value for AtMost: > 1 means better than the goal.
  std::optional<double> ratio() const;
  std::string verdict() const;  // "meets", "MISSES", "-", "skipped", "BROKEN"
};

struct Options {
  bool quick = false;               // every measurement shortened (seconds → tenths), for CI
  std::string catalogue_dir;        // scenarios/catalogue
  std::string lab_cases_dir;        // hw/lab/cases
  std::string smcsim;               // the CLI binary, for the process-level catalogue time
  std::string self;                 // this program, for the memory probes in a fresh process
  bool lab = true;                  // try the kernel lab (skipped under --quick anyway)
  double budget_s() const { return quick ? 0.1 : 1.0; }  // per repeated measurement
};

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// Figures of one area, appended in table order.
void measure_world_figures(const Options& opt, std::vector<Figure>& out);
void measure_handshake_figures(const Options& opt, std::vector<Figure>& out);
void measure_datapath_figures(const Options& opt, std::vector<Figure>& out);
void measure_memory_figures(const Options& opt, std::vector<Figure>& out);
void measure_lab_figures(const Options& opt, std::vector<Figure>& out);

// The child side of a memory probe (`--memory-probe N rmb|state`): prints bytes per endpoint.
int run_memory_probe(std::size_t n, bool with_rmb);

// The same figures as a terminal table and as JSON.
std::string format_table(const std::vector<Figure>& figures);
std::string format_json(const std::vector<Figure>& figures, const std::string& machine, bool quick);

// "<nproc> x <model name>" from /proc/cpuinfo.
std::string machine_description();
// Resident set size of this process in bytes (/proc/self/statm), 0 if unreadable.
std::uint64_t resident_bytes();

}  // namespace smc::bench
