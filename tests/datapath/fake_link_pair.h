#pragma once
// Two ConnectionDataPaths joined by in-memory fake links: write_to_peer copies into the
// other side's ring at once (as an RDMA WRITE lands before any later SEND), send_cdc
// encodes the CDC and queues its bytes in a FIFO that the test drains, so the test
// decides the interleaving. Faults: NoBuffers for the next n calls, link down.
#include <cstring>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "protocol/cdc/cdc_message.h"
#include "protocol/datapath/connection_data_path.h"
#include "protocol/datapath/data_path_snapshot.h"
#include "protocol/datapath/ring_span.h"

namespace smc::datapath::testing {

class FakeLink final : public ConnectionLink {
 public:
  std::span<std::uint8_t> peer_ring;
  std::deque<wire::Bytes> outbox;  // encoded CDCs on their way to the peer
  int no_buffers_writes = 0;       // fail this many write_to_peer calls with NoBuffers
  int no_buffers_cdcs = 0;
  bool down = false;
  bool bad_write = false;  // a write outside the peer's ring was attempted (a bug)
  std::uint64_t writes = 0;

  Status<LinkError> write_to_peer(std::uint32_t offset, wire::ByteView data) override {
    if (down) return smc::unexpected(LinkError::LinkDown);
    if (no_buffers_writes > 0) {
      --no_buffers_writes;
      return smc::unexpected(LinkError::NoBuffers);
    }
    if (std::uint64_t{offset} + data.size() > peer_ring.size()) {
      bad_write = true;
      return smc::unexpected(LinkError::Rejected);
    }
    if (!data.empty()) std::memcpy(peer_ring.data() + offset, data.data(), data.size());
    ++writes;
    return Ok{};
  }
  Status<LinkError> send_cdc(const cdc::CdcMessage& m) override {
    if (down) return smc::unexpected(LinkError::LinkDown);
    if (no_buffers_cdcs > 0) {
      --no_buffers_cdcs;
      return smc::unexpected(LinkError::NoBuffers);
    }
    outbox.push_back(m.encode());
    return Ok{};
  }
};

struct Side {
  std::vector<std::uint8_t> ring;
  FakeLink link;
  std::unique_ptr<ConnectionDataPath> path;
  int readable_events = 0;
  int writable_events = 0;
};

class LinkPair {
 public:
  // Side 0 ("A") and side 1 ("B") with their own receive ring sizes.
  LinkPair(std::uint32_t ring_a, std::uint32_t ring_b, std::uint32_t update_limit = 0) {
    side_[0].ring.assign(ring_a, 0);
    side_[1].ring.assign(ring_b, 0);
    for (int i = 0; i < 2; ++i) {
      Side& s = side_[i];
      Side& peer = side_[1 - i];
      s.link.peer_ring = peer.ring;
      DataPathConfig cfg;
      cfg.peer_ring_size = static_cast<std::uint32_t>(peer.ring.size());
      cfg.peer_token = 0x100u + static_cast<std::uint32_t>(1 - i);
      cfg.local_token = 0x100u + static_cast<std::uint32_t>(i);
      cfg.update_limit = update_limit;
      s.path = std::make_unique<ConnectionDataPath>(s.link, s.ring, cfg);
      s.path->on_readable = [&s] { ++s.readable_events; };
      s.path->on_writable = [&s] { ++s.writable_events; };
    }
  }

  LinkPair(const LinkPair&) = delete;
  LinkPair& operator=(const LinkPair&) = delete;

  Side& a() { return side_[0]; }
  Side& b() { return side_[1]; }
  Side& side(int i) { return side_[i]; }
  ConnectionDataPath& pa() { return *side_[0].path; }
  ConnectionDataPath& pb() { return *side_[1].path; }

  // Delivers the oldest CDC sent by side `from` to the other side; false if none.
  bool deliver(int from) {
    auto& q = side_[from].link.outbox;
    if (q.empty()) return false;
    auto bytes = std::move(q.front());
    q.pop_front();
    auto m = cdc::CdcMessage::decode(bytes);
    if (m) side_[1 - from].path->on_cdc(*m);
    return true;
  }
  // Delivers until both FIFOs are empty (deliveries may cause more CDCs).
  void drain() {
    while (deliver(0) || deliver(1)) {
    }
  }
  std::size_t queued(int from) const { return side_[from].link.outbox.size(); }

  // The cursor invariants of one direction, writer `w` into reader `1 - w`; empty when
  // they hold, else what broke.
  std::string check_direction(int w) {
    auto& W = *side_[w].path;
    auto& R = *side_[1 - w].path;
    const auto rs = R.ring_size();
    std::string err;
    auto need = [&](bool ok, const char* what) {
      if (!ok) err += std::string(what) + "; ";
    };
    // The reader's view of the producer lags the writer's, never leads it.
    need(cursor_delta(R.rx_producer(), W.tx_producer(), rs) >= 0, "reader saw a producer the writer never set");
    // The reader consumes only what was produced.
    const auto unread = cursor_delta(R.tx_consumer(), R.rx_producer(), rs);
    need(unread >= 0 && unread <= rs, "consumer passed producer");
    // The writer's view of the consumer lags the reader's.
    need(cursor_delta(W.rx_consumer(), R.tx_consumer(), rs) >= 0, "writer saw a consumer the reader never set");
    // The writer never runs more than a ring ahead of what the reader really consumed:
    // otherwise it overwrote unread bytes.
    const auto ahead = cursor_delta(R.tx_consumer(), W.tx_producer(), rs);
    need(ahead >= 0 && ahead <= rs, "writer overran the reader's ring");
    need(W.peer_free() <= rs, "free space above ring size");
    need(!side_[w].link.bad_write, "write outside the peer ring");
    return err;
  }
  std::string check() {
    auto e = check_direction(0) + check_direction(1);
    if (!e.empty()) e += "\nA: " + format_snapshot(snapshot(pa())) + "\nB: " + format_snapshot(snapshot(pb()));
    return e;
  }

 private:
  Side side_[2];
};

// The byte at position i of direction d's stream: a pattern that notices reordering,
// loss and duplication (period 251 is coprime with every ring size).
inline std::uint8_t stream_byte(int d, std::uint64_t i) {
  return static_cast<std::uint8_t>((i % 251) ^ (d ? 0xA5 : 0x3C));
}
inline wire::Bytes stream_bytes(int d, std::uint64_t from, std::size_t n) {
  wire::Bytes b(n);
  for (std::size_t k = 0; k < n; ++k) b[k] = stream_byte(d, from + k);
  return b;
}

// splitmix64: a small deterministic generator for step choices inside one property run.
struct SplitMix {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
};

}  // namespace smc::datapath::testing
