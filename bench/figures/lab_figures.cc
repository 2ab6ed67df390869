// The same fallback case reproduced on real Linux (the kernel lab: qemu guest, soft-RoCE)
// and in the simulator: wall time of each and their ratio. The case is
// lab/0x03010000-server-plain-tcp (an AF_SMC client meets a plain TCP server and falls
// back with 0x03010000), one the lab can express (hw/lab/README.md) and the simulator runs
// too. The lab's time is what a support engineer waits for: one guest boot included.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/figures/figure.h"
#include "conformance/case_runner.h"
#include "scenarios/scenario_parser.h"
#ifdef SMC_HAVE_LAB
#include "hw/lab/lab_backend.h"
#endif

namespace smc::bench {

namespace {

constexpr const char* kCaseFile = "/lab-03-server-plain.toml";

Figure skipped_lab(std::string why) {
  Figure f;
  f.id = "lab.speedup";
  f.title = "kernel lab wall / simulator wall, same fallback case";
  f.unit = "x";
  f.skipped = true;
  f.note = "skipped: " + why;
  return f;
}

}  // namespace

void measure_lab_figures(const Options& opt, std::vector<Figure>& out) {
  if (opt.quick) {
    out.push_back(skipped_lab("--quick (a guest boot takes tens of seconds)"));
    return;
  }
  if (!opt.lab) {
    out.push_back(skipped_lab("--no-lab"));
    return;
  }
#ifndef SMC_HAVE_LAB
  out.push_back(skipped_lab("this build has no kernel lab (hw/lab)"));
#else
  if (std::system("command -v qemu-system-x86_64 >/dev/null 2>&1") != 0) {
    out.push_back(skipped_lab("qemu-system-x86_64 is missing"));
    return;
  }
  auto sc = scenarios::load_scenario_file(opt.lab_cases_dir + kCaseFile);
  if (!sc) {
    out.push_back(skipped_lab(sc.error().to_string()));
    return;
  }
  // The simulator: the same scenario, run_case end to end, averaged over the budget.
  int runs = 0;
  std::string sim_outcome;
  Stopwatch ss;
  do {
    auto r = conformance::run_case(*sc);
    sim_outcome = conformance::to_string(r.outcome);
    ++runs;
  } while (ss.seconds() < opt.budget_s());
  double sim_s = ss.seconds() / runs;

  lab::LabOptions lo;
  lab::LabRunInfo info;
  Stopwatch ls;
  auto results = lab::run_lab_catalogue({*sc}, lo, &info);
  double lab_s = ls.seconds();
  std::string lab_outcome = results.empty() ? "no result" : conformance::to_string(results.front().result.outcome);
  if (!info.error.empty() || !info.complete) {
    out.push_back(skipped_lab("the lab run did not complete (" + info.error + "), " + std::to_string(lab_s) + " s"));
    return;
  }
  Figure f;
  f.id = "lab.speedup";
  f.title = "kernel lab wall / simulator wall, same fallback case";
  f.value = lab_s / sim_s;
  f.unit = "x";
  f.goal_kind = GoalKind::AtLeast;
  f.goal = 1000;
  char b[300];
  std::snprintf(b, sizeof b,
                "%s: lab %.1f s (guest %.1f s, Linux %s, %s) vs simulator %.3g ms per run (%d runs, %s)",
                sc->id.c_str(), lab_s, info.wall_s, info.kernel.c_str(), lab_outcome.c_str(), sim_s * 1e3, runs,
                sim_outcome.c_str());
  f.note = b;
  out.push_back(f);
#endif
}

}  // namespace smc::bench
