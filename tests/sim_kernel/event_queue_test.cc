#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/kernel/event_queue.h"

using namespace smc::sim;

namespace {
void drain(EventQueue& q, SimTime& clock) {
  while (!q.empty()) q.run_next(clock);
}
}  // namespace

TEST_CASE("events run in time order, equal times in scheduling order") {
  EventQueue q;
  std::vector<int> order;
  SimTime clock;
  q.push(at_ns(20), [&] { order.push_back(5); });
  q.push(at_ns(10), [&] { order.push_back(1); });
  q.push(at_ns(10), [&] { order.push_back(2); });
  q.push(at_ns(15), [&] { order.push_back(4); });
  q.push(at_ns(10), [&] { order.push_back(3); });
  drain(q, clock);
  CHECK(order == std::vector<int>{1, 2, 3, 4, 5});
  CHECK(clock == at_ns(20));
}

TEST_CASE("many equal-time events keep their scheduling order through the heap") {
  EventQueue q;
  std::vector<int> order;
  SimTime clock;
  for (int i = 0; i < 1000; ++i) q.push(at_ns(i % 3 == 0 ? 5 : 7), [&order, i] { order.push_back(i); });
  drain(q, clock);
  REQUIRE(order.size() == 1000);
  std::vector<int> expected;
  for (int i = 0; i < 1000; i += 3) expected.push_back(i);
  for (int i = 0; i < 1000; ++i)
    if (i % 3 != 0) expected.push_back(i);
  CHECK(order == expected);
}

TEST_CASE("an event scheduled while running at the same instant runs after those already queued") {
  EventQueue q;
  std::vector<std::string> order;
  SimTime clock;
  q.push(at_ns(1), [&] {
    order.push_back("a");
    q.push(at_ns(1), [&] { order.push_back("c"); });
  });
  q.push(at_ns(1), [&] { order.push_back("b"); });
  drain(q, clock);
  CHECK(order == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("cancelled events never run; cancel reports whether the event was pending") {
  EventQueue q;
  std::vector<int> order;
  SimTime clock;
  EventId a = q.push(at_ns(1), [&] { order.push_back(1); });
  EventId b = q.push(at_ns(2), [&] { order.push_back(2); });
  CHECK(q.pending(b));
  CHECK(q.cancel(b));
  CHECK_FALSE(q.pending(b));
  CHECK_FALSE(q.cancel(b));
  CHECK(q.size() == 1);
  drain(q, clock);
  CHECK(order == std::vector<int>{1});
  CHECK_FALSE(q.cancel(a));  // already ran
  CHECK_FALSE(q.cancel(EventId{}));
}

TEST_CASE("a stale id does not cancel the event that reused its slot") {
  EventQueue q;
  SimTime clock;
  int ran = 0;
  EventId old = q.push(at_ns(1), [&] { ++ran; });
  CHECK(q.cancel(old));
  EventId reuse = q.push(at_ns(2), [&] { ++ran; });
  CHECK(reuse.slot == old.slot);  // the slot was recycled...
  CHECK_FALSE(q.cancel(old));     // ...but the old id names a different event
  drain(q, clock);
  CHECK(ran == 1);
}

TEST_CASE("an event cancelling itself while running is a no-op") {
  EventQueue q;
  SimTime clock;
  EventId self;
  bool result = true;
  self = q.push(at_ns(1), [&] { result = q.cancel(self); });
  drain(q, clock);
  CHECK_FALSE(result);
}

TEST_CASE("repeated re-arming does not grow the heap without bound") {
  EventQueue q;
  EventId id = q.push(at_ns(1'000'000), [] {});
  for (int i = 0; i < 100'000; ++i) {
    q.cancel(id);
    id = q.push(at_ns(1'000'000 + i), [] {});
  }
  CHECK(q.size() == 1);
  CHECK(q.heap_entries() < 1000);
}

TEST_CASE("next_time skips cancelled events at the top") {
  EventQueue q;
  EventId a = q.push(at_ns(5), [] {});
  q.push(at_ns(9), [] {});
  q.cancel(a);
  CHECK(q.next_time() == at_ns(9));
}

TEST_CASE("large callables work and every callable is destroyed exactly once") {
  auto token = std::make_shared<int>(0);
  {
    EventQueue q;
    SimTime clock;
    struct Big {
      std::shared_ptr<int> t;
      char pad[200];
      void operator()() { ++*t; }
    };
    static_assert(sizeof(Big) > EventFn::kInlineBytes);
    q.push(at_ns(1), Big{token, {}});
    q.push(at_ns(2), [token] { ++*token; });
    EventId c = q.push(at_ns(3), Big{token, {}});
    q.push(at_ns(4), [token] { ++*token; });  // still pending when the queue dies
    CHECK(token.use_count() == 5);
    q.cancel(c);
    CHECK(token.use_count() == 4);
    q.run_next(clock);
    q.run_next(clock);
    CHECK(*token == 2);
    CHECK(token.use_count() == 2);
  }
  CHECK(token.use_count() == 1);
}
