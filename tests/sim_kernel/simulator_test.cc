#include <doctest/doctest.h>

#include <vector>

#include "sim/kernel/simulator.h"

using namespace smc::sim;
using namespace smc::sim::literals;

namespace {
// Reschedules itself every `period` forever: a livelock as far as quiescence goes.
void tick_forever(Simulator& sim, SimDuration period, std::uint64_t* count) {
  sim.schedule_after(period, [&sim, period, count] {
    ++*count;
    tick_forever(sim, period, count);
  });
}
}  // namespace

TEST_CASE("a simulator needs a seed and starts at time zero") {
  Simulator sim(Seed(7));
  CHECK(sim.seed() == Seed(7));
  CHECK(sim.now() == SimTime::zero());
  CHECK(sim.pending_events() == 0);
}

TEST_CASE("run_until_quiescent runs everything and leaves the clock at the last event") {
  Simulator sim(Seed(1));
  std::vector<std::int64_t> seen;
  sim.schedule_after(3_ms, [&] { seen.push_back(sim.now().ns()); });
  sim.schedule_after(1_ms, [&] {
    seen.push_back(sim.now().ns());
    sim.schedule_after(5_ms, [&] { seen.push_back(sim.now().ns()); });
  });
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(seen == std::vector<std::int64_t>{1'000'000, 3'000'000, 6'000'000});
  CHECK(sim.now() == SimTime::zero() + 6_ms);
}

TEST_CASE("an exhausted event budget stops the run with the count and the time") {
  Simulator sim(Seed(1));
  std::uint64_t ticks = 0;
  tick_forever(sim, 10_us, &ticks);
  auto r = sim.run_until_quiescent(1000);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == RunError::BudgetExhausted);
  CHECK(r.error().events == 1000);
  CHECK(ticks == 1000);
  // The 1000th tick ran at 1000 * 10 us.
  CHECK(r.error().at == SimTime::zero() + 10_ms);
  CHECK(sim.now() == SimTime::zero() + 10_ms);
  CHECK(r.error().message().find("1000 events processed") != std::string::npos);
  CHECK(r.error().message().find("0.010000000s") != std::string::npos);
}

TEST_CASE("a budget exactly large enough is not exhausted") {
  Simulator sim(Seed(1));
  for (int i = 0; i < 5; ++i) sim.schedule_after(ns(i), [] {});
  CHECK(sim.run_until_quiescent(5).ok());
}

TEST_CASE("run_until stops before the first event after the predicate turns true") {
  Simulator sim(Seed(1));
  std::uint64_t ticks = 0;
  tick_forever(sim, 1_ms, &ticks);
  REQUIRE(sim.run_until([&] { return ticks == 42; }).ok());
  CHECK(ticks == 42);
  CHECK(sim.now() == SimTime::zero() + 42_ms);
}

TEST_CASE("run_until with an already-true predicate runs nothing") {
  Simulator sim(Seed(1));
  bool ran = false;
  sim.schedule_after(1_ms, [&] { ran = true; });
  REQUIRE(sim.run_until([] { return true; }).ok());
  CHECK_FALSE(ran);
  CHECK(sim.now() == SimTime::zero());
}

TEST_CASE("run_until fails when the events run out first") {
  Simulator sim(Seed(1));
  sim.schedule_after(2_ms, [] {});
  auto r = sim.run_until([] { return false; });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == RunError::QueueDrained);
  CHECK(r.error().events == 1);
  CHECK(r.error().at == SimTime::zero() + 2_ms);
}

TEST_CASE("run_until_or_timeout stops at the deadline") {
  Simulator sim(Seed(1));
  std::uint64_t ticks = 0;
  tick_forever(sim, 1_s, &ticks);
  auto r = sim.run_until_or_timeout([] { return false; }, 6_s + 500_ms);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == RunError::Timeout);
  CHECK(ticks == 6);
  CHECK(sim.now() == SimTime::zero() + 6_s + 500_ms);
}

TEST_CASE("run_for runs events up to and including the end, then stands at the end") {
  Simulator sim(Seed(1));
  std::uint64_t ticks = 0;
  tick_forever(sim, 1_ms, &ticks);
  REQUIRE(sim.run_for(10_ms).ok());
  CHECK(ticks == 10);  // the tick due at exactly 10 ms ran
  CHECK(sim.now() == SimTime::zero() + 10_ms);
  REQUIRE(sim.run_for(2500_us).ok());
  CHECK(ticks == 12);
  CHECK(sim.now() == SimTime::zero() + 12500_us);
}

TEST_CASE("run_for over an empty queue still advances the clock") {
  Simulator sim(Seed(1));
  REQUIRE(sim.run_for(6_s).ok());
  CHECK(sim.now() == SimTime::zero() + 6_s);
}

TEST_CASE("scheduling into the past is refused and fails the next run") {
  Simulator sim(Seed(1));
  REQUIRE(sim.run_for(1_s).ok());
  EventId id = sim.schedule_at(SimTime::zero() + 500_ms, [] {});
  CHECK_FALSE(id.valid());
  auto r = sim.run_until_quiescent();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == RunError::ScheduledInPast);
  CHECK(r.error().message().find("0.500000000s") != std::string::npos);
}

TEST_CASE("statistics count events and print a short block") {
  Simulator sim(Seed(99));
  std::uint64_t ticks = 0;
  tick_forever(sim, 1_ms, &ticks);
  REQUIRE(sim.run_for(1_s).ok());
  RunStats s = sim.stats();
  CHECK(s.seed == 99);
  CHECK(s.events_processed == 1000);
  CHECK(s.events_scheduled == 1001);
  CHECK(s.events_pending == 1);
  CHECK(s.sim_time == SimTime::zero() + 1_s);
  CHECK(s.wall_seconds >= 0.0);
  std::string text = s.summary();
  CHECK(text.find("1000 processed") != std::string::npos);
  CHECK(text.find("1.000000000s") != std::string::npos);
  CHECK(text.find("events/s") != std::string::npos);
  CHECK(text.find("sim-s per wall-s") != std::string::npos);
}
