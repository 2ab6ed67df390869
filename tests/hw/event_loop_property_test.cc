// Property: whatever timers are armed (absolute deadlines, many equal) and whichever of
// them are cancelled, the loop runs exactly the others, in (deadline, arming order) order
// — the ports::TimerService promise that keeps logs reproducible.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <vector>

#include "hw/loop/event_loop.h"

using namespace smc;
using smc::hw::EventLoop;

TEST_CASE("timers run in (deadline, arming order), cancelled ones never") {
  CHECK(rc::check("timer order", [] {
    auto created = EventLoop::create();
    RC_ASSERT(created.ok());
    EventLoop& loop = *created.value();
    // Offsets from a base in the past: every timer is due in the first round. Few distinct
    // values, so equal deadlines are common.
    const auto offsets = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 8));
    const auto cancel_mask = *rc::gen::container<std::vector<bool>>(offsets.size(), rc::gen::arbitrary<bool>());
    const ports::Nanos base = loop.now() - ports::kSecond;
    std::vector<int> ran;
    std::vector<ports::TimerId> ids;
    for (std::size_t i = 0; i < offsets.size(); ++i)
      ids.push_back(loop.arm_at(base + offsets[i], [&ran, i] { ran.push_back(static_cast<int>(i)); }));
    std::vector<int> expected;
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      if (cancel_mask[i])
        RC_ASSERT(loop.cancel(ids[i]));
      else
        expected.push_back(static_cast<int>(i));
    }
    std::stable_sort(expected.begin(), expected.end(), [&](int a, int b) { return offsets[a] < offsets[b]; });
    loop.run_once(0);
    RC_ASSERT(ran == expected);
    RC_ASSERT(loop.armed_timers() == 0u);
  }));
}
