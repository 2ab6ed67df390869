#include <doctest/doctest.h>

#include "sim/kernel/actor.h"
#include "sim/kernel/determinism.h"
#include "sim/kernel/timer.h"

using namespace smc::sim;
using namespace smc::sim::literals;

namespace {
// A small world: two actors exchanging "packets" with random delays and losses.
struct Peer : Actor {
  Peer(Simulator& sim, std::string name) : Actor(sim, std::move(name)) {}
  Peer* other = nullptr;
  int sent = 0;
  void send() {
    ++sent;
    trace("pkt.tx", {{"n", sent}});
    if (random().bernoulli(0.1)) {
      trace("pkt.drop", {{"n", sent}});
      schedule_after(100_us, [this] {  // retransmit
        --sent;
        send();
      });
      return;
    }
    int n = sent;
    schedule_after(random().uniform_duration(10_us, 50_us), [this, n] {
      other->trace("pkt.rx", {{"n", n}, {"from", name()}});
      if (other->sent < 50) other->send();
    });
  }
};

void ping_pong(Simulator& sim) {
  Peer a(sim, "client/eth0"), b(sim, "server/eth0");
  a.other = &b;
  b.other = &a;
  a.send();
  (void)sim.run_until_quiescent();
}
}  // namespace

TEST_CASE("first_divergence finds the first differing line") {
  std::vector<std::string> a{"l1", "l2", "l3", "l4"};
  std::vector<std::string> b{"l1", "l2", "lX", "l4"};
  auto d = first_divergence(a, b);
  REQUIRE(d.has_value());
  CHECK(d->line == 3);
  CHECK(d->first == "l3");
  CHECK(d->second == "lX");
  CHECK_FALSE(first_divergence(a, a).has_value());
}

TEST_CASE("first_divergence reports a trace that ends early") {
  std::vector<std::string> a{"l1", "l2"};
  std::vector<std::string> b{"l1", "l2", "l3"};
  auto d = first_divergence(a, b);
  REQUIRE(d.has_value());
  CHECK(d->line == 3);
  CHECK(d->first == kEndOfTrace);
  CHECK(d->second == "l3");
}

TEST_CASE("a seeded scenario is deterministic") {
  DeterminismReport r = check_determinism(Seed(12345), ping_pong);
  CHECK(r.deterministic());
  CHECK(r.first_lines > 50);
  CHECK(r.first_hash == r.second_hash);
  CHECK(r.summary().rfind("deterministic: seed 12345", 0) == 0);
}

TEST_CASE("different seeds give different traces") {
  DeterminismReport a = check_determinism(Seed(1), ping_pong);
  DeterminismReport b = check_determinism(Seed(2), ping_pong);
  CHECK(a.first_hash != b.first_hash);
}

TEST_CASE("state leaking between runs is caught at the first differing line") {
  // The scenario reads a counter that survives between runs: the second run's 4th
  // record differs, as a wall-clock read or pointer-keyed map would make it differ.
  int leaked = 0;
  auto scenario = [&leaked](Simulator& sim) {
    Peer p(sim, "host");
    for (int i = 0; i < 6; ++i) {
      sim.schedule_after(ms(i), [&p, &leaked, i] { p.trace("step", {{"i", i}, {"x", i == 3 ? leaked : 0}}); });
    }
    (void)sim.run_until_quiescent();
    ++leaked;
  };
  DeterminismReport r = check_determinism(Seed(9), scenario);
  CHECK_FALSE(r.deterministic());
  REQUIRE(r.divergence.has_value());
  CHECK(r.divergence->line == 4);
  CHECK(r.divergence->first == "     0.003000000s host step i=3 x=0");
  CHECK(r.divergence->second == "     0.003000000s host step i=3 x=1");
  CHECK(r.summary().find("line 4") != std::string::npos);
}
