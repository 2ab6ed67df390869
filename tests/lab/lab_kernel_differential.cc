// The `lab` ctest: every catalogue case and every hw/lab/cases scenario goes to the kernel
// lab (the ones it cannot express are listed as unsupported-on-backend with the reason);
// the expressible ones run on Linux 6.12 in one qemu guest and in the simulator at the
// linux-6.12 profile. Fails on any disagreement, any case the guest did not finish, and any
// kernel result that contradicts the scenario's own expectations.
//   lab_kernel_differential CATALOGUE-DIR LAB-CASES-DIR WORK-DIR
// Exit 77 (ctest: skipped) when qemu-system-x86_64 is not installed.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "conformance/case_runner.h"
#include "conformance/report.h"
#include "hw/lab/lab_backend.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s CATALOGUE-DIR LAB-CASES-DIR WORK-DIR\n", argv[0]);
    return 2;
  }
  if (std::system("command -v qemu-system-x86_64 >/dev/null 2>&1") != 0) {
    std::printf("qemu-system-x86_64 not installed: the kernel lab is skipped\n");
    return 77;
  }
  std::vector<smc::scenarios::Scenario> cases;
  for (const char* dir : {argv[1], argv[2]}) {
    auto cat = smc::conformance::load_catalogue(dir);
    if (!cat) {
      std::fprintf(stderr, "%s\n", cat.error().to_string().c_str());
      return 2;
    }
    for (auto& s : cat->cases) cases.push_back(std::move(s));
  }
  smc::lab::LabOptions opt;
  opt.work_dir = argv[3];
  opt.differential = true;
  smc::lab::LabRunInfo info;
  auto results = smc::lab::run_lab_catalogue(cases, opt, &info);

  std::vector<smc::conformance::CaseResult> kernel;
  for (const auto& r : results) kernel.push_back(r.result);
  std::printf("kernel %s, guest wall time %.1f s, %s%s\n\n", info.kernel.c_str(), info.wall_s,
              info.complete ? "complete" : "INCOMPLETE", info.error.empty() ? "" : (": " + info.error).c_str());
  std::printf("%s\n", smc::conformance::format_table(kernel).c_str());
  std::printf("%s", smc::lab::format_differential(results).c_str());

  int failures = 0;
  for (const auto& r : results) {
    bool bad = smc::lab::differential_failed(r) || r.result.outcome == smc::conformance::Outcome::Fail;
    if (bad) {
      ++failures;
      std::string why = r.result.outcome == smc::conformance::Outcome::Fail ? "kernel vs [[expect]]: " + r.result.note
                                                                             : "simulator and kernel disagree";
      std::printf("FAILED %s: %s\n", r.result.id.c_str(), why.c_str());
    }
  }
  if (!info.error.empty()) ++failures;
  std::printf("console log: %s\n", info.console_log.c_str());
  return failures ? 1 : 0;
}
