// Property: for any schedule of timer operations (arm at random times with random
// delays, cancel, re-arm), the timers that fire are exactly those whose last operation
// was an arm, and they fire in (time, scheduling order) -- checked against a naive
// reference model that finds the next item by linear scan.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/kernel/actor.h"
#include "sim/kernel/timer.h"

using namespace smc::sim;

namespace {
struct Op {
  std::size_t timer;
  std::int64_t issue_ns;  // when the operation is performed
  bool cancel;
  std::int64_t delay_ns;  // arm: fires at issue + delay
};

using Fire = std::pair<std::size_t, std::int64_t>;  // (timer, time)

// The reference: one list of pending items, the earliest (time, seq) taken each step.
std::vector<Fire> model(std::size_t timers, const std::vector<Op>& ops) {
  struct Item {
    std::int64_t at;
    std::uint64_t seq;
    bool is_fire;
    std::size_t index;  // op index, or timer index for a fire
  };
  std::vector<Item> items;
  std::uint64_t seq = 1;
  for (std::size_t k = 0; k < ops.size(); ++k) items.push_back({ops[k].issue_ns, seq++, false, k});
  std::vector<std::optional<std::uint64_t>> pending(timers);  // seq of the timer's fire item
  auto drop_fire = [&](std::size_t t) {
    if (!pending[t]) return;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].is_fire && items[i].seq == *pending[t]) {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
    pending[t].reset();
  };
  std::vector<Fire> fired;
  while (!items.empty()) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < items.size(); ++i) {
      if (items[i].at < items[best].at || (items[i].at == items[best].at && items[i].seq < items[best].seq)) best = i;
    }
    Item it = items[best];
    items.erase(items.begin() + static_cast<std::ptrdiff_t>(best));
    if (it.is_fire) {
      fired.emplace_back(it.index, it.at);
      pending[it.index].reset();
      continue;
    }
    const Op& op = ops[it.index];
    drop_fire(op.timer);
    if (!op.cancel) {
      items.push_back({op.issue_ns + op.delay_ns, seq, true, op.timer});
      pending[op.timer] = seq++;
    }
  }
  return fired;
}

struct Owner : Actor {
  Owner(Simulator& sim, std::string name) : Actor(sim, std::move(name)) {}
};

std::vector<Fire> simulate(std::size_t timers, const std::vector<Op>& ops, bool* ok) {
  Simulator sim(Seed(1));
  Owner owner(sim, "owner");
  std::vector<Fire> fired;
  std::vector<std::unique_ptr<Timer>> ts;
  for (std::size_t t = 0; t < timers; ++t) {
    ts.push_back(std::make_unique<Timer>(owner, "t" + std::to_string(t),
                                         [&fired, &sim, t] { fired.emplace_back(t, sim.now().ns()); }));
  }
  for (const Op& op : ops) {
    sim.schedule_at(at_ns(op.issue_ns), [&ts, op] {
      Timer& timer = *ts[op.timer];
      if (op.cancel) {
        timer.cancel();
      } else {
        timer.arm_after(ns(op.delay_ns));
      }
    });
  }
  *ok = sim.run_until_quiescent().ok();
  for (auto& t : ts) *ok = *ok && !t->armed();
  return fired;
}
}  // namespace

TEST_CASE("random timer schedules fire in (time, seq) order, exactly the non-cancelled ones") {
  CHECK(rc::check("timers fire as the reference model says", [] {
    const auto timers = *rc::gen::inRange<std::size_t>(1, 9);
    // Small time ranges so that equal deadlines (the interesting case) are common.
    const auto raw = *rc::gen::container<std::vector<std::tuple<std::size_t, int, bool, int>>>(
        rc::gen::tuple(rc::gen::inRange<std::size_t>(0, timers), rc::gen::inRange(0, 20),
                       rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 15)));
    std::vector<Op> ops;
    for (const auto& [t, issue, cancel, delay] : raw) ops.push_back(Op{t, issue, cancel, delay});

    bool ok = false;
    const std::vector<Fire> got = simulate(timers, ops, &ok);
    RC_ASSERT(ok);
    for (std::size_t i = 1; i < got.size(); ++i) RC_ASSERT(got[i - 1].second <= got[i].second);
    RC_ASSERT(got == model(timers, ops));
  }));
}
