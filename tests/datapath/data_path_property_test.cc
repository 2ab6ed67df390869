// Properties of the data path over a fake link pair with random sizes and random
// interleaving of sends, receives and CDC deliveries. The cursor invariants
// (LinkPair::check) are checked after every step.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <set>
#include <utility>

#include "tests/datapath/fake_link_pair.h"

using namespace smc;
using namespace smc::datapath;
using namespace smc::datapath::testing;

namespace {

struct Run {
  LinkPair& p;
  SplitMix& rng;
  std::uint64_t total[2];
  std::uint64_t sent[2] = {0, 0};
  std::uint64_t got[2] = {0, 0};
  std::uint32_t max_chunk[2];
  std::uint32_t max_read[2] = {0, 0};  // 0: like max_chunk

  std::size_t chunk(std::uint32_t max) {
    // Mostly scaled to the ring, sometimes tiny, so both regimes are exercised.
    if (rng.below(8) == 0) return 1 + rng.below(16);
    return 1 + rng.below(max);
  }
  // Side d writes its stream.
  void send(int d) {
    const auto n = std::min<std::uint64_t>(chunk(max_chunk[d]), total[d] - sent[d]);
    if (n == 0) return;
    auto r = p.side(d).path->send(stream_bytes(d, sent[d], n));
    if (r.ok()) {
      RC_ASSERT(*r > 0u);
      RC_ASSERT(*r <= n);
      sent[d] += *r;
    } else {
      RC_ASSERT(r.error() == SocketError::WouldBlock);
      RC_ASSERT(p.side(d).path->peer_free() == 0u);
    }
  }
  // The reader of direction d reads.
  void recv(int d) {
    auto r = p.side(1 - d).path->recv(chunk(max_read[d] ? max_read[d] : max_chunk[d]));
    if (!r.ok()) {
      RC_ASSERT(r.error() == SocketError::WouldBlock);
      return;
    }
    RC_ASSERT(!r->empty());  // no EOF before a close
    RC_ASSERT(*r == stream_bytes(d, got[d], r->size()));
    got[d] += r->size();
  }
  void step() {
    const auto op = rng.below(6);
    const int d = static_cast<int>(op % 2);
    if (op / 2 == 0) send(d);
    else if (op / 2 == 1) recv(d);
    else p.deliver(d);
    const auto e = p.check();
    if (!e.empty()) RC_FAIL(e);
  }
  bool done() const { return got[0] == total[0] && got[1] == total[1]; }
};

std::uint32_t ring_of(int code) { return 16384u << code; }

}  // namespace

TEST_CASE("bulk transfer both ways through every RMBE size: every byte once, in order") {
  CHECK(rc::check("bulk transfer", [] {
    const auto ring_a = ring_of(*rc::gen::inRange(0, 7));  // 16 KiB .. 1 MiB
    const auto ring_b = ring_of(*rc::gen::inRange(0, 7));
    SplitMix rng{*rc::gen::arbitrary<std::uint64_t>()};
    LinkPair p(ring_a, ring_b);
    // Direction 0 writes into B's ring, direction 1 into A's.
    const std::uint32_t rings[2] = {ring_b, ring_a};
    Run run{p, rng, {}, {}, {}, {}};
    for (int d = 0; d < 2; ++d) {
      run.total[d] = rings[d] + rng.below(2u * rings[d]);  // always past the wrap
      const std::uint32_t div[] = {1, 4, 64};
      run.max_chunk[d] = std::max<std::uint32_t>(1, 2 * rings[d] / div[rng.below(3)]);
    }
    int steps = 0;
    while (!run.done()) {
      RC_ASSERT(++steps < 400000);
      run.step();
    }
    RC_ASSERT(run.sent[0] == run.total[0]);
    RC_ASSERT(run.sent[1] == run.total[1]);
    // Everything read: a clean close on both sides ends CLOSED and freeable.
    p.drain();
    const int first = static_cast<int>(rng.below(2));
    RC_ASSERT(p.side(first).path->close().ok());
    if (rng.below(2)) p.drain();
    RC_ASSERT(p.side(1 - first).path->close().ok());
    p.drain();
    RC_ASSERT(p.pa().state() == SmcState::Closed);
    RC_ASSERT(p.pb().state() == SmcState::Closed);
    RC_ASSERT(p.pa().can_free());
    RC_ASSERT(p.pb().can_free());
  }));
}

TEST_CASE("a reader that stops reading stalls the writer without losing data, then it resumes") {
  CHECK(rc::check("stalled reader", [] {
    const auto ring = ring_of(*rc::gen::inRange(0, 7));
    SplitMix rng{*rc::gen::arbitrary<std::uint64_t>()};
    LinkPair p(ring, ring);
    Run run{p, rng, {4ull * ring, 0}, {}, {}, {ring / 3 + 1, 1}};
    // Phase 1: only sends and deliveries until the writer is blocked.
    int steps = 0;
    for (;;) {
      RC_ASSERT(++steps < 100000);
      if (rng.below(3) == 0) p.deliver(0);
      else run.send(0);
      if (p.pa().peer_free() == 0) break;
    }
    p.drain();
    RC_ASSERT(run.sent[0] == ring);  // exactly the reader's ring, no more
    RC_ASSERT(p.pa().write_blocked());
    RC_ASSERT(p.pb().rx_producer_flags().write_blocked);
    for (int i = 0; i < 5; ++i) {
      auto r = p.pa().send(stream_bytes(0, run.sent[0], 1 + rng.below(ring)));
      RC_ASSERT(!r.ok());
      RC_ASSERT(r.error() == SocketError::WouldBlock);
      p.drain();
    }
    RC_ASSERT(p.pb().bytes_to_rcv() == ring);
    // Phase 2: the reader resumes; the writer hears about it and finishes.
    const int writable_before = p.a().writable_events;
    while (!run.done()) {
      RC_ASSERT(++steps < 400000);
      run.step();
    }
    RC_ASSERT(p.a().writable_events > writable_before);
  }));
}

TEST_CASE("consumer-cursor updates: each one follows more than update_limit consumed bytes") {
  CHECK(rc::check("cdc count", [] {
    const auto ring = ring_of(*rc::gen::inRange(0, 7));
    SplitMix rng{*rc::gen::arbitrary<std::uint64_t>()};
    LinkPair p(ring, ring);
    // Reads are small, so a CDC per recv would be many.
    Run run{p, rng, {3ull * ring, 0}, {}, {}, {ring, 1}};
    run.max_read[0] = std::max<std::uint32_t>(1, ring / 256);
    int recvs = 0;
    int steps = 0;
    while (!run.done()) {
      RC_ASSERT(++steps < 400000);
      const auto op = rng.below(3);
      if (op == 0) run.send(0);
      else if (op == 1) { run.recv(0); ++recvs; }
      else { p.deliver(0); p.deliver(1); }
      const auto e = p.check();
      if (!e.empty()) RC_FAIL(e);
    }
    // B sends no data: every CDC it sent is a window update, and each needs more than
    // update_limit bytes consumed since the previous one.
    const auto limit = p.pb().update_limit();
    RC_ASSERT(p.pb().cdc_sent() * (limit + 1ull) <= run.got[0]);
    RC_ASSERT(p.pb().cdc_sent() < static_cast<std::uint64_t>(recvs));
  }));
}

TEST_CASE("any interleaving of shutdowns, closes and data ends CLOSED on both sides via kernel transitions") {
  using S = SmcState;
  static const std::set<std::pair<S, S>> edges = {
      {S::Active, S::PeerCloseWait1},          {S::Active, S::AppCloseWait1},
      {S::Active, S::ProcessAbort},            {S::PeerCloseWait1, S::PeerCloseWait2},
      {S::PeerCloseWait1, S::AppFinCloseWait}, {S::PeerCloseWait1, S::Closed},
      {S::PeerCloseWait1, S::ProcessAbort},    {S::PeerCloseWait2, S::AppFinCloseWait},
      {S::PeerCloseWait2, S::Closed},          {S::PeerCloseWait2, S::ProcessAbort},
      {S::AppCloseWait1, S::AppCloseWait2},    {S::AppCloseWait1, S::PeerFinCloseWait},
      {S::AppCloseWait1, S::Closed},           {S::AppCloseWait1, S::ProcessAbort},
      {S::AppCloseWait2, S::PeerFinCloseWait}, {S::AppCloseWait2, S::Closed},
      {S::AppFinCloseWait, S::Closed},         {S::AppFinCloseWait, S::ProcessAbort},
      {S::PeerFinCloseWait, S::Closed},        {S::ProcessAbort, S::Closed},
  };
  CHECK(rc::check("close interleavings", [] {
    SplitMix rng{*rc::gen::arbitrary<std::uint64_t>()};
    LinkPair p(16384, 16384);
    bool shut[2] = {false, false}, closed[2] = {false, false};
    std::uint64_t sent[2] = {0, 0}, got[2] = {0, 0};
    for (int step = 0; step < 400; ++step) {
      const auto op = rng.below(8);
      const int s = static_cast<int>(rng.below(2));
      auto& path = *p.side(s).path;
      if (op == 0 && !closed[s]) {
        auto r = path.send(stream_bytes(s, sent[s], 1 + rng.below(6000)));
        if (r.ok()) sent[s] += *r;
      } else if (op == 1 && !closed[s]) {
        auto r = path.recv(1 + rng.below(6000));
        if (r.ok() && !r->empty()) {
          RC_ASSERT(*r == stream_bytes(1 - s, got[1 - s], r->size()));
          got[1 - s] += r->size();
        }
      } else if (op == 2 && !shut[s] && !closed[s] && rng.below(4) == 0) {
        RC_ASSERT(path.shutdown_write().ok());
        shut[s] = true;
      } else if (op == 3 && !closed[s] && rng.below(6) == 0) {
        RC_ASSERT(path.close().ok());
        closed[s] = true;
      } else {
        p.deliver(s);
      }
    }
    for (int s = 0; s < 2; ++s) {
      p.drain();
      if (!closed[s]) RC_ASSERT(p.side(s).path->close().ok());
    }
    p.drain();
    for (int s = 0; s < 2; ++s) {
      const auto& trail = p.side(s).path->closer().trail();
      // Linux quirk kept on purpose (docs/data-path.md, "abort from close"): a side
      // whose close turned into an abort (unread data) after a shutdown waits in
      // PEERCLOSEWAIT1/2 or PEERFINCLOSEWAIT for the peer's close, but a peer that
      // receives the abort in PEERCLOSEWAIT1/2, APPCLOSEWAIT2 or PEERFINCLOSEWAIT goes to
      // CLOSED without answering: the first side stays until its link group goes.
      const auto& me = p.side(s).path->closer();
      const auto& peer = p.side(1 - s).path->closer();
      const bool waiting = trail.back() == S::PeerFinCloseWait || trail.back() == S::PeerCloseWait1 ||
                           trail.back() == S::PeerCloseWait2;
      const bool stuck_by_kernel_rule = waiting && me.tx_flags().peer_abnormal_close &&
                                        peer.rx_flags().peer_abnormal_close && peer.state() == S::Closed &&
                                        !me.rxed_any_close();
      if (stuck_by_kernel_rule) continue;
      if (trail.back() != S::Closed) {
        std::string t;
        for (int k = 0; k < 2; ++k) {
          t += k ? "\nB:" : "A:";
          for (auto st : p.side(k).path->closer().trail()) t += " " + diag::smcss_state_name(st);
          t += "  " + format_snapshot(snapshot(*p.side(k).path));
        }
        RC_FAIL(t);
      }
      for (std::size_t i = 1; i < trail.size(); ++i) {
        if (!edges.count({trail[i - 1], trail[i]}))
          RC_FAIL(diag::smcss_state_name(trail[i - 1]) + " -> " + diag::smcss_state_name(trail[i]));
      }
      RC_ASSERT(p.side(s).path->can_free());
    }
  }));
}
