// smcsim run FILE: one scenario in the simulated world. Prints each host's smcss-style view
// and each expectation's verdict; exit 1 if an expectation failed (or the determinism check
// found a difference), 2 for a bad scenario file (file:line: what).
#include <cstdio>
#include <fstream>
#include <map>

#include "cli/command.h"
#include "cli/run_outputs.h"
#include "conformance/case_runner.h"
#include "conformance/scenario_world.h"
#include "protocol/diag/link_group_listing.h"
#include "protocol/diag/smcss_table.h"
#include "scenarios/scenario_parser.h"
#include "sim/kernel/determinism.h"
#include "sim/kernel/trace_sink.h"
#include "sim/world/tcp_world.h"
#include "sim/world/world_observation.h"

namespace smc::cli {

namespace {

struct RunArgs {
  std::string file;
  std::optional<std::uint64_t> seed;
  RunOutputs outputs;
  bool check_determinism = false;
  bool stats = false;
  std::string smcss;        // "", "all", "details", "rdma": smcss, -a, -d, -R
  bool linkgroups = false;  // smcr linkgroup show, per host
};

diag::SmcssOptions smcss_options(const std::string& mode) {
  diag::SmcssOptions o;
  o.all = mode == "all";
  o.details = mode == "details";
  o.smcr = mode == "rdma";
  return o;
}

diag::SocketDiag diag_of(const socket::SmcSocketRecord& rec, const std::string& local, std::uint16_t lport,
                         const std::string& peer, std::uint16_t pport,
                         const std::optional<world::ConnectionOutcome::SmcSide>& smc) {
  diag::SocketDiag d;
  d.state = diag::SmcState::Active;
  if (smc) {
    // The real SMC-R data path: the state its close left, the cursors, the link group.
    d.state = smc->state;
    d.conn = smc->conn;
    d.lgr = smc->lgr;
  }
  d.local = {local, lport};
  d.peer = {peer, pport};
  auto m = rec.smcss();
  d.mode = m.mode;
  d.fallback_rsn = m.local_code;
  d.peer_diagnosis = m.local_code || m.peer_code ? m.peer_code : 0;
  return d;
}

void print_hosts(const std::vector<world::ConnectionOutcome>& conns, const diag::SmcssOptions& opt) {
  // Host name → its SMC sockets, in host-name order.
  std::map<std::string, std::vector<diag::SocketDiag>> by_host;
  std::map<std::string, std::vector<std::string>> notes;
  for (const auto& c : conns) {
    std::string ch = "client app " + c.client_app, sh = "server app " + c.server_app;
    if (c.client)
      by_host[ch].push_back(
          diag_of(*c.client, c.client_address, c.client_port, c.server_address, c.server_port, c.client_smc));
    if (c.server)
      by_host[sh].push_back(
          diag_of(*c.server, c.server_address, c.server_port, c.client_address, c.client_port, c.server_smc));
    if (c.client_errno) notes[ch].push_back("conn" + std::to_string(c.index) + ": " + world::errno_name(*c.client_errno));
    if (c.server_dropped) notes[sh].push_back("conn" + std::to_string(c.index) + ": dropped" + (c.server_reset ? " (RST)" : ""));
    if (!c.client) by_host[ch];
    if (!c.server) by_host[sh];
    std::printf("conn %s#%d wire: %s\n", c.client_app.c_str(), c.index, c.wire.empty() ? "none" : c.wire_text().c_str());
  }
  for (const auto& [host, socks] : by_host) {
    std::printf("\n== %s ==\n", host.c_str());
    std::fputs(diag::format_smcss(socks, opt).c_str(), stdout);
    for (const auto& n : notes[host]) std::printf("  %s\n", n.c_str());
  }
}

void print_link_groups(const world::WorldObservation& obs) {
  for (const auto& [host, h] : obs.hosts) {
    std::printf("\n== host %s: link groups ==\n", host.c_str());
    std::fputs(diag::format_link_groups(h.link_groups, true).c_str(), stdout);
    std::string counters;
    for (const auto& [k, v] : h.counters)
      if (v) counters += " " + k + "=" + std::to_string(v);
    std::printf("counters:%s\n", counters.empty() ? " none" : counters.c_str());
  }
}

}  // namespace

void add_run_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("run", "run one scenario file");
  auto a = std::make_shared<RunArgs>();
  cmd->add_option("file", a->file, "scenario file (.toml)")->required();
  cmd->add_option("--seed", a->seed, "seed (default: the scenario's)");
  a->outputs.add_options(cmd);
  cmd->add_flag("--check-determinism", a->check_determinism, "run twice with the same seed and compare traces");
  cmd->add_flag("--stats", a->stats, "print run statistics");
  cmd->add_option("--smcss", a->smcss, "smcss view at the end of the run: all (-a), details (-d), rdma (-R)")
      ->check(CLI::IsMember({"all", "details", "rdma"}));
  cmd->add_flag("--linkgroups", a->linkgroups, "each host's link groups, links and counters at the end of the run");
  cmd->callback([a, &ctx] {
    auto loaded = scenarios::load_scenario_file(a->file);
    if (!loaded) throw UsageError(loaded.error().to_string());
    conformance::RunOptions opt;
    opt.seed = a->seed;
    scenarios::Scenario s = conformance::with_options(*loaded, opt);

    if (a->check_determinism) {
      auto setup = conformance::build_world_setup(s);
      if (!setup) throw UsageError(a->file + ": the simulator cannot express: " + setup.error());
      auto report = sim::check_determinism(sim::Seed(s.seed), [&](sim::Simulator& sim) {
        world::TcpWorld w(sim, *setup);
        w.run();
      });
      std::printf("%s\n", report.summary().c_str());
      ctx.exit_code = report.deterministic() ? kExitOk : kExitFailed;
      return;
    }

    std::vector<world::ConnectionOutcome> conns;
    world::WorldObservation observation;
    auto r = conformance::run_case(s, a->outputs.open(), conns, observation);
    std::printf("scenario %s: %s (seed %llu)\n", s.id.c_str(), s.title.c_str(),
                static_cast<unsigned long long>(s.seed));
    a->outputs.finish(s, conns);
    if (r.outcome == conformance::Outcome::UnsupportedOnBackend) {
      std::printf("unsupported-on-backend: %s\n", r.note.c_str());
      ctx.exit_code = kExitFailed;
      return;
    }
    print_hosts(conns, smcss_options(a->smcss));
    if (a->linkgroups) print_link_groups(observation);
    std::printf("\n");
    bool ok = true;
    for (const auto& v : r.verdicts) {
      std::printf("%s:%u: %s: expected %s, observed %s\n", s.file.c_str(), v.line, v.pass ? "pass" : "FAIL",
                  v.expected.c_str(), v.observed.c_str());
      ok = ok && v.pass;
    }
    if (!s.deviation.empty()) std::printf("deviation expected: %s\n", s.deviation.c_str());
    if (a->stats) {
      char hash[32];
      std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(r.trace_hash));
      std::printf("stats: connections %zu, trace hash %s\n%s", conns.size(), hash, r.stats.summary().c_str());
    }
    ctx.exit_code = ok || !s.deviation.empty() ? kExitOk : kExitFailed;
  });
}

}  // namespace smc::cli
