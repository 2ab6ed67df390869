#pragma once
// The host side of the engine on real hardware: one thread, one epoll instance, one
// timerfd. It implements ports::TimerService on CLOCK_MONOTONIC and runs callbacks when a
// file descriptor becomes ready (sockets of hw/net, the completion channel and async fd of
// hw/verbs). Nothing here is thread-safe: every call comes from the loop's own thread.
//
// Lifetime: the loop must outlive every connection, listener and device watching it.
//
// Ordering, the one promise that matters for reproducible logs: timers run in (deadline,
// arming order), so timers due at the same instant run in the order they were armed; a
// timer armed from inside a callback never runs in the same dispatch round, even with
// delay 0 (no starvation, no re-entrancy).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>

#include "protocol/common/result.h"
#include "protocol/ports/clock.h"

namespace smc::hw {

// Readiness bits, ours rather than EPOLL* so that callers need not include sys/epoll.h.
namespace readiness {
inline constexpr std::uint32_t kReadable = 1u << 0;    // EPOLLIN
inline constexpr std::uint32_t kWritable = 1u << 1;    // EPOLLOUT
inline constexpr std::uint32_t kPeerClosed = 1u << 2;  // EPOLLRDHUP: the peer shut down writing
inline constexpr std::uint32_t kError = 1u << 3;       // EPOLLERR (always reported)
inline constexpr std::uint32_t kHangup = 1u << 4;      // EPOLLHUP (always reported)
}  // namespace readiness

class EventLoop final : public ports::TimerService {
 public:
  using FdCallback = std::function<void(std::uint32_t ready)>;

  // errno of epoll_create1/timerfd_create on failure.
  static Result<std::unique_ptr<EventLoop>, int> create();
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // ports::TimerService. now() is CLOCK_MONOTONIC in nanoseconds (origin: boot).
  ports::Nanos now() const override;
  ports::TimerId arm(ports::Nanos delay, std::function<void()> callback) override;
  bool cancel(ports::TimerId id) override;
  // Arms a timer for an absolute deadline on this clock (a past one is due at once): the
  // way to make two timers due at exactly the same instant.
  ports::TimerId arm_at(ports::Nanos deadline, std::function<void()> callback);
  std::size_t armed_timers() const { return timers_.size(); }

  // Calls `callback` with the ready bits whenever `fd` is ready for `interest` (readiness::
  // bits; errors and hang-ups are always reported). Edge-triggered watches report a
  // transition once, level-triggered ones report as long as the condition holds. The loop
  // does not own the fd; unwatch() it before closing it. Returns errno on failure.
  Status<int> watch(int fd, std::uint32_t interest, bool edge_triggered, FdCallback callback);
  Status<int> modify(int fd, std::uint32_t interest, bool edge_triggered);
  void unwatch(int fd);  // safe from inside any callback, including fd's own
  bool watching(int fd) const { return watches_.count(fd) != 0; }

  // Waits up to `max_wait` (0: poll, negative: forever) for a ready fd or a due timer and
  // runs what is ready. Returns the number of callbacks run.
  std::size_t run_once(ports::Nanos max_wait);
  // Runs until done() is true (checked after every round) or `timeout` passes on the
  // monotonic clock; returns done().
  bool run_until(const std::function<bool()>& done, ports::Nanos timeout);
  // Runs until stop() is called from a callback.
  void run();
  void stop() { stopping_ = true; }

 private:
  EventLoop(int epoll_fd, int timer_fd);
  struct Watch {
    std::uint32_t generation = 0;
    std::uint32_t interest = 0;
    bool edge_triggered = false;
    std::shared_ptr<FdCallback> callback;  // shared: a callback may unwatch its own fd
  };
  struct TimerKey {
    ports::Nanos deadline = 0;
    std::uint64_t sequence = 0;
    auto operator<=>(const TimerKey&) const = default;
  };
  std::size_t run_due_timers();
  void rearm_timerfd();
  Status<int> apply(int op, int fd, const Watch& w);

  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  std::map<int, Watch> watches_;
  std::uint32_t next_generation_ = 1;
  std::map<TimerKey, std::pair<std::uint64_t, std::function<void()>>> timers_;  // -> (id, callback)
  std::map<std::uint64_t, TimerKey> timer_keys_;                                  // id -> key
  std::uint64_t next_timer_id_ = 1;
  std::uint64_t next_sequence_ = 1;
  ports::Nanos timerfd_deadline_ = -1;  // what the timerfd is armed for, -1 = disarmed
  bool stopping_ = false;
};

}  // namespace smc::hw
