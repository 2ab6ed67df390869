// The simulation kernel's hot loop: how many events per second the queue and the
// simulator sustain. Hold model: the queue keeps N events pending; each step pops the
// earliest and schedules one new event a pseudo-random delay later, as a network of
// N in-flight packets and timers would.
#include <benchmark/benchmark.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/actor.h"
#include "sim/kernel/event_queue.h"
#include "sim/kernel/random.h"
#include "sim/kernel/simulator.h"
#include "sim/kernel/trace.h"

using namespace smc::sim;

namespace {
// Delays of 1 ns .. 1 ms, drawn once so that the loop measures the queue, not the RNG.
const std::vector<std::int64_t>& delays() {
  static const std::vector<std::int64_t> table = [] {
    RandomStream r(Seed(1), "bench/delays");
    std::vector<std::int64_t> t(4096);
    for (auto& d : t) d = static_cast<std::int64_t>(r.uniform_u64(1, 1'000'000));
    return t;
  }();
  return table;
}

void BM_EventQueueHold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto& d = delays();
  EventQueue q;
  SimTime clock;
  std::uint64_t sink = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < pending; ++i) q.push(at_ns(d[i % d.size()]), [&sink] { ++sink; });
  for (auto _ : state) {
    q.run_next(clock);
    q.push(clock + ns(d[k++ & 4095]), [&sink] { ++sink; });
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold)->Arg(1'000)->Arg(100'000);

// A re-armed timer: cancel plus push per step (TCP's RTO on every ACK).
void BM_EventQueueCancelRearm(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto& d = delays();
  EventQueue q;
  std::size_t k = 0;
  for (std::size_t i = 0; i < pending; ++i) q.push(at_ns(d[i % d.size()]), [] {});
  EventId timer = q.push(at_ns(500'000), [] {});
  for (auto _ : state) {
    q.cancel(timer);
    timer = q.push(at_ns(d[k++ & 4095]), [] {});
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueCancelRearm)->Arg(1'000)->Arg(100'000);

// The same hold model on quiche's structure (multimap + std::function), for comparison.
void BM_MultimapBaselineHold(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const auto& d = delays();
  std::multimap<std::int64_t, std::function<void()>> q;
  std::uint64_t sink = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < pending; ++i) q.emplace(d[i % d.size()], [&sink] { ++sink; });
  for (auto _ : state) {
    auto it = q.begin();
    std::int64_t now = it->first;
    it->second();
    q.erase(it);
    q.emplace(now + d[k++ & 4095], [&sink] { ++sink; });
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MultimapBaselineHold)->Arg(1'000)->Arg(100'000);

// Whole-simulator loop: N actors, each rescheduling itself after its own period.
class Ticker : public Actor {
 public:
  Ticker(Simulator& sim, std::string name, SimDuration period)
      : Actor(sim, std::move(name)), period_(period) {}
  void start() { schedule_after(period_, [this] { tick(); }); }
  std::uint64_t ticks() const { return ticks_; }

 private:
  void tick() {
    ++ticks_;
    schedule_after(period_, [this] { tick(); });
  }
  SimDuration period_;
  std::uint64_t ticks_ = 0;
};

void BM_SimulatorSelfReschedulingActors(benchmark::State& state) {
  const auto actors = static_cast<std::size_t>(state.range(0));
  constexpr std::uint64_t kEventsPerRun = 1'000'000;
  std::uint64_t events = 0;
  double eps = 0;
  for (auto _ : state) {
    Simulator sim(Seed(1));
    std::vector<std::unique_ptr<Ticker>> ts;
    for (std::size_t i = 0; i < actors; ++i) {
      ts.push_back(std::make_unique<Ticker>(sim, "host" + std::to_string(i), ns(1000 + static_cast<std::int64_t>(i))));
      ts.back()->start();
    }
    auto r = sim.run_until_quiescent(kEventsPerRun);  // ends by budget: tickers never stop
    benchmark::DoNotOptimize(r.ok());
    events += sim.stats().events_processed;
    eps = sim.stats().events_per_second();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["sim_events_per_s"] = eps;
}
BENCHMARK(BM_SimulatorSelfReschedulingActors)->Arg(10)->Arg(1'000)->Arg(100'000)->Unit(benchmark::kMillisecond);

// The price of tracing: one record with three fields, hashed only (no sink) and
// formatted for a collecting sink.
void BM_TraceRecordHashOnly(benchmark::State& state) {
  Trace t;
  std::uint64_t seq = 0;
  for (auto _ : state) {
    t.record(at_ns(static_cast<std::int64_t>(seq) * 1000), "client/eth0", "tcp.tx",
             {{"seq", ++seq}, {"len", 1448}, {"flags", "A"}});
  }
  benchmark::DoNotOptimize(t.hash());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TraceRecordHashOnly);

void BM_TraceRecordTextSink(benchmark::State& state) {
  Trace t;
  CollectingTraceSink sink;
  t.attach(sink);
  std::uint64_t seq = 0;
  for (auto _ : state) {
    t.record(at_ns(static_cast<std::int64_t>(seq) * 1000), "client/eth0", "tcp.tx",
             {{"seq", ++seq}, {"len", 1448}, {"flags", "A"}});
    if (sink.lines().size() > 100'000) (void)sink.take();
  }
  benchmark::DoNotOptimize(t.hash());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TraceRecordTextSink);
}  // namespace
