// smcsim fuzz [--seed N] [--runs N | --time 60s] [--jobs 1] [--out DIR]: a property-based
// campaign over generated scenarios (issue 6, docs/fuzzing.md). A progress bar on a terminal,
// plain lines otherwise; every failure is shrunk, written to DIR/<invariant>-<hash>.toml and
// announced with the one command that replays it. Exit 0: no failure; 1: failures found;
// 2: bad arguments.
//
// The wall clock appears here only to stop a --time campaign and to print runs/s: it never
// reaches a run (each run is a fresh simulator seeded from the campaign seed and its index).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "cli/command.h"
#include "conformance/campaign/campaign.h"
#include "scenarios/toml_reader.h"

namespace smc::cli {

namespace {

struct FuzzArgs {
  std::optional<std::uint64_t> seed;
  std::optional<std::uint64_t> runs;
  std::string time;
  unsigned jobs = 1;
  std::string out = "fuzz-failures";
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void print_failure(const conformance::campaign::Failure& f, bool tty) {
  if (tty) std::printf("\r\033[K");
  std::printf("FAIL run %llu: %s\n", static_cast<unsigned long long>(f.run_index), f.violation.to_string().c_str());
  std::printf("  shrunk to %zu hosts, %zu apps in %zu steps -> %s\n", f.shrunk.hosts.size(), f.shrunk.apps.size(),
              f.shrink.accepted, f.file.empty() ? "(not written)" : f.file.c_str());
  std::printf("  replay: %s\n", f.replay_command.c_str());
  std::fflush(stdout);
}

}  // namespace

void add_fuzz_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("fuzz", "run a property-based fuzzing campaign over generated scenarios");
  auto a = std::make_shared<FuzzArgs>();
  cmd->add_option("--seed", a->seed, "campaign seed (default: a random one, printed)");
  auto* runs = cmd->add_option("--runs", a->runs, "number of runs (default 1000)");
  auto* time = cmd->add_option("--time", a->time, "run for this long instead (\"60s\", \"5min\")");
  runs->excludes(time);
  cmd->add_option("--jobs", a->jobs, "parallel jobs (only 1: a campaign runs in this process)");
  cmd->add_option("--out", a->out, "where failures are written (default fuzz-failures)");
  cmd->callback([a, &ctx] {
    if (a->jobs != 1) throw UsageError("--jobs: only 1 is supported (runs are sequential in one process)");
    std::optional<double> limit_s;
    if (!a->time.empty()) {
      auto ns = scenarios::parse_duration_ns(a->time);
      if (!ns || *ns <= 0) throw UsageError("--time: '" + a->time + "' is not a duration such as \"60s\"");
      limit_s = static_cast<double>(*ns) / 1e9;
    }
    std::uint64_t total = a->runs.value_or(1000);
    bool random_seed = !a->seed;
    std::uint64_t seed = a->seed ? *a->seed : (static_cast<std::uint64_t>(std::random_device{}()) << 32 | std::random_device{}());
    bool tty = isatty(fileno(stdout)) != 0;

    conformance::campaign::CampaignOptions opt;
    opt.seed = seed;
    opt.out_dir = a->out;
    conformance::campaign::Campaign c(opt);
    std::printf("fuzz: campaign seed %llu%s, %s, failures to %s/\n", static_cast<unsigned long long>(seed),
                random_seed ? " (random: pass --seed to repeat)" : "",
                limit_s ? ("for " + a->time).c_str() : (std::to_string(total) + " runs").c_str(), a->out.c_str());
    std::fflush(stdout);

    auto t0 = Clock::now();
    double last_report = 0;
    std::size_t printed = 0;
    for (;;) {
      double elapsed = seconds_since(t0);
      if (limit_s ? elapsed >= *limit_s : c.runs_done() >= total) break;
      c.step();
      for (; printed < c.failures().size(); ++printed) print_failure(c.failures()[printed], tty);
      elapsed = seconds_since(t0);
      double every = tty ? 0.2 : 5.0;
      if (elapsed - last_report >= every) {
        last_report = elapsed;
        double rate = static_cast<double>(c.runs_done()) / std::max(elapsed, 1e-9);
        double done = limit_s ? elapsed / *limit_s : static_cast<double>(c.runs_done()) / static_cast<double>(total);
        if (tty) {
          int filled = static_cast<int>(done * 30);
          std::string bar(static_cast<std::size_t>(std::clamp(filled, 0, 30)), '#');
          bar.resize(30, ' ');
          std::printf("\r[%s] %llu runs  %.0f runs/s  failures %llu", bar.c_str(),
                      static_cast<unsigned long long>(c.runs_done()), rate,
                      static_cast<unsigned long long>(c.failing_runs()));
        } else {
          std::printf("progress: %llu runs, %.0f runs/s, %llu failing\n", static_cast<unsigned long long>(c.runs_done()),
                      rate, static_cast<unsigned long long>(c.failing_runs()));
        }
        std::fflush(stdout);
      }
    }
    double elapsed = seconds_since(t0);
    if (tty) std::printf("\r\033[K");
    std::printf("fuzz: %llu runs (%llu connections, %llu events) in %.2f s: %.0f runs/s; %llu failing runs",
                static_cast<unsigned long long>(c.runs_done()), static_cast<unsigned long long>(c.connections()),
                static_cast<unsigned long long>(c.events()), elapsed,
                static_cast<double>(c.runs_done()) / std::max(elapsed, 1e-9),
                static_cast<unsigned long long>(c.failing_runs()));
    std::string per;
    for (const auto& [inv, n] : c.counts())
      per += (per.empty() ? "" : ", ") + std::string(conformance::campaign::to_string(inv)) + " " + std::to_string(n);
    if (!per.empty()) std::printf(" (%s)", per.c_str());
    if (c.not_runnable()) std::printf("; %llu generated scenarios not runnable", static_cast<unsigned long long>(c.not_runnable()));
    std::printf("\n");
    ctx.exit_code = c.failing_runs() || c.not_runnable() ? kExitFailed : kExitOk;
  });
}

}  // namespace smc::cli
