#pragma once
// Timer: a one-shot alarm owned by an actor (the CLC wait, an LLC confirm-link wait, a
// TCP retransmission). At most one expiry is pending: arming an armed timer replaces its
// deadline, so "re-arm on every ACK" is one cancel plus one schedule.
//
// The expiry callback runs as an ordinary event at the deadline, after the timer has
// become disarmed, so it may re-arm the timer. Destroying the timer cancels it.
#include <cstdint>
#include <functional>
#include <string>

#include "sim/kernel/event_queue.h"
#include "sim/kernel/time.h"

namespace smc::sim {

class Actor;

class Timer {
 public:
  // The callback is stored once; arming allocates nothing.
  Timer(Actor& owner, std::string name, std::function<void()> on_expiry);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  Timer(Timer&&) = delete;
  Timer& operator=(Timer&&) = delete;

  void arm_at(SimTime deadline);
  void arm_after(SimDuration delay);
  // Returns true if an expiry was pending.
  bool cancel();

  bool armed() const { return pending_.valid(); }
  // The pending expiry's time; SimTime::infinite() when not armed.
  SimTime deadline() const { return armed() ? deadline_ : SimTime::infinite(); }
  std::uint64_t expirations() const { return expirations_; }
  const std::string& name() const { return name_; }
  Actor& owner() const { return owner_; }

 private:
  void expire();

  Actor& owner_;
  std::string name_;
  std::function<void()> on_expiry_;
  EventId pending_;
  SimTime deadline_;
  std::uint64_t expirations_ = 0;
};

}  // namespace smc::sim
