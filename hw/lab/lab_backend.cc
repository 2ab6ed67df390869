#include "hw/lab/lab_backend.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "conformance/case_runner.h"
#include "hw/lab/scenario_translation.h"

#ifndef SMC_LAB_AGENT_PATH
#define SMC_LAB_AGENT_PATH ""
#endif
#ifndef SMC_LAB_SCRIPTS_DIR
#define SMC_LAB_SCRIPTS_DIR ""
#endif

namespace smc::lab {
namespace {

constexpr int kFirstPort = 5001;

// The expectations the lab can check: the CLC wire, counters and link-group counts are not
// observed in the guest (the agent reads sock_diag only), so they are left out and said so.
scenarios::Scenario observable_only(scenarios::Scenario s, std::vector<std::string>& notes) {
  bool dropped = false;
  for (auto& e : s.expectations) {
    dropped = dropped || !e.wire.empty() || !e.counters.empty() || e.link_groups.has_value();
    e.wire.clear();
    e.counters.clear();
    e.link_groups.reset();
  }
  if (dropped) notes.push_back("wire/counters/link_groups not observed by the lab");
  return s;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::vector<LabSideView> side_views(const std::vector<world::ConnectionOutcome>& sim,
                                    const std::vector<world::ConnectionOutcome>& kernel,
                                    const std::vector<std::string>& missing) {
  std::vector<LabSideView> out;
  auto is_missing = [&](const std::string& who) {
    for (const auto& m : missing)
      if (m == who) return true;
    return false;
  };
  std::size_t n = std::max(sim.size(), kernel.size());
  for (std::size_t i = 0; i < n; ++i) {
    const world::ConnectionOutcome* s = i < sim.size() ? &sim[i] : nullptr;
    const world::ConnectionOutcome* k = i < kernel.size() ? &kernel[i] : nullptr;
    const auto& ref = s ? *s : *k;
    std::string idx = "#" + std::to_string(ref.index);
    LabSideView cv{ref.client_app + idx, s ? s->client_mode() : "none", k ? k->client_mode() : "none", false};
    LabSideView sv{ref.server_app + idx, s ? s->server_mode() : "none", k ? k->server_mode() : "none", false};
    if (is_missing(cv.who)) cv.kernel = "missing";
    if (is_missing(sv.who)) sv.kernel = "missing";
    cv.agree = cv.sim == cv.kernel;
    sv.agree = sv.sim == sv.kernel;
    out.push_back(cv);
    out.push_back(sv);
  }
  return out;
}

}  // namespace

LabCaseResult judge_lab_case(const scenarios::Scenario& s, const LabCaseRun* run, const LabOptions& options,
                             int port) {
  LabCaseResult r;
  r.result.id = s.id;
  r.result.title = s.title;
  r.result.reference = s.reference;
  r.result.file = s.file;
  LabTranslation t = translate_scenario(s, port);
  if (!t.lab) {
    r.status = "unsupported";
    r.result.outcome = conformance::Outcome::UnsupportedOnBackend;
    r.result.note = t.unsupported;
    r.result.observed = "-";
    return r;
  }
  r.lab_line = to_line(*t.lab);
  r.adaptations = t.adaptations;
  if (!run) {
    r.status = "not-run";
    r.result.outcome = conformance::Outcome::Fail;
    r.result.note = "the lab did not run this case (the guest stopped early)";
    r.result.observed = "not run";
    return r;
  }
  r.status = run->status;
  r.sockets = run->sockets;
  std::vector<std::string> missing;
  auto kernel = to_outcomes(*run, t.client_app, t.server_app, t.lab->connections, &missing);
  std::vector<std::string> notes = t.adaptations;
  auto judged = observable_only(s, notes);
  r.result.verdicts = conformance::check_expectations(judged, kernel);
  bool pass = !r.result.verdicts.empty() && run->status == "ok" && missing.empty();
  for (const auto& v : r.result.verdicts) {
    r.result.expected += (r.result.expected.empty() ? "" : ", ") + v.expected;
    r.result.observed += (r.result.observed.empty() ? "" : ", ") + v.observed;
    pass = pass && v.pass;
  }
  if (run->status != "ok") notes.insert(notes.begin(), "guest case " + run->status + (run->detail.empty() ? "" : ": " + run->detail));
  if (!missing.empty()) notes.insert(notes.begin(), "never reported: " + join(missing, ","));
  r.result.outcome = pass ? conformance::Outcome::Pass : conformance::Outcome::Fail;
  r.result.note = join(notes, "; ");

  if (options.differential) {
    std::vector<world::ConnectionOutcome> sim;
    conformance::RunOptions ro;
    ro.profile = kLabProfile;
    auto sr = conformance::run_case(t.as_run, ro, sim);
    if (sr.outcome == conformance::Outcome::UnsupportedOnBackend) {
      r.sim_note = sr.note;
    } else {
      r.compared = true;
      r.sides = side_views(sim, kernel, missing);
      r.agree = run->status == "ok";
      for (const auto& sv : r.sides) r.agree = r.agree && sv.agree;
    }
  }
  return r;
}

std::vector<LabCaseResult> run_lab_catalogue(const std::vector<scenarios::Scenario>& cases,
                                             const LabOptions& options, LabRunInfo* info) {
  LabRunInfo local;
  LabRunInfo& inf = info ? *info : local;
  std::vector<int> ports(cases.size(), 0);
  std::string list;
  int next = kFirstPort;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto t = translate_scenario(cases[i], next);
    if (!t.lab) continue;
    ports[i] = next++;
    list += to_line(*t.lab) + "\n";
  }

  LabRun run;
  bool have_run = false;
  if (!list.empty()) {
    std::string result = options.result_file;
    if (result.empty()) {
      std::string work = options.work_dir;
      if (work.empty()) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "smcsim-lab.XXXXXX").string();
        if (mkdtemp(tmpl.data())) work = tmpl;
      }
      std::error_code ec;
      std::filesystem::create_directories(work, ec);
      std::string agent = options.agent.empty() ? SMC_LAB_AGENT_PATH : options.agent;
      std::string scripts = options.scripts_dir.empty() ? SMC_LAB_SCRIPTS_DIR : options.scripts_dir;
      std::string cases_file = work + "/cases.txt";
      result = work + "/result.json";
      inf.console_log = work + "/console.log";
      std::ofstream(cases_file) << list;
      std::string cmd = "bash " + shell_quote(scripts + "/run") + " --agent " + shell_quote(agent) + " --cases " +
                        shell_quote(cases_file) + " --out " + shell_quote(result) + " --log " +
                        shell_quote(inf.console_log) + " --timeout " + std::to_string(options.timeout_s);
      int rc = std::system(cmd.c_str());
      if (rc != 0) inf.error = "scripts/lab/run failed (status " + std::to_string(rc) + ")";
    }
    if (inf.error.empty()) {
      auto parsed = parse_lab_run(read_file(result));
      if (parsed) {
        run = std::move(*parsed);
        have_run = true;
        inf.kernel = run.kernel;
        inf.wall_s = run.wall_s;
        inf.complete = run.complete;
      } else {
        inf.error = parsed.error();
      }
    }
  }

  std::vector<LabCaseResult> out;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const LabCaseRun* cr = nullptr;
    if (have_run)
      for (const auto& c : run.cases)
        if (c.id == cases[i].id) cr = &c;
    out.push_back(judge_lab_case(cases[i], cr, options, ports[i] ? ports[i] : kFirstPort));
    if (!cr && out.back().status == "not-run" && !inf.error.empty()) out.back().result.note = inf.error;
  }
  return out;
}

bool differential_failed(const LabCaseResult& r) {
  if (r.status == "unsupported") return false;
  if (r.status != "ok") return true;
  return r.compared && !r.agree;
}

std::string format_differential(const std::vector<LabCaseResult>& results) {
  std::string out;
  char line[512];
  int compared = 0, agreeing = 0, unsupported = 0, sim_only = 0, failed = 0;
  for (const auto& r : results) {
    if (r.status == "unsupported") {
      ++unsupported;
      std::snprintf(line, sizeof line, "%-48s unsupported-on-backend: %s\n", r.result.id.c_str(), r.result.note.c_str());
      out += line;
      continue;
    }
    if (differential_failed(r)) ++failed;
    if (!r.compared) {
      ++sim_only;
      std::snprintf(line, sizeof line, "%-48s kernel %s; simulator: %s\n", r.result.id.c_str(), r.status.c_str(),
                    r.sim_note.empty() ? "not run" : r.sim_note.c_str());
      out += line;
      continue;
    }
    ++compared;
    if (r.agree) ++agreeing;
    // Connections of one application that look the same print as one row ("cli#1-10").
    for (std::size_t parity = 0; parity < 2; ++parity) {
      std::vector<const LabSideView*> v;
      for (std::size_t i = parity; i < r.sides.size(); i += 2) v.push_back(&r.sides[i]);
      for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i + 1;
        while (j < v.size() && v[j]->sim == v[i]->sim && v[j]->kernel == v[i]->kernel) ++j;
        std::string who = v[i]->who;
        if (j > i + 1) who += "-" + v[j - 1]->who.substr(v[j - 1]->who.find('#') + 1);
        std::snprintf(line, sizeof line, "%-48s %-10s sim %-28s kernel %-28s %s\n", r.result.id.c_str(), who.c_str(),
                      v[i]->sim.c_str(), v[i]->kernel.c_str(), v[i]->agree ? "agree" : "DISAGREE");
        out += line;
        i = j;
      }
    }
  }
  std::snprintf(line, sizeof line,
                "differential: %d compared, %d agree, %d disagree or unfinished, %d not comparable, %d unsupported\n",
                compared, agreeing, failed, sim_only, unsupported);
  out += line;
  return out;
}

}  // namespace smc::lab
