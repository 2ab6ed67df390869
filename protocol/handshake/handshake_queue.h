#pragma once
// The server's SMC handshake queue and the handshake limitation (fallback-causes.md §2.1,
// §5 0x03010000 cause 4, §12 row 13).
//
// Every connection an SMC listener accepts is handed to a listen work on one module-wide
// workqueue (smc_hs_wq). The work runs the whole server handshake — Proposal wait, device
// search, Accept, Confirm wait and, for SMC-R first contact, the LLC Confirm Link — and holds
// its worker until then. The queue runs at most `max_active` works at once per CPU (the
// kernel's default, WQ_DFL_ACTIVE = 256); more wait inactive. The queue is "congested" while
// any work waits inactive (workqueue_congested()).
//
// With handshake limitation on (sysctl limit_smc_hs, per socket SMC_LIMIT_HS; default 0
// upstream, 1 on Anolis), the listener checks congestion for every SYN: congested means the
// request is not smc_ok, the SYN-ACK carries no SMC option and the child's syn_smc is
// cleared, so both ends fall back with 0x03010000 and no CLC. Connections whose SYN came
// before the congestion are unaffected.
//
// The sim models one CPU: every SYN and every listen work of a host lands on the same queue.
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <vector>

namespace smc::handshake {

inline constexpr unsigned kHandshakeQueueMaxActive = 256;  // WQ_DFL_ACTIVE

class SmcHandshakeQueue {
 public:
  explicit SmcHandshakeQueue(unsigned max_active = kHandshakeQueueMaxActive) : max_active_(max_active) {}

  // A listen work is queued; true when it starts at once, false when it waits inactive.
  bool queue(std::uint64_t work);
  // A running work ends; returns the waiting work that takes its worker, if any.
  std::optional<std::uint64_t> finish(std::uint64_t work);

  bool congested() const { return !inactive_.empty(); }
  std::size_t active() const { return active_.size(); }
  std::size_t waiting() const { return inactive_.size(); }
  // The listener's SYN check: smc_ok survives unless limitation is on and we are congested.
  bool syn_smc_ok(bool limit_smc_hs) const { return !(limit_smc_hs && congested()); }

 private:
  unsigned max_active_;
  std::set<std::uint64_t> active_;
  std::deque<std::uint64_t> inactive_;  // FIFO, as the workqueue activates them
};

// One connection to a server host, on a timeline the caller derives from the path's delays.
struct HandshakeArrival {
  std::int64_t syn_ns = 0;      // the SYN reaches the listener
  std::int64_t queued_ns = 0;   // the child is accepted and its listen work queued
  std::int64_t work_ns = 0;     // how long the work holds its worker once it runs, with SMC
  bool limit_smc_hs = false;    // the listener's handshake limitation
};

// Replays the arrivals on one queue and answers, per arrival, whether its SYN stays smc_ok.
// A connection that lost smc_ok still gets a listen work, which falls back at once (0 ns).
// Equal times run in a stated order: works finish, then works are queued, then SYNs are
// checked; among equals, in arrival index order.
std::vector<bool> plan_handshake_limit(const std::vector<HandshakeArrival>& arrivals,
                                       unsigned max_active = kHandshakeQueueMaxActive);

}  // namespace smc::handshake
