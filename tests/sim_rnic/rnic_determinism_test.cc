// The same seed and the same calls give the same trace, byte for byte (hash), and the
// trace names the QP actors readably.
#include <doctest/doctest.h>

#include "sim/kernel/trace_sink.h"
#include "tests/sim_rnic/rnic_pair.h"

using namespace smc;
using namespace smc::sim;
using namespace smc::sim::testing;

namespace {
std::uint64_t run_workload(std::uint64_t seed, std::uint32_t len) {
  RnicPair p(seed);
  REQUIRE(p.connect(2, 3, 12));
  for (int i = 0; i < 4; ++i) REQUIRE(p.recv(p.b, 100 + i, 1024u * i, 1024).ok());
  for (int i = 0; i < 6; ++i) REQUIRE(p.send(p.a, i, 0, 44).ok());  // the last 2 meet RNR
  REQUIRE(p.write(p.a, p.b, 50, 0, len, p.b.mr.addr + 8192, p.b.mr.rkey).ok());
  p.run(seconds(1));
  return p.sim.trace().hash();
}
}  // namespace

TEST_CASE("Same seed, same calls: same trace hash; different traffic: different hash") {
  const auto h1 = run_workload(42, 3000);
  const auto h2 = run_workload(42, 3000);
  CHECK(h1 == h2);
  CHECK(run_workload(42, 3001) != h1);
}

TEST_CASE("Trace lines name the QP as host/device/qpN") {
  RnicPair p;
  std::vector<std::string> lines;
  struct Collect : TraceSink {
    std::vector<std::string>* out;
    void consume(const TraceRecord&, std::string_view text) override { out->emplace_back(text); }
  } sink;
  sink.out = &lines;
  p.sim.trace().attach(sink);
  REQUIRE(p.connect());
  REQUIRE(p.write(p.a, p.b, 1, 0, 2048, p.b.mr.addr, p.b.mr.rkey).ok());
  p.run(ms(1));
  p.sim.trace().detach(sink);
  bool saw_tx = false;
  const std::string actor = "client/rnic0/qp" + std::to_string(p.a.qp_num);
  for (const auto& l : lines)
    if (l.find(actor + " rnic.post_send wr_id=1 op=WRITE") != std::string::npos && l.find("pkts=2 len=2048") != std::string::npos)
      saw_tx = true;
  CHECK(saw_tx);
}
