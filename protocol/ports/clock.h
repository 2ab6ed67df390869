#pragma once
// Time as the SMC engine sees it. The engine never reads a wall clock: it asks this
// interface for "now" and arms timers (CLC 6 s, LLC 2 s/4 s, LGR free 600 s ...) whose
// callbacks the host runs later. In the simulator a 6-second timeout costs nothing; on
// real hardware the same engine runs on an event loop.
#include <cstdint>
#include <functional>

namespace smc::ports {

// Nanoseconds. Signed so that differences are plain subtractions.
using Nanos = std::int64_t;
inline constexpr Nanos kMicrosecond = 1'000;
inline constexpr Nanos kMillisecond = 1'000'000;
inline constexpr Nanos kSecond = 1'000'000'000;

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic: never decreases. Its origin is arbitrary (0 at the start of a simulated run).
  virtual Nanos now() const = 0;
};

// A handle to an armed timer. 0 is never a valid id, so a default TimerId means "none".
struct TimerId {
  std::uint64_t value = 0;
  explicit operator bool() const { return value != 0; }
  bool operator==(const TimerId&) const = default;
};

class TimerService : public Clock {
 public:
  // Runs `callback` once, `delay` (>= 0) after now(). Timers due at the same instant run in
  // the order they were armed, so runs are reproducible. The callback may arm or cancel
  // timers, including re-arming itself.
  virtual TimerId arm(Nanos delay, std::function<void()> callback) = 0;
  // Cancels a timer that has not fired. Returns false if it already fired, was already
  // cancelled, or never existed; cancelling is always safe.
  virtual bool cancel(TimerId id) = 0;
};

}  // namespace smc::ports
