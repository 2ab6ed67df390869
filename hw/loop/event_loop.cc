#include "hw/loop/event_loop.h"

#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <ctime>
#include <vector>

namespace smc::hw {

namespace {

std::uint32_t to_epoll(std::uint32_t interest, bool edge_triggered) {
  std::uint32_t ev = 0;
  if (interest & readiness::kReadable) ev |= EPOLLIN;
  if (interest & readiness::kWritable) ev |= EPOLLOUT;
  if (interest & readiness::kPeerClosed) ev |= EPOLLRDHUP;
  if (edge_triggered) ev |= EPOLLET;
  return ev;
}

std::uint32_t from_epoll(std::uint32_t ev) {
  std::uint32_t r = 0;
  if (ev & EPOLLIN) r |= readiness::kReadable;
  if (ev & EPOLLOUT) r |= readiness::kWritable;
  if (ev & EPOLLRDHUP) r |= readiness::kPeerClosed;
  if (ev & EPOLLERR) r |= readiness::kError;
  if (ev & EPOLLHUP) r |= readiness::kHangup;
  return r;
}

// The fd in the low half, the watch's generation in the high half: an event still queued
// for a fd that was unwatched and re-watched (same number, new socket) is recognised as
// stale and dropped.
std::uint64_t pack(int fd, std::uint32_t generation) {
  return (std::uint64_t{generation} << 32) | static_cast<std::uint32_t>(fd);
}

}  // namespace

Result<std::unique_ptr<EventLoop>, int> EventLoop::create() {
  const int ep = ::epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) return smc::unexpected(errno);
  const int tfd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (tfd < 0) {
    const int e = errno;
    ::close(ep);
    return smc::unexpected(e);
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = pack(tfd, 0);
  if (::epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &ev) != 0) {
    const int e = errno;
    ::close(tfd);
    ::close(ep);
    return smc::unexpected(e);
  }
  return std::unique_ptr<EventLoop>(new EventLoop(ep, tfd));
}

EventLoop::EventLoop(int epoll_fd, int timer_fd) : epoll_fd_(epoll_fd), timer_fd_(timer_fd) {}

EventLoop::~EventLoop() {
  ::close(timer_fd_);
  ::close(epoll_fd_);
}

ports::Nanos EventLoop::now() const {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<ports::Nanos>(ts.tv_sec) * ports::kSecond + ts.tv_nsec;
}

ports::TimerId EventLoop::arm(ports::Nanos delay, std::function<void()> callback) {
  return arm_at(now() + (delay > 0 ? delay : 0), std::move(callback));
}

ports::TimerId EventLoop::arm_at(ports::Nanos deadline, std::function<void()> callback) {
  const TimerKey key{deadline, next_sequence_++};
  const std::uint64_t id = next_timer_id_++;
  timers_.emplace(key, std::make_pair(id, std::move(callback)));
  timer_keys_.emplace(id, key);
  rearm_timerfd();
  return ports::TimerId{id};
}

bool EventLoop::cancel(ports::TimerId id) {
  auto it = timer_keys_.find(id.value);
  if (it == timer_keys_.end()) return false;
  timers_.erase(it->second);
  timer_keys_.erase(it);
  rearm_timerfd();
  return true;
}

void EventLoop::rearm_timerfd() {
  const ports::Nanos want = timers_.empty() ? -1 : timers_.begin()->first.deadline;
  if (want == timerfd_deadline_) return;
  timerfd_deadline_ = want;
  itimerspec its{};
  if (want >= 0) {
    // An absolute deadline of 0 would disarm the timer: a deadline already in the past
    // must still fire, so it is clamped to 1 ns.
    const ports::Nanos at = want > 0 ? want : 1;
    its.it_value.tv_sec = static_cast<time_t>(at / ports::kSecond);
    its.it_value.tv_nsec = static_cast<long>(at % ports::kSecond);
  }
  ::timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &its, nullptr);
}

std::size_t EventLoop::run_due_timers() {
  // Only timers armed before this round and due by its start run now.
  const ports::Nanos round_now = now();
  const std::uint64_t sequence_limit = next_sequence_;
  std::size_t ran = 0;
  for (;;) {
    auto it = timers_.begin();
    while (it != timers_.end() && it->first.sequence >= sequence_limit && it->first.deadline <= round_now) ++it;
    if (it == timers_.end() || it->first.deadline > round_now) break;
    auto callback = std::move(it->second.second);
    timer_keys_.erase(it->second.first);
    timers_.erase(it);
    callback();
    ++ran;
  }
  rearm_timerfd();
  return ran;
}

Status<int> EventLoop::apply(int op, int fd, const Watch& w) {
  epoll_event ev{};
  ev.events = to_epoll(w.interest, w.edge_triggered);
  ev.data.u64 = pack(fd, w.generation);
  if (::epoll_ctl(epoll_fd_, op, fd, &ev) != 0) return smc::unexpected(errno);
  return Ok{};
}

Status<int> EventLoop::watch(int fd, std::uint32_t interest, bool edge_triggered, FdCallback callback) {
  if (fd < 0 || fd == timer_fd_ || watches_.count(fd)) return smc::unexpected(EINVAL);
  Watch w{next_generation_++, interest, edge_triggered, std::make_shared<FdCallback>(std::move(callback))};
  if (next_generation_ == 0) next_generation_ = 1;  // 0 marks the timerfd
  auto st = apply(EPOLL_CTL_ADD, fd, w);
  if (!st) return st;
  watches_.emplace(fd, std::move(w));
  return Ok{};
}

Status<int> EventLoop::modify(int fd, std::uint32_t interest, bool edge_triggered) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) return smc::unexpected(ENOENT);
  it->second.interest = interest;
  it->second.edge_triggered = edge_triggered;
  return apply(EPOLL_CTL_MOD, fd, it->second);
}

void EventLoop::unwatch(int fd) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
  watches_.erase(it);
}

std::size_t EventLoop::run_once(ports::Nanos max_wait) {
  int timeout_ms = -1;
  if (max_wait >= 0) timeout_ms = static_cast<int>((max_wait + ports::kMillisecond - 1) / ports::kMillisecond);
  std::array<epoll_event, 64> events{};
  int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
  if (n < 0) n = 0;  // EINTR: just run what is due
  std::size_t ran = 0;
  for (int i = 0; i < n; ++i) {
    const int fd = static_cast<int>(events[i].data.u64 & 0xffffffffu);
    const auto generation = static_cast<std::uint32_t>(events[i].data.u64 >> 32);
    if (generation == 0 && fd == timer_fd_) {
      std::uint64_t expirations = 0;
      [[maybe_unused]] auto r = ::read(timer_fd_, &expirations, sizeof expirations);
      continue;  // timers run below, whatever woke us
    }
    auto it = watches_.find(fd);
    if (it == watches_.end() || it->second.generation != generation) continue;
    const std::shared_ptr<FdCallback> callback = it->second.callback;
    (*callback)(from_epoll(events[i].events));
    ++ran;
  }
  ran += run_due_timers();
  return ran;
}

bool EventLoop::run_until(const std::function<bool()>& done, ports::Nanos timeout) {
  const ports::Nanos deadline = now() + timeout;
  while (!done()) {
    const ports::Nanos left = deadline - now();
    if (left <= 0) return done();
    run_once(left);
  }
  return true;
}

void EventLoop::run() {
  stopping_ = false;
  while (!stopping_) run_once(-1);
}

}  // namespace smc::hw
