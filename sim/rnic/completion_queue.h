#pragma once
// A simulated CQ: a bounded FIFO of completions. Adding to a full CQ does not block or
// drop quietly: the CQ overflows into an error state (IBV_EVENT_CQ_ERR), after which it
// accepts nothing and ibv_poll_cq fails, as on mlx5.
#include <cstdint>
#include <deque>
#include <span>

#include "protocol/ports/rnic.h"

namespace smc::sim {

class CompletionQueue {
 public:
  explicit CompletionQueue(std::uint32_t capacity) : capacity_(capacity) {}

  // False when this completion overflowed the queue (it is lost, the CQ is now in error).
  bool push(const ports::WorkCompletion& wc) {
    if (error_) return false;
    if (entries_.size() >= capacity_) {
      error_ = true;
      return false;
    }
    entries_.push_back(wc);
    return true;
  }
  std::size_t poll(std::span<ports::WorkCompletion> out) {
    std::size_t n = 0;
    while (n < out.size() && !entries_.empty()) {
      out[n++] = entries_.front();
      entries_.pop_front();
    }
    return n;
  }
  bool in_error() const { return error_; }
  void force_overflow_next() { capacity_ = static_cast<std::uint32_t>(entries_.size()); }
  std::uint32_t capacity() const { return capacity_; }
  std::size_t depth() const { return entries_.size(); }

 private:
  std::uint32_t capacity_;
  bool error_ = false;
  std::deque<ports::WorkCompletion> entries_;
};

}  // namespace smc::sim
