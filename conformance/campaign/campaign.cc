#include "conformance/campaign/campaign.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "conformance/campaign/oracle.h"
#include "conformance/campaign/scenario_gen.h"
#include "conformance/case_result.h"
#include "conformance/scenario_world.h"
#include "scenarios/scenario_validator.h"
#include "scenarios/scenario_writer.h"
#include "conformance/campaign/campaign_world.h"

namespace smc::conformance::campaign {

using scenarios::Scenario;

namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char ch : text) h = (h ^ ch) * 0x100000001b3ULL;
  return h;
}

std::string hex16(std::uint64_t v) {
  char b[20];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

// An oracle view as an [[expect]] table ("TCP 0x05000000/0x03030000" → mode TCP, local, peer).
std::optional<scenarios::ExpectSpec> expect_of(const std::string& app, const std::string& view) {
  scenarios::ExpectSpec e;
  e.app = app;
  if (view == "SMCR" || view == "SMCD" || view == "dropped" || view == "failed") {
    e.mode = view;
  } else if (view == "-") {
    e.mode = "plain";
  } else if (view.rfind("TCP 0x", 0) == 0) {
    e.mode = "TCP";
    auto slash = view.find('/');
    e.local_code = static_cast<std::uint32_t>(std::stoul(view.substr(4, slash == std::string::npos ? std::string::npos : slash - 4), nullptr, 16));
    if (slash != std::string::npos) e.peer_code = static_cast<std::uint32_t>(std::stoul(view.substr(slash + 1), nullptr, 16));
  } else {
    return std::nullopt;  // "pending" has no [[expect]] form
  }
  return e;
}

const scenarios::AppSpec* app_named(const Scenario& s, const std::string& name) {
  for (const auto& a : s.apps)
    if (a.name == name) return &a;
  return nullptr;
}

// What the reference requires of the shrunk scenario, as [[expect]] tables: the oracle's
// outcome where it is definite, and intact data for a data failure.
std::vector<scenarios::ExpectSpec> inverted_expectations(const Scenario& s, Invariant inv) {
  std::vector<scenarios::ExpectSpec> out;
  std::map<std::string, bool> server_done;
  for (const auto& cli : s.apps) {
    if (cli.role != "client") continue;
    auto setup = build_world_setup(s);
    const scenarios::AppSpec* srv = nullptr;
    if (setup)
      for (const auto& c : setup->connections)
        if (c.client_app == cli.name) srv = app_named(s, c.server_app);
    if (!srv) continue;
    OracleVerdict v = oracle_for(s, cli, *srv);
    std::optional<scenarios::ExpectSpec> ce;
    if (v.definite) ce = expect_of(cli.name, *v.client.begin());
    if (inv == Invariant::Data && cli.send_bytes > 0) {
      if (!ce) {
        ce = scenarios::ExpectSpec{};
        ce->app = cli.name;
      }
      ce->data_intact = true;
    }
    if (ce) out.push_back(*ce);
    // A server app may serve several clients; one [[expect]] per server is enough when the
    // oracle pins it (connections of other clients would have to agree anyway).
    if (v.definite && !server_done[srv->name]) {
      server_done[srv->name] = true;
      bool same_for_all = true;
      for (const auto& other : s.apps)
        if (other.role == "client" && other.name != cli.name && setup)
          for (const auto& c : setup->connections)
            if (c.client_app == other.name && c.server_app == srv->name) {
              OracleVerdict ov = oracle_for(s, other, *srv);
              same_for_all = same_for_all && ov.definite && ov.server == v.server;
            }
      if (same_for_all)
        if (auto se = expect_of(srv->name, *v.server.begin())) out.push_back(*se);
    }
  }
  return out;
}

}  // namespace

RunVerdict run_and_check(const Scenario& s, const CampaignOptions& opt, bool determinism) {
  RunVerdict r;
  if (auto err = scenarios::validate_scenario(s)) {
    r.runnable = false;
    r.not_runnable = err->to_string();
    return r;
  }
  auto setup = build_world_setup(s);
  if (!setup) {
    r.runnable = false;
    r.not_runnable = "the simulator cannot express: " + setup.error();
    return r;
  }
  if (opt.mutate) opt.mutate(*setup);
  CampaignWorldOptions wo;
  wo.idle_groups_freed = opt.invariants.idle_groups_freed;
  wo.after_run = opt.world_hook;
  CampaignRun run = run_campaign_world(*setup, wo);
  r.events = run.run.events;
  r.connections = run.run.connections.size();
  r.violations = check_run(s, run, opt.invariants);
  if (determinism)
    if (auto v = check_determinism(*setup, run)) r.violations.push_back(*v);
  return r;
}

std::string failure_file_name(Invariant inv, const Scenario& shrunk) {
  Scenario s = shrunk;
  s.id = "fuzz/shrunk";
  s.expectations.clear();
  return std::string(to_string(inv)) + "-" + hex16(fnv1a(scenarios::write_scenario(s))) + ".toml";
}

std::string failure_file_text(const Failure& f, std::uint64_t campaign_seed, const std::string& path) {
  Scenario s = f.shrunk;
  std::string name = failure_file_name(f.violation.invariant, f.shrunk);
  s.id = "regression/" + name.substr(0, name.size() - 5);
  s.title = std::string("fuzz: ") + to_string(f.violation.invariant) + " violated";
  s.reference = "fallback-causes.md §2, §3, §12 (campaign oracle)";
  s.expectations = inverted_expectations(s, f.violation.invariant);
  std::string header = "smcsim fuzz --seed " + std::to_string(campaign_seed) + ": run " + std::to_string(f.run_index) +
                       ", shrunk in " + std::to_string(f.shrink.accepted) + " steps (" +
                       std::to_string(f.shrink.attempts) + " candidates)\n" +
                       "invariant: " + to_string(f.violation.invariant) + "\n" +
                       "message: " + f.violation.to_string() + "\n" +
                       "The [[expect]] tables state what the reference requires: this file fails while the bug\n"
                       "is there and passes once it is fixed. `smcsim replay` also re-checks every invariant.\n" +
                       "replay: smcsim replay " + path;
  return scenarios::write_scenario(s, header);
}

const RunVerdict& Campaign::step() {
  std::uint64_t i = runs_++;
  Scenario s = scenario_for_run(opt_.seed, i);
  bool det = opt_.determinism_every && i % opt_.determinism_every == 0;
  last_ = run_and_check(s, opt_, det);
  events_ += last_.events;
  connections_ += last_.connections;
  if (!last_.runnable) {
    ++not_runnable_;
    return last_;
  }
  if (last_.violations.empty()) return last_;
  ++failing_runs_;
  for (auto inv : kAllInvariants)
    for (const auto& v : last_.violations)
      if (v.invariant == inv) {
        ++counts_[inv];
        break;
      }
  handle_failure(s, last_.violations.front());
  return last_;
}

void Campaign::handle_failure(const Scenario& s, const Violation& v) {
  if (!opt_.shrink || shrunk_[v.invariant] >= opt_.shrink_per_invariant) return;
  ++shrunk_[v.invariant];
  Failure f;
  f.run_index = runs_ - 1;
  f.violation = v;
  f.original = s;
  const bool det = v.invariant == Invariant::Determinism;
  auto still_fails = [&](const Scenario& c) {
    RunVerdict r = run_and_check(c, opt_, det);
    for (const auto& x : r.violations)
      if (x.invariant == v.invariant) return true;
    return false;
  };
  f.shrunk = shrink_scenario(s, still_fails, &f.shrink);
  // The message of the shrunk scenario's violation: what a reader of the file will see.
  RunVerdict r = run_and_check(f.shrunk, opt_, det);
  for (const auto& x : r.violations)
    if (x.invariant == v.invariant) {
      f.violation = x;
      break;
    }
  std::string name = failure_file_name(v.invariant, f.shrunk);
  std::string path = opt_.out_dir.empty() ? name : (std::filesystem::path(opt_.out_dir) / name).string();
  f.text = failure_file_text(f, opt_.seed, path);
  f.replay_command = "smcsim replay " + path;
  if (!opt_.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(opt_.out_dir, ec);
    std::ofstream out(path, std::ios::binary);
    out << f.text;
    if (out) f.file = path;
  }
  failures_.push_back(std::move(f));
}

ReplayResult replay_scenario(const Scenario& s, const SetupMutator& mutate, const InvariantOptions& opt,
                             const WorldHook& hook) {
  ReplayResult r;
  CampaignOptions co;
  co.mutate = mutate;
  co.invariants = opt;
  co.world_hook = hook;
  RunVerdict v = run_and_check(s, co, true);
  r.runnable = v.runnable;
  r.not_runnable = v.not_runnable;
  r.violations = v.violations;
  if (!v.runnable) return r;
  auto setup = build_world_setup(s);
  if (mutate) mutate(*setup);
  CampaignWorldOptions wo;
  wo.idle_groups_freed = opt.idle_groups_freed;
  wo.after_run = hook;
  auto run = run_campaign_world(*setup, wo).run;
  for (const auto& e : check_expectations(s, run.connections))
    if (!e.pass)
      r.failed_expectations.push_back(s.file + ":" + std::to_string(e.line) + ": expected " + e.expected + ", observed " +
                                      e.observed);
  return r;
}

}  // namespace smc::conformance::campaign
