// Memory per idle connection: the RSS growth of a process that holds N idle SMC-R
// connection endpoints, each a ConnectionDataPath with its ConnectionLink and its own RMB
// element (64 KiB: the kernel's default net.smc.rmem, kernel-lab.md), the element touched
// as a registered buffer is. The kernel also keeps a 64 KiB send buffer per socket; this
// engine has none (the application's buffer plays it, connection_data_path.h).
//
// Each probe runs in a fresh process (this program with --memory-probe), so that heap the
// other figures freed does not hide growth. At 100 k the RMBs alone would be 6.4 GB on a
// machine others share: that probe holds the connection state only, and the table adds
// the RMB arithmetically (the note says so).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench/figures/figure.h"
#include "protocol/datapath/connection_data_path.h"

namespace smc::bench {

namespace {

constexpr std::uint32_t kRmb = 64 * 1024;

class IdleLink final : public datapath::ConnectionLink {
 public:
  Status<datapath::LinkError> write_to_peer(std::uint32_t, wire::ByteView) override { return Ok{}; }
  Status<datapath::LinkError> send_cdc(const cdc::CdcMessage&) override { return Ok{}; }
};

struct IdleEndpoint {
  IdleLink link;
  std::vector<std::uint8_t> rmb;
  std::unique_ptr<datapath::ConnectionDataPath> path;
};

std::optional<double> probe(const Options& opt, std::size_t n, bool with_rmb) {
  std::string cmd = "'" + opt.self + "' --memory-probe " + std::to_string(n) + (with_rmb ? " rmb" : " state");
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return std::nullopt;
  double v = 0;
  int got = std::fscanf(p, "%lf", &v);
  int rc = pclose(p);
  if (got != 1 || rc != 0) return std::nullopt;
  return v;
}

}  // namespace

// The child's side: builds n endpoints and prints the RSS growth per endpoint in bytes.
int run_memory_probe(std::size_t n, bool with_rmb) {
  std::vector<IdleEndpoint> eps(n);
  std::uint64_t before = resident_bytes();
  for (auto& e : eps) {
    datapath::DataPathConfig cfg;
    cfg.peer_ring_size = kRmb;
    if (with_rmb) e.rmb.assign(kRmb, 0);
    // Without an RMB the data path still needs a span of the right size to describe its
    // ring; it is never read while the connection is idle, so a shared dummy serves.
    static std::vector<std::uint8_t> dummy(kRmb);
    std::span<std::uint8_t> ring = with_rmb ? std::span<std::uint8_t>(e.rmb) : std::span<std::uint8_t>(dummy);
    e.path = std::make_unique<datapath::ConnectionDataPath>(e.link, ring, cfg);
    e.path->on_readable = [] {};
    e.path->on_writable = [] {};
  }
  std::uint64_t after = resident_bytes();
  // The vector of endpoints itself was allocated before the first reading: add its size.
  double per = (static_cast<double>(after - before) + static_cast<double>(n * sizeof(IdleEndpoint))) /
               static_cast<double>(n);
  std::printf("%.1f\n", per);
  return 0;
}

void measure_memory_figures(const Options& opt, std::vector<Figure>& out) {
  const std::size_t small = opt.quick ? 1000 : 10000;
  const std::size_t large = opt.quick ? 10000 : 100000;
  const std::string small_k = opt.quick ? "1 k" : "10 k";
  const std::string large_k = opt.quick ? "10 k" : "100 k";

  auto with = probe(opt, small, true);
  Figure a;
  a.id = "memory.per_conn_" + std::to_string(small);
  a.title = "memory per idle connection, " + small_k + " (64 KiB RMB)";
  a.unit = "B";
  if (with) {
    a.value = *with;
    a.note = "RSS growth / N for N endpoints: ConnectionDataPath + link + touched 64 KiB RMB element";
  } else {
    a.skipped = true;
    a.broken = "the probe process failed";
  }
  out.push_back(a);

  Figure t;
  t.id = "memory.total_10k";
  t.title = "memory for 10 k idle connections";
  t.unit = "B";
  t.goal_kind = GoalKind::AtMost;
  t.goal = 1024.0 * 1024 * 1024;
  if (with) {
    t.value = *with * 10000;
    t.note = "10 000 x the per-connection figure at " + small_k;
  } else {
    t.skipped = true;
  }
  out.push_back(t);

  auto state_small = probe(opt, small, false);
  auto state_large = probe(opt, large, false);
  Figure s;
  s.id = "memory.state_per_conn_" + std::to_string(large);
  s.title = "memory per idle connection, " + large_k + " (state; + 64 KiB RMB)";
  s.unit = "B";
  if (state_large) {
    s.value = *state_large + kRmb;
    char b[200];
    std::snprintf(b, sizeof b, "state measured: %.0f B at %s, %.0f B at %s; the 64 KiB RMB added, not allocated",
                  state_small.value_or(0), small_k.c_str(), *state_large, large_k.c_str());
    s.note = b;
  } else {
    s.skipped = true;
    s.broken = "the probe process failed";
  }
  out.push_back(s);
}

}  // namespace smc::bench
