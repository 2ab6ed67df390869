// smcsim replay FILE [--trace F] [--seed N] [--ladder F.svg] [--pcap F]: runs a failure saved by `smcsim fuzz` (or any
// scenario file) through the same path as `smcsim run` (conformance::run_case, so --trace
// writes the same text or JSON-lines trace, --ladder the same diagram), then re-checks every campaign invariant,
// determinism included, and the file's [[expect]] tables. Exit 0: nothing violated; 1: an
// invariant or expectation failed (the bug is still there); 2: bad arguments or file.
#include <cstdio>
#include <fstream>
#include <memory>

#include "cli/command.h"
#include "cli/run_outputs.h"
#include "conformance/campaign/campaign.h"
#include "conformance/campaign/oracle.h"
#include "conformance/case_runner.h"
#include "scenarios/scenario_parser.h"
#include "sim/kernel/trace_sink.h"

namespace smc::cli {

namespace {

struct ReplayArgs {
  std::string file;
  std::optional<std::uint64_t> seed;
  RunOutputs outputs;
};

}  // namespace

void add_replay_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("replay", "replay a saved fuzz failure and re-check its invariants");
  auto a = std::make_shared<ReplayArgs>();
  cmd->add_option("file", a->file, "scenario file written by smcsim fuzz")->required();
  cmd->add_option("--seed", a->seed, "seed (default: the file's)");
  a->outputs.add_options(cmd);
  cmd->callback([a, &ctx] {
    auto loaded = scenarios::load_scenario_file(a->file);
    if (!loaded) throw UsageError(loaded.error().to_string());
    conformance::RunOptions opt;
    opt.seed = a->seed;
    scenarios::Scenario s = conformance::with_options(*loaded, opt);

    std::vector<world::ConnectionOutcome> conns;
    auto r = conformance::run_case(s, a->outputs.open(), conns);
    std::printf("replay %s (seed %llu)\n", s.file.c_str(), static_cast<unsigned long long>(s.seed));
    a->outputs.finish(s, conns);
    if (r.outcome == conformance::Outcome::UnsupportedOnBackend) {
      std::printf("unsupported-on-backend: %s\n", r.note.c_str());
      ctx.exit_code = kExitFailed;
      return;
    }
    for (const auto& c : conns)
      std::printf("conn %s#%d: client %s, server %s, wire %s%s\n", c.client_app.c_str(), c.index,
                  conformance::campaign::client_view(c).c_str(), conformance::campaign::server_view(c).c_str(),
                  c.wire.empty() ? "none" : c.wire_text().c_str(),
                  c.data_sent ? (c.data_intact ? ", data intact" : ", data NOT intact") : "");

    auto replay = conformance::campaign::replay_scenario(s);
    for (const auto& v : replay.violations) std::printf("VIOLATED %s\n", v.to_string().c_str());
    for (const auto& e : replay.failed_expectations) std::printf("FAIL %s\n", e.c_str());
    if (replay.ok()) std::printf("ok: every invariant and expectation holds\n");
    ctx.exit_code = replay.ok() ? kExitOk : kExitFailed;
  });
}

}  // namespace smc::cli
