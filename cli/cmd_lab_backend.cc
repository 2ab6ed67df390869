// The kernel-lab backend of `smcsim conform` (cli/lab_backend.h). Compiled to nothing unless
// smcsim links smc_hw_lab, which defines SMC_HAVE_LAB: the cli folder is globbed, and the
// lab's library is the lead's to link.
#ifdef SMC_HAVE_LAB
#include "cli/lab_backend.h"

#include <cstdio>
#include <fstream>

#include "cli/command.h"
#include "conformance/case_runner.h"
#include "conformance/report.h"
#include "hw/lab/lab_backend.h"

namespace smc::cli {

int conform_on_kernel_lab(const std::string& catalogue, const std::vector<std::string>& prefixes,
                          const std::string& format, const std::string& out, bool differential) {
  if (format != "table" && format != "json" && format != "junit")
    throw UsageError("--backend kernel-lab reports as table, json or junit");
  std::vector<scenarios::Scenario> cases;
  for (const std::string& dir : {catalogue, std::string(SMC_LAB_CASES_DIR)}) {
    auto cat = conformance::load_catalogue(dir);
    if (!cat) throw UsageError(cat.error().to_string());
    for (auto& s : cat->cases) {
      bool selected = prefixes.empty();
      for (const auto& p : prefixes) selected = selected || s.id.rfind(p, 0) == 0;
      if (selected) cases.push_back(std::move(s));
    }
  }
  if (cases.empty() && !prefixes.empty()) throw UsageError("no case matches the --case prefixes");

  lab::LabOptions opt;
  opt.differential = differential;
  lab::LabRunInfo info;
  auto results = lab::run_lab_catalogue(cases, opt, &info);

  std::vector<conformance::CaseResult> kernel;
  for (const auto& r : results) {
    conformance::CaseResult c = r.result;
    if (differential && lab::differential_failed(r) && c.outcome != conformance::Outcome::Fail) {
      c.outcome = conformance::Outcome::Fail;
      std::string sides;
      for (const auto& s : r.sides)
        if (!s.agree) sides += (sides.empty() ? "" : "; ") + s.who + " sim " + s.sim + " kernel " + s.kernel;
      c.note = "differential: " + (sides.empty() ? r.status : sides);
    }
    kernel.push_back(std::move(c));
  }
  std::string report = format == "json" ? conformance::format_json(kernel)
                       : format == "junit" ? conformance::format_junit(kernel)
                                           : conformance::format_table(kernel);
  if (format == "table") {
    report = "kernel-lab: Linux " + info.kernel + ", guest wall time " + std::to_string(static_cast<int>(info.wall_s)) +
             " s" + (info.complete ? "" : " (INCOMPLETE)") + (info.error.empty() ? "" : ": " + info.error) + "\n" + report;
    if (differential) report += "\n" + lab::format_differential(results);
  }
  if (out.empty()) {
    std::fputs(report.c_str(), stdout);
  } else {
    std::ofstream f(out, std::ios::binary);
    if (!f) throw UsageError("cannot write " + out);
    f << report;
  }
  bool failed = !info.error.empty() || conformance::summarise(kernel).failed;
  return failed ? kExitFailed : kExitOk;
}

}  // namespace smc::cli
#endif  // SMC_HAVE_LAB
