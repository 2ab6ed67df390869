#include "protocol/handshake/handshake_queue.h"

#include <map>
#include <tuple>

namespace smc::handshake {

bool SmcHandshakeQueue::queue(std::uint64_t work) {
  if (active_.size() < max_active_) {
    active_.insert(work);
    return true;
  }
  inactive_.push_back(work);
  return false;
}

std::optional<std::uint64_t> SmcHandshakeQueue::finish(std::uint64_t work) {
  if (active_.erase(work) == 0) return std::nullopt;
  if (inactive_.empty()) return std::nullopt;
  std::uint64_t next = inactive_.front();
  inactive_.pop_front();
  active_.insert(next);
  return next;
}

std::vector<bool> plan_handshake_limit(const std::vector<HandshakeArrival>& arrivals, unsigned max_active) {
  enum Kind : int { Finish = 0, Queue = 1, Syn = 2 };
  // (time, kind, index): a deterministic order for equal times.
  std::map<std::tuple<std::int64_t, int, std::size_t>, bool> events;
  for (std::size_t i = 0; i < arrivals.size(); ++i) {
    events[{arrivals[i].syn_ns, Syn, i}] = true;
    events[{arrivals[i].queued_ns, Queue, i}] = true;
  }
  std::vector<bool> smc_ok(arrivals.size(), true);
  SmcHandshakeQueue q(max_active);
  auto start = [&](std::size_t i, std::int64_t now) {
    events[{now + (smc_ok[i] ? arrivals[i].work_ns : 0), Finish, i}] = true;
  };
  while (!events.empty()) {
    auto [key, unused] = *events.begin();
    (void)unused;
    events.erase(events.begin());
    auto [now, kind, i] = key;
    if (kind == Syn) {
      smc_ok[i] = q.syn_smc_ok(arrivals[i].limit_smc_hs);
    } else if (kind == Queue) {
      if (q.queue(i)) start(i, now);
    } else if (auto next = q.finish(i)) {
      start(static_cast<std::size_t>(*next), now);
    }
  }
  return smc_ok;
}

}  // namespace smc::handshake
