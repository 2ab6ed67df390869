#include <doctest/doctest.h>

#include <vector>

#include "sim/kernel/actor.h"
#include "sim/kernel/timer.h"

using namespace smc::sim;
using namespace smc::sim::literals;

namespace {
struct Host : Actor {
  Host(Simulator& sim, std::string name)
      : Actor(sim, std::move(name)), clc_wait(*this, "clc-wait", [this] { fired.push_back(now().ns()); }) {}
  std::vector<std::int64_t> fired;
  Timer clc_wait;
};
}  // namespace

TEST_CASE("an armed timer fires once at its deadline") {
  Simulator sim(Seed(1));
  Host h(sim, "client");
  CHECK_FALSE(h.clc_wait.armed());
  CHECK(h.clc_wait.deadline() == SimTime::infinite());
  h.clc_wait.arm_after(6_s);
  CHECK(h.clc_wait.armed());
  CHECK(h.clc_wait.deadline() == SimTime::zero() + 6_s);
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(h.fired == std::vector<std::int64_t>{6'000'000'000});
  CHECK_FALSE(h.clc_wait.armed());
  CHECK(h.clc_wait.expirations() == 1);
}

TEST_CASE("a cancelled timer does not fire") {
  Simulator sim(Seed(1));
  Host h(sim, "client");
  h.clc_wait.arm_after(6_s);
  sim.schedule_after(1_s, [&] { CHECK(h.clc_wait.cancel()); });
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(h.fired.empty());
  CHECK_FALSE(h.clc_wait.armed());
  CHECK_FALSE(h.clc_wait.cancel());
  CHECK(sim.now() == SimTime::zero() + 1_s);
}

TEST_CASE("re-arming replaces the pending expiry, earlier or later") {
  Simulator sim(Seed(1));
  Host h(sim, "client");
  h.clc_wait.arm_after(6_s);
  sim.schedule_after(1_s, [&] { h.clc_wait.arm_after(10_s); });   // later: 11 s
  sim.schedule_after(2_s, [&] { h.clc_wait.arm_at(SimTime::zero() + 3_s); });  // earlier: 3 s
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(h.fired == std::vector<std::int64_t>{3'000'000'000});
  CHECK(sim.now() == SimTime::zero() + 3_s);
}

TEST_CASE("a timer may re-arm itself from its expiry") {
  Simulator sim(Seed(1));
  struct Periodic : Actor {
    Periodic(Simulator& s, std::string n)
        : Actor(s, std::move(n)), t(*this, "tick", [this] {
            ++count;
            if (count < 5) t.arm_after(100_ms);
          }) {}
    int count = 0;
    Timer t;
  } p(sim, "ticker");
  p.t.arm_after(100_ms);
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(p.count == 5);
  CHECK(sim.now() == SimTime::zero() + 500_ms);
}

TEST_CASE("destroying an armed timer cancels it") {
  Simulator sim(Seed(1));
  Host h(sim, "client");
  bool fired = false;
  {
    Timer t(h, "short-lived", [&] { fired = true; });
    t.arm_after(1_s);
    CHECK(sim.pending_events() == 1);
  }
  CHECK(sim.pending_events() == 0);
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK_FALSE(fired);
}
