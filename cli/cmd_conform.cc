// smcsim conform: run the conformance catalogue and report (table, json, junit); exit 1 if
// any case failed.
#include <cstdio>
#include <fstream>

#include "cli/command.h"
#include "cli/lab_backend.h"
#include "conformance/case_runner.h"
#include "conformance/html_report.h"
#include "conformance/report.h"

namespace smc::cli {


namespace {
struct ConformArgs {
  std::vector<std::string> cases;
  std::string profile;
  std::string format = "table";
  std::string out;
  std::string catalogue;
  std::string backend = "sim";
  bool differential = false;
};
}  // namespace

void add_conform_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("conform", "run the conformance catalogue");
  auto a = std::make_shared<ConformArgs>();
  cmd->add_option("--case", a->cases, "case id or id prefix (repeatable)");
  cmd->add_option("--profile", a->profile, "kernel profile for every host (e.g. linux-6.12)");
  cmd->add_option("--format", a->format, "table | json | junit | html (html: --out DIR)")
      ->check(CLI::IsMember({"table", "json", "junit", "html"}));
  cmd->add_option("--out", a->out, "write the report to FILE instead of stdout (html: the directory DIR)");
  cmd->add_option("--catalogue", a->catalogue, "catalogue directory (default: scenarios/catalogue)");
  cmd->add_option("--backend", a->backend, "sim (default) | kernel-lab (real Linux 6.12 in a qemu guest)")
      ->check(CLI::IsMember({"sim", "kernel-lab"}));
  cmd->add_flag("--differential", a->differential,
                "kernel-lab: also run each case in the simulator and show both (mode, local, peer) side by side");
  cmd->callback([a, &ctx] {
    if (a->differential && a->backend != "kernel-lab") throw UsageError("--differential needs --backend kernel-lab");
    if (a->backend == "kernel-lab") {
#ifdef SMC_HAVE_LAB
      if (a->format == "html") throw UsageError("--backend kernel-lab writes table, json or junit");
      ctx.exit_code = conform_on_kernel_lab(catalogue_dir(a->catalogue), a->cases, a->format, a->out, a->differential);
      return;
#else
      throw UsageError("this smcsim was built without the kernel lab (hw/lab)");
#endif
    }
    auto cat = conformance::load_catalogue(catalogue_dir(a->catalogue));
    if (!cat) throw UsageError(cat.error().to_string());
    conformance::RunOptions opt;
    opt.profile = a->profile;
    if (a->format == "html") {
      if (a->out.empty()) throw UsageError("--format html needs --out DIR");
      auto cases = conformance::run_catalogue_with_ladders(*cat, a->cases, opt);
      if (cases.empty() && !a->cases.empty()) throw UsageError("no case matches the --case prefixes");
      if (auto err = conformance::write_html_report(a->out, cases)) throw UsageError(*err);
      std::vector<conformance::CaseResult> results;
      for (const auto& c : cases) results.push_back(c.result);
      auto summary = conformance::summarise(results);
      std::printf("%s\nwrote %s/index.html\n", conformance::summary_line(summary).c_str(), a->out.c_str());
      ctx.exit_code = summary.failed ? kExitFailed : kExitOk;
      return;
    }
    auto results = conformance::run_catalogue(*cat, a->cases, opt);
    if (results.empty() && !a->cases.empty()) throw UsageError("no case matches the --case prefixes");
    std::string report = a->format == "json"    ? conformance::format_json(results)
                         : a->format == "junit" ? conformance::format_junit(results)
                                                : conformance::format_table(results);
    if (a->out.empty()) {
      std::fputs(report.c_str(), stdout);
    } else {
      std::ofstream f(a->out, std::ios::binary);
      if (!f) throw UsageError("cannot write " + a->out);
      f << report;
    }
    ctx.exit_code = conformance::summarise(results).failed ? kExitFailed : kExitOk;
  });
}

}  // namespace smc::cli
