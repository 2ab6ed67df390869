// SimTimerService: ports::TimerService over the simulation kernel. Expected instants are the
// armed delays themselves; order at one instant is the arming order (clock.h's contract).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "sim/world/sim_timer_service.h"

using namespace smc;
using smc::world::SimTimerService;

TEST_CASE("a timer fires once, at now + delay, in virtual time") {
  sim::Simulator sim(sim::Seed(1));
  SimTimerService t(sim, "host/timers");
  std::vector<ports::Nanos> fired;
  t.arm(6 * ports::kSecond, [&] { fired.push_back(t.now()); });
  CHECK(t.now() == 0);
  CHECK(t.pending() == 1);
  REQUIRE(sim.run_until_quiescent().ok());
  REQUIRE(fired.size() == 1);
  CHECK(fired[0] == 6 * ports::kSecond);
  CHECK(t.pending() == 0);
}

TEST_CASE("timers due at the same instant run in arming order, whatever their ids") {
  sim::Simulator sim(sim::Seed(1));
  SimTimerService t(sim, "host/timers");
  std::string order;
  t.arm(5, [&] { order += "a"; });
  t.arm(3, [&] { order += "x"; });
  t.arm(5, [&] { order += "b"; });
  t.arm(5, [&] { order += "c"; });
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(order == "xabc");
}

TEST_CASE("cancel: true only for a pending timer; a cancelled timer never fires") {
  sim::Simulator sim(sim::Seed(1));
  SimTimerService t(sim, "host/timers");
  int fired = 0;
  auto a = t.arm(10, [&] { ++fired; });
  auto b = t.arm(20, [&] { ++fired; });
  CHECK(a);
  CHECK(a != b);
  CHECK(t.cancel(a));
  CHECK_FALSE(t.cancel(a));               // already cancelled
  CHECK_FALSE(t.cancel(ports::TimerId{}));  // never existed
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(fired == 1);
  CHECK_FALSE(t.cancel(b));  // already fired
}

TEST_CASE("a callback may re-arm itself and cancel others; negative delays mean now") {
  sim::Simulator sim(sim::Seed(1));
  SimTimerService t(sim, "host/timers");
  std::vector<ports::Nanos> ticks;
  ports::TimerId victim = t.arm(250, [&] { ticks.push_back(-1); });
  std::function<void()> tick = [&] {
    ticks.push_back(t.now());
    if (ticks.size() == 2) t.cancel(victim);
    if (ticks.size() < 4) t.arm(100, tick);
  };
  t.arm(100, tick);
  t.arm(-5, [&] { ticks.insert(ticks.begin(), t.now()); });
  REQUIRE(sim.run_until_quiescent().ok());
  // 0: the negative delay; 100, 200, 300: the self re-arming tick; 250 was cancelled at 100.
  CHECK(ticks == std::vector<ports::Nanos>{0, 100, 200, 300});
}

TEST_CASE("destroying the service cancels what is still pending") {
  sim::Simulator sim(sim::Seed(1));
  int fired = 0;
  {
    SimTimerService t(sim, "host/timers");
    t.arm(10, [&] { ++fired; });
  }
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(fired == 0);
}
