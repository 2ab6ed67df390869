#include "sim/kernel/event_queue.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>

namespace smc::sim {

namespace {
constexpr std::size_t kArity = 4;
// Compaction is not worth its pass over the heap for a handful of tombstones.
constexpr std::size_t kMinTombstonesToCompact = 256;
}  // namespace

EventQueue::~EventQueue() = default;

std::uint32_t EventQueue::grow() {
  // More than 2^24 events pending at once is far beyond any scenario; the heap entry
  // format cannot name the slot.
  if (slots_used_ >= (1u << kSlotBits)) {
    std::fputs("smcsim: more than 2^24 events pending at once; aborting the run\n", stderr);
    std::abort();
  }
  if ((slots_used_ >> kChunkBits) == chunks_.size()) {
    chunks_.push_back(std::make_unique<Slot[]>(kChunkSize));
  }
  return slots_used_++;
}

bool EventQueue::pending(EventId id) const {
  return id.valid() && id.slot < slots_used_ && slot_at(id.slot).seq == id.seq;
}

bool EventQueue::cancel(EventId id) {
  if (!pending(id)) return false;
  Slot& slot = slot_at(id.slot);
  slot.seq = 0;
  slot.fn.reset();
  free_.push_back(id.slot);
  --live_;
  ++tombstones_;
  if (tombstones_ >= kMinTombstonesToCompact && tombstones_ > live_) compact();
  return true;
}

void EventQueue::heap_push(Entry e) {
  std::size_t i = heap_.size();
  heap_.push_back(e);
  while (i > 0) {
    std::size_t parent = (i - 1) / kArity;
    if (!before(e, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

// Moves `e` down from the hole at i until the heap property holds again.
void EventQueue::sift_down(std::size_t i, Entry e) {
  const std::size_t n = heap_.size();
  for (;;) {
    std::size_t first = i * kArity + 1;
    if (first >= n) break;
    std::size_t last = first + kArity < n ? first + kArity : n;
    std::size_t best = first;
    for (std::size_t c = first + 1; c < last; ++c) {
      if (before(heap_[c], heap_[best])) best = c;
    }
    if (!before(heap_[best], e)) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = e;
}

// Removing the top: walk the hole from the root down along the smallest children to a
// leaf without comparing against the moved element, then sift that element up from
// there. The last element of a heap almost always belongs near the bottom, so this
// saves the comparison per level that a plain sift-down spends (and its mispredicts).
void EventQueue::heap_pop() {
  const Entry last = heap_.back();
  heap_.pop_back();
  const std::size_t n = heap_.size();
  if (n == 0) return;
  std::size_t i = 0;
  for (;;) {
    std::size_t first = i * kArity + 1;
    if (first >= n) break;
    std::size_t best = first;
    if (first + kArity <= n) {
      for (std::size_t c = first + 1; c < first + kArity; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
    } else {
      for (std::size_t c = first + 1; c < n; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
    }
    heap_[i] = heap_[best];
    i = best;
  }
  while (i > 0) {
    std::size_t parent = (i - 1) / kArity;
    if (!before(last, heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = last;
}

void EventQueue::drop_tombstones_at_top() {
  while (!live(heap_.front())) {
    heap_pop();
    --tombstones_;
  }
}

void EventQueue::compact() {
  std::size_t out = 0;
  for (const Entry& e : heap_) {
    if (live(e)) heap_[out++] = e;
  }
  heap_.resize(out);
  tombstones_ = 0;
  // Floyd's heap construction; the order of equal keys cannot matter since (at, seq)
  // is unique.
  if (out > 1) {
    for (std::size_t i = (out - 2) / kArity + 1; i-- > 0;) sift_down(i, heap_[i]);
  }
}

SimTime EventQueue::next_time() {
  assert(!empty());
  drop_tombstones_at_top();
  return SimTime::from_ns(heap_.front().at);
}

void EventQueue::run_next(SimTime& clock) {
  assert(!empty());
  drop_tombstones_at_top();
  const Entry top = heap_.front();
  heap_pop();
  const std::uint32_t index = top.slot();
  Slot& slot = slot_at(index);
  slot.seq = 0;  // running: cancel() of its own id is now a no-op
  --live_;
  clock = SimTime::from_ns(top.at);
  slot.fn();
  slot.fn.reset();
  free_.push_back(index);
}

}  // namespace smc::sim
