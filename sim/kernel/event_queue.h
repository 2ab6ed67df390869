#pragma once
// EventQueue: the pending events of a run, ordered by (time, sequence number).
//
// Invariants:
// - Every push takes the next sequence number, so two events due at the same instant run
//   in the order they were scheduled, whatever the heap's shape (quiche's multimap gives
//   that order only as an unstated side effect of insertion).
// - Cancellation is lazy: the event's slot is freed at once (its callable destroyed) and
//   its heap entry becomes a tombstone, recognised because the slot's sequence number no
//   longer matches. Tombstones are skipped when they reach the top and the heap is
//   compacted when they outnumber live entries, so re-arming a timer on every packet
//   cannot grow the heap without bound.
// - Callables live in fixed-size chunks that never move: an event may schedule and
//   cancel other events (even itself: that is a no-op) while it runs.
//
// The heap is 4-ary (shallower than binary, children of a node share a cache line).
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/kernel/event_fn.h"
#include "sim/kernel/time.h"

namespace smc::sim {

// Names one scheduled event; stays safe to use after the event ran or was cancelled.
struct EventId {
  std::uint64_t seq = 0;  // 0: no event
  std::uint32_t slot = 0;
  bool valid() const { return seq != 0; }
  friend bool operator==(const EventId&, const EventId&) = default;
};

class EventQueue {
 public:
  EventQueue() = default;
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;
  ~EventQueue();

  template <typename F>
  EventId push(SimTime at, F&& fn) {
    std::uint32_t s = allocate_slot();
    Slot& slot = slot_at(s);
    slot.fn.emplace(std::forward<F>(fn));
    slot.seq = next_seq_++;
    heap_push(Entry{at.ns(), (slot.seq << kSlotBits) | s});
    ++live_;
    return EventId{slot.seq, s};
  }

  // Returns true if the event was pending (and now will never run).
  bool cancel(EventId id);
  bool pending(EventId id) const;

  bool empty() const { return live_ == 0; }
  std::size_t size() const { return live_; }
  // Heap entries including tombstones: for tests of compaction.
  std::size_t heap_entries() const { return heap_.size(); }
  std::uint64_t scheduled_total() const { return next_seq_ - 1; }

  // Time of the earliest pending event. Precondition: !empty().
  SimTime next_time();

  // Pops the earliest pending event, sets `clock` to its time, then runs it.
  // Precondition: !empty().
  void run_next(SimTime& clock);

 private:
  // 16 bytes: the sequence number and the slot share one word, sequence in the high
  // bits, so comparing the word compares sequence numbers. That bounds a run to 2^40
  // scheduled events (30 hours at 10 M events/s) and 2^24 pending ones.
  static constexpr unsigned kSlotBits = 24;
  struct Entry {
    std::int64_t at;
    std::uint64_t key;  // seq << kSlotBits | slot
    std::uint64_t seq() const { return key >> kSlotBits; }
    std::uint32_t slot() const { return static_cast<std::uint32_t>(key & ((1u << kSlotBits) - 1)); }
  };
  struct Slot {
    std::uint64_t seq = 0;  // seq of the pending event in this slot, 0 when free or running
    EventFn fn;
  };
  static constexpr unsigned kChunkBits = 10;
  static constexpr std::uint32_t kChunkSize = 1u << kChunkBits;

  static bool before(const Entry& a, const Entry& b) {
    // One 128-bit comparison of (at, key): branch-free, where the two-step
    // comparison mispredicts on every equal time.
    __extension__ using U128 = unsigned __int128;
    const U128 ka = (U128(static_cast<std::uint64_t>(a.at) ^ (1ULL << 63)) << 64) | a.key;
    const U128 kb = (U128(static_cast<std::uint64_t>(b.at) ^ (1ULL << 63)) << 64) | b.key;
    return ka < kb;
  }
  Slot& slot_at(std::uint32_t i) { return chunks_[i >> kChunkBits][i & (kChunkSize - 1)]; }
  const Slot& slot_at(std::uint32_t i) const {
    return chunks_[i >> kChunkBits][i & (kChunkSize - 1)];
  }
  bool live(const Entry& e) const { return slot_at(e.slot()).seq == e.seq(); }

  std::uint32_t allocate_slot() {
    if (!free_.empty()) {
      std::uint32_t s = free_.back();
      free_.pop_back();
      return s;
    }
    return grow();
  }
  std::uint32_t grow();
  void heap_push(Entry e);
  void heap_pop();
  void sift_down(std::size_t i, Entry e);
  void drop_tombstones_at_top();
  void compact();

  std::vector<Entry> heap_;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::vector<std::uint32_t> free_;
  std::uint32_t slots_used_ = 0;  // slots ever handed out (the rest of the last chunk is fresh)
  std::uint64_t next_seq_ = 1;
  std::size_t live_ = 0;
  std::size_t tombstones_ = 0;
};

}  // namespace smc::sim
