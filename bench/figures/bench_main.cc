// smc_bench_run: every figure of issue 7 measured in one run on this machine, printed as a
// table (figure | value | goal | ratio | verdict) and optionally written as JSON. bench/run
// builds it (Release) and calls it; see docs/performance.md.
//
//   smc_bench_run [--quick] [--json FILE] [--only AREA]... [--no-lab]
//                 [--catalogue DIR] [--lab-cases DIR] [--smcsim PATH]
// AREA: world, handshake, datapath, memory, lab. Exit status 0 whatever the timings (a
// benchmark reports, CI does not gate on timing), 1 when a measurement's own check failed
// (a BROKEN figure: see Figure::broken), 2 on a usage error.
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bench/figures/figure.h"

namespace {

int usage(const char* why) {
  std::fprintf(stderr,
               "smc_bench_run: %s\nusage: smc_bench_run [--quick] [--json FILE] [--only AREA]... [--no-lab]\n"
               "                     [--catalogue DIR] [--lab-cases DIR] [--smcsim PATH]\n"
               "AREA: world handshake datapath memory lab\n",
               why);
  return 2;
}

std::string self_path(const char* argv0) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return argv0;
  buf[n] = 0;
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace smc::bench;
  Options opt;
  opt.catalogue_dir = SMC_BENCH_SOURCE_DIR "/scenarios/catalogue";
  opt.lab_cases_dir = SMC_BENCH_SOURCE_DIR "/hw/lab/cases";
  opt.self = self_path(argv[0]);
  std::string json;
  std::set<std::string> only;
  const std::set<std::string> areas = {"world", "handshake", "datapath", "memory", "lab"};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--quick") {
      opt.quick = true;
    } else if (a == "--no-lab") {
      opt.lab = false;
    } else if (a == "--memory-probe") {
      const char* n = value();
      const char* mode = value();
      if (!n || !mode) return usage("--memory-probe needs N and rmb|state");
      return run_memory_probe(std::strtoull(n, nullptr, 10), std::strcmp(mode, "rmb") == 0);
    } else if (a == "--json" || a == "--catalogue" || a == "--lab-cases" || a == "--smcsim" || a == "--only") {
      const char* v = value();
      if (!v) return usage((a + " needs a value").c_str());
      if (a == "--json") json = v;
      else if (a == "--catalogue") opt.catalogue_dir = v;
      else if (a == "--lab-cases") opt.lab_cases_dir = v;
      else if (a == "--smcsim") opt.smcsim = v;
      else if (!areas.count(v)) return usage(("unknown area " + std::string(v)).c_str());
      else only.insert(v);
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  auto selected = [&](const char* area) { return only.empty() || only.count(area) != 0; };

  const std::string machine = machine_description();
  std::printf("smc_bench_run on %s%s\n\n", machine.c_str(), opt.quick ? " (--quick: timings are not meaningful)" : "");
  std::fflush(stdout);
  std::vector<Figure> figures;
  // Memory first: its probes are separate processes, but the parent's own RSS should be
  // small while they run.
  if (selected("memory")) measure_memory_figures(opt, figures);
  if (selected("world")) measure_world_figures(opt, figures);
  if (selected("handshake")) measure_handshake_figures(opt, figures);
  if (selected("datapath")) measure_datapath_figures(opt, figures);
  if (selected("lab")) measure_lab_figures(opt, figures);

  std::fputs(format_table(figures).c_str(), stdout);
  if (!json.empty()) {
    std::ofstream f(json);
    f << format_json(figures, machine, opt.quick);
    if (!f) {
      std::fprintf(stderr, "smc_bench_run: cannot write %s\n", json.c_str());
      return 1;
    }
  }
  for (const auto& f : figures)
    if (!f.broken.empty()) return 1;
  return 0;
}
