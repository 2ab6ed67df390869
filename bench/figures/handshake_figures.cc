// Handshakes per second of the sans-I/O engine on one core (first contact and link-group
// reuse), and how the time per handshake grows when 1 .. 10 k handshakes are in flight at
// once.
#include <algorithm>
#include <cstdio>
#include <string>

#include "bench/figures/figure.h"
#include "bench/figures/handshake_pairs.h"

namespace smc::bench {

namespace {

struct Rate {
  double per_s = 0;
  std::size_t handshakes = 0;
  std::size_t smcr = 0;
  std::size_t link_setups = 0;
};

// One handshake at a time, repeated for the budget.
Rate one_at_a_time(const PairHosts& hosts, double budget) {
  Rate r;
  Stopwatch sw;
  do {
    for (int i = 0; i < 64; ++i) {
      auto b = run_handshake_batch(hosts, 1);
      ++r.handshakes;
      r.smcr += b.smcr_both;
      r.link_setups += b.link_setups;
    }
  } while (sw.seconds() < budget);
  r.per_s = static_cast<double>(r.handshakes) / sw.seconds();
  return r;
}

std::string counts(const Rate& r) {
  return std::to_string(r.smcr) + "/" + std::to_string(r.handshakes) + " SMCR on both sides, " +
         std::to_string(r.link_setups) + " first-contact LLC exchanges";
}

}  // namespace

void measure_handshake_figures(const Options& opt, std::vector<Figure>& out) {
  const PairHosts first = baseline_pair(false);
  const PairHosts reuse = baseline_pair(true);

  // Warm-up: the first thousand handshakes fault in the allocator's arenas and the caches.
  (void)one_at_a_time(first, opt.budget_s() / 5);
  Rate fc = one_at_a_time(first, opt.budget_s());
  Figure f;
  f.id = "handshake.first_contact_per_s";
  f.title = "SMC-Rv2 first-contact handshakes/s, one core, sans-I/O";
  f.value = fc.per_s;
  f.unit = "handshakes/s";
  f.goal_kind = GoalKind::AtLeast;
  f.goal = 100e3;
  f.note = counts(fc) + "; ClientHandshake+ServerHandshake, CLC bytes handed over in memory, LLC exchange succeeds at once";
  if (fc.smcr != fc.handshakes || fc.link_setups != fc.handshakes) f.broken = "not every handshake was a first-contact SMC-R one";
  out.push_back(f);

  Rate ru = one_at_a_time(reuse, opt.budget_s());
  Figure g;
  g.id = "handshake.lgr_reuse_per_s";
  g.title = "SMC-Rv2 LGR-reuse handshakes/s, one core, sans-I/O";
  g.value = ru.per_s;
  g.unit = "handshakes/s";
  g.goal_kind = GoalKind::AtLeast;
  g.goal = 100e3;
  g.note = counts(ru) + "; both hosts hold a v2 link group with the other (HostSnapshot.link_groups)";
  if (ru.smcr != ru.handshakes || ru.link_setups != 0) g.broken = "not every handshake reused the link group";
  out.push_back(g);

  // Growth: n handshakes in flight together; time per handshake at each n.
  std::vector<std::size_t> sizes = {1, 100, 1000, 10000};
  double t1 = 0, tmax = 0;
  std::string detail;
  for (std::size_t n : sizes) {
    // Batches until the budget is spent, at least three; the fastest batch counts (the
    // machine is shared: the minimum is the least disturbed measurement).
    std::size_t total = 0, smcr = 0;
    double per = 1e300;
    Stopwatch sw;
    for (int batch = 0; batch < 3 || sw.seconds() < opt.budget_s(); ++batch) {
      Stopwatch one;
      auto b = run_handshake_batch(first, n);
      per = std::min(per, one.seconds() / static_cast<double>(n));
      total += n;
      smcr += b.smcr_both;
    }
    if (n == 1) t1 = per;
    tmax = per;
    char b[120];
    std::snprintf(b, sizeof b, "%s%zu: %.3g us (%zu/%zu SMCR)", detail.empty() ? "" : ", ", n, per * 1e6, smcr, total);
    detail += b;
    Figure t;
    t.id = "handshake.time_per_handshake_" + std::to_string(n);
    t.title = "time per handshake, " + std::to_string(n) + " concurrent";
    t.value = per;
    t.unit = "s";
    if (smcr != total) t.broken = std::to_string(total - smcr) + " handshakes did not end SMCR on both sides";
    out.push_back(t);
  }
  Figure gr;
  gr.id = "handshake.growth_10k_over_1";
  gr.title = "growth of time per handshake, 10 k / 1 concurrent";
  gr.value = t1 > 0 ? tmax / t1 : 0;
  gr.unit = "x";
  gr.note = detail + "; first contact, all created and established first, then one FIFO of deliveries; fastest batch of each size";
  out.push_back(gr);
}

}  // namespace smc::bench
