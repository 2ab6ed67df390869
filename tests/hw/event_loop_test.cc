// The hw event loop: ports::TimerService semantics on a real monotonic clock (same-instant
// timers in arming order, cancel, re-arming from a callback) and fd readiness callbacks.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "hw/loop/event_loop.h"

using namespace smc;
using smc::hw::EventLoop;
namespace readiness = smc::hw::readiness;

namespace {
std::unique_ptr<EventLoop> make_loop() {
  auto loop = EventLoop::create();
  REQUIRE(loop.ok());
  return std::move(loop.value());
}

struct Pipe {
  int r = -1, w = -1;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0);
    r = fds[0];
    w = fds[1];
  }
  ~Pipe() {
    if (r >= 0) ::close(r);
    if (w >= 0) ::close(w);
  }
};
}  // namespace

TEST_CASE("now() is monotonic and advances") {
  auto loop = make_loop();
  const auto a = loop->now();
  ::usleep(2000);
  const auto b = loop->now();
  CHECK(b >= a + 2 * ports::kMillisecond);
}

TEST_CASE("timers due at the same instant run in arming order, earlier deadlines first") {
  auto loop = make_loop();
  std::string order;
  // Armed back to back with the same delay, their deadlines may differ by nanoseconds; the
  // equal-instant rule is checked with delay 0 below, where deadlines are in the past.
  loop->arm(30 * ports::kMillisecond, [&] { order += "C"; });
  loop->arm(10 * ports::kMillisecond, [&] { order += "A"; });
  loop->arm(20 * ports::kMillisecond, [&] { order += "B"; });
  CHECK(loop->run_until([&] { return order.size() == 3; }, 2 * ports::kSecond));
  CHECK(order == "ABC");
}

TEST_CASE("timers with the same deadline run in the order they were armed") {
  auto loop = make_loop();
  std::string order;
  const ports::Nanos at = loop->now() + 5 * ports::kMillisecond;
  for (char c : std::string("0123456789")) loop->arm_at(at, [&, c] { order += c; });
  loop->arm_at(at - 1, [&] { order += "<"; });  // one nanosecond earlier: first
  loop->arm_at(at + 1, [&] { order += ">"; });  // one later: last
  CHECK(loop->run_until([&] { return order.size() == 12; }, ports::kSecond));
  CHECK(order == "<0123456789>");
}

TEST_CASE("a deadline in the past is due at once") {
  auto loop = make_loop();
  bool ran = false;
  loop->arm_at(loop->now() - ports::kSecond, [&] { ran = true; });
  loop->run_once(0);
  CHECK(ran);
}

TEST_CASE("cancel: a cancelled timer never runs; cancel twice or after firing is false") {
  auto loop = make_loop();
  int fired = 0;
  const auto a = loop->arm(5 * ports::kMillisecond, [&] { fired += 1; });
  const auto b = loop->arm(5 * ports::kMillisecond, [&] { fired += 10; });
  CHECK(a);
  CHECK(b);
  CHECK_FALSE(a == b);
  CHECK(loop->cancel(a));
  CHECK_FALSE(loop->cancel(a));
  CHECK_FALSE(loop->cancel(ports::TimerId{}));
  CHECK(loop->run_until([&] { return fired != 0; }, ports::kSecond));
  loop->run_once(20 * ports::kMillisecond);
  CHECK(fired == 10);
  CHECK_FALSE(loop->cancel(b));
  CHECK(loop->armed_timers() == 0);
}

TEST_CASE("a timer may cancel a later one and re-arm itself; a 0-delay re-arm waits for the next round") {
  auto loop = make_loop();
  int ticks = 0;
  bool victim_ran = false;
  ports::TimerId victim = loop->arm(50 * ports::kMillisecond, [&] { victim_ran = true; });
  std::function<void()> tick = [&] {
    ++ticks;
    if (ticks == 1) CHECK(loop->cancel(victim));
    if (ticks < 5) loop->arm(0, tick);
  };
  loop->arm(1 * ports::kMillisecond, tick);
  // Each round runs at most the timers armed before it: one tick per round.
  std::size_t rounds = 0;
  while (ticks < 5 && rounds < 1000) {
    const int before = ticks;
    loop->run_once(100 * ports::kMillisecond);
    CHECK(ticks - before <= 1);
    ++rounds;
  }
  CHECK(ticks == 5);
  loop->run_once(80 * ports::kMillisecond);
  CHECK_FALSE(victim_ran);
}

TEST_CASE("a timer fires no earlier than its delay") {
  auto loop = make_loop();
  const auto start = loop->now();
  ports::Nanos fired_at = 0;
  loop->arm(25 * ports::kMillisecond, [&] { fired_at = loop->now(); });
  CHECK(loop->run_until([&] { return fired_at != 0; }, ports::kSecond));
  CHECK(fired_at - start >= 25 * ports::kMillisecond);
}

TEST_CASE("fd callbacks: readable when data arrives, not before; unwatch stops them") {
  auto loop = make_loop();
  Pipe p;
  int calls = 0;
  std::uint32_t last = 0;
  REQUIRE(loop->watch(p.r, readiness::kReadable, false, [&](std::uint32_t ready) {
                 ++calls;
                 last = ready;
                 char buf[16];
                 while (::read(p.r, buf, sizeof buf) > 0) {
                 }
               }).ok());
  CHECK(loop->watching(p.r));
  CHECK(loop->run_once(10 * ports::kMillisecond) == 0);
  CHECK(calls == 0);
  REQUIRE(::write(p.w, "x", 1) == 1);
  CHECK(loop->run_until([&] { return calls == 1; }, ports::kSecond));
  CHECK((last & readiness::kReadable) != 0);
  loop->unwatch(p.r);
  CHECK_FALSE(loop->watching(p.r));
  REQUIRE(::write(p.w, "y", 1) == 1);
  loop->run_once(10 * ports::kMillisecond);
  CHECK(calls == 1);
}

TEST_CASE("fd callbacks: hang-up is reported; watching the same fd twice is refused") {
  auto loop = make_loop();
  Pipe p;
  std::uint32_t seen = 0;
  REQUIRE(loop->watch(p.r, readiness::kReadable, true, [&](std::uint32_t ready) { seen |= ready; }).ok());
  auto again = loop->watch(p.r, readiness::kReadable, true, [](std::uint32_t) {});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error() == EINVAL);
  ::close(p.w);
  p.w = -1;
  CHECK(loop->run_until([&] { return (seen & readiness::kHangup) != 0; }, ports::kSecond));
  loop->unwatch(p.r);
}

TEST_CASE("a callback may unwatch and close its own fd, and a reused fd number gets no stale event") {
  auto loop = make_loop();
  Pipe a, b;
  int a_calls = 0, b_calls = 0;
  // Both become readable in the same round; a's callback unwatches b, so b must not run.
  REQUIRE(loop->watch(a.r, readiness::kReadable, false, [&](std::uint32_t) {
                 ++a_calls;
                 loop->unwatch(a.r);
                 loop->unwatch(b.r);
               }).ok());
  REQUIRE(loop->watch(b.r, readiness::kReadable, false, [&](std::uint32_t) {
                 ++b_calls;
                 loop->unwatch(b.r);
                 loop->unwatch(a.r);
               }).ok());
  REQUIRE(::write(a.w, "x", 1) == 1);
  REQUIRE(::write(b.w, "x", 1) == 1);
  loop->run_once(50 * ports::kMillisecond);
  CHECK(a_calls + b_calls == 1);
}

TEST_CASE("modify switches interest: writable reported only once asked for") {
  auto loop = make_loop();
  Pipe p;
  int writable = 0;
  REQUIRE(loop->watch(p.w, readiness::kReadable, false, [&](std::uint32_t ready) {
                 if (ready & readiness::kWritable) ++writable;
               }).ok());
  loop->run_once(5 * ports::kMillisecond);
  CHECK(writable == 0);
  REQUIRE(loop->modify(p.w, readiness::kWritable, true).ok());
  CHECK(loop->run_until([&] { return writable == 1; }, ports::kSecond));
  CHECK_FALSE(loop->modify(12345, readiness::kReadable, false).ok());
  loop->unwatch(p.w);
}

TEST_CASE("run() returns after stop() from a callback") {
  auto loop = make_loop();
  int n = 0;
  loop->arm(ports::kMillisecond, [&] { ++n; });
  loop->arm(2 * ports::kMillisecond, [&] { loop->stop(); });
  loop->run();
  CHECK(n == 1);
}
