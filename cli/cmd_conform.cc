// smcsim conform: run the conformance catalogue and report (table, json, junit); exit 1 if
// any case failed.
#include <cstdio>
#include <fstream>

#include "cli/command.h"
#include "conformance/case_runner.h"
#include "conformance/report.h"

namespace smc::cli {


namespace {
struct ConformArgs {
  std::vector<std::string> cases;
  std::string profile;
  std::string format = "table";
  std::string out;
  std::string catalogue;
};
}  // namespace

void add_conform_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("conform", "run the conformance catalogue");
  auto a = std::make_shared<ConformArgs>();
  cmd->add_option("--case", a->cases, "case id or id prefix (repeatable)");
  cmd->add_option("--profile", a->profile, "kernel profile for every host (e.g. linux-6.12)");
  cmd->add_option("--format", a->format, "table | json | junit")->check(CLI::IsMember({"table", "json", "junit"}));
  cmd->add_option("--out", a->out, "write the report to FILE instead of stdout");
  cmd->add_option("--catalogue", a->catalogue, "catalogue directory (default: scenarios/catalogue)");
  cmd->callback([a, &ctx] {
    auto cat = conformance::load_catalogue(catalogue_dir(a->catalogue));
    if (!cat) throw UsageError(cat.error().to_string());
    conformance::RunOptions opt;
    opt.profile = a->profile;
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
