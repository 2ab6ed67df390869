// smcsim perf FILE [--format table|json]: a performance case (a scenario with a [perf] table)
// run through the performance model (docs/performance-model.md): the same workload over TCP
// and over SMC-R, side by side, and whether the direction is the expected one.
#include <fmt/core.h>

#include <memory>

#include "cli/command.h"
#include "conformance/perf/perf_case.h"
#include "scenarios/scenario_parser.h"

namespace smc::cli {

namespace {

struct PerfArgs {
  std::string file;
  std::string format = "table";
};

}  // namespace

void add_perf_command(CLI::App& app, CommandContext& ctx) {
  auto a = std::make_shared<PerfArgs>();
  auto* cmd = app.add_subcommand("perf", "run a performance case: simulated QPS/throughput of TCP and SMC-R side by side");
  cmd->add_option("file", a->file, "scenario file with a [perf] table (.toml)")->required();
  cmd->add_option("--format", a->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->callback([a, &ctx] {
    auto loaded = scenarios::load_scenario_file(a->file);
    if (!loaded) throw UsageError(loaded.error().to_string());
    if (!loaded->perf) throw UsageError(a->file + ": no [perf] table: not a performance case");
    auto r = perf::run_perf(*loaded);
    if (!r) throw UsageError(a->file + ": " + r.error());
    fmt::print("{}", a->format == "json" ? perf::format_perf_json(*r) : perf::format_perf_table(*r));
    ctx.exit_code = r->pass ? kExitOk : kExitFailed;
  });
}

}  // namespace smc::cli
