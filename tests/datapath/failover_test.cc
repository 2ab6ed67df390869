// ConnectionDataPath::failover(): after a link failure the bytes the peer has not announced
// consumed are written again over the surviving link and a CDC repeats the cursors, so a
// WRITE and a CDC lost with the failed link's work requests leave nothing missing
// (docs/data-path.md §4, the kernel's smc_switch_conns).
#include <doctest/doctest.h>

#include <numeric>

#include "fake_link_pair.h"

using namespace smc;
using namespace smc::datapath;
using namespace smc::datapath::testing;

namespace {

struct Pair {
  std::vector<std::uint8_t> ring_a = std::vector<std::uint8_t>(1024, 0);
  std::vector<std::uint8_t> ring_b = std::vector<std::uint8_t>(1024, 0);
  FakeLink link_a, link_b;
  std::unique_ptr<ConnectionDataPath> a, b;
  explicit Pair(bool copy) {
    link_a.peer_ring = ring_b;
    link_b.peer_ring = ring_a;
    DataPathConfig ca;
    ca.peer_ring_size = 1024;
    ca.peer_token = 2;
    ca.failover_copy = copy;
    DataPathConfig cb = ca;
    cb.peer_token = 1;
    a = std::make_unique<ConnectionDataPath>(link_a, ring_a, ca);
    b = std::make_unique<ConnectionDataPath>(link_b, ring_b, cb);
  }
  void deliver_a_to_b() {
    while (!link_a.outbox.empty()) {
      auto m = cdc::CdcMessage::decode(link_a.outbox.front());
      link_a.outbox.pop_front();
      REQUIRE(m);
      b->on_cdc(*m);
    }
  }
  void deliver_b_to_a() {
    while (!link_b.outbox.empty()) {
      auto m = cdc::CdcMessage::decode(link_b.outbox.front());
      link_b.outbox.pop_front();
      REQUIRE(m);
      a->on_cdc(*m);
    }
  }
};

wire::Bytes pattern(std::size_t n, std::uint8_t start) {
  wire::Bytes b(n);
  std::iota(b.begin(), b.end(), start);
  return b;
}

}  // namespace

TEST_CASE("failover rewrites the unconsumed bytes and repeats the CDC lost with the failed link") {
  Pair p(true);
  auto first = pattern(100, 1);
  REQUIRE(p.a->send(first).value() == 100);
  p.deliver_a_to_b();
  REQUIRE(p.b->recv(1000).value() == first);
  auto second = pattern(300, 7);
  REQUIRE(p.a->send(second).value() == 300);
  // The failed link took the WRITE and its CDC: the bytes never arrived, nor the cursor.
  std::fill(p.ring_b.begin() + 100, p.ring_b.begin() + 400, 0);
  p.link_a.outbox.clear();
  CHECK(p.b->bytes_to_rcv() == 0);

  const auto writes = p.link_a.writes;
  p.a->failover();
  CHECK(p.link_a.writes == writes + 1);  // [peer's consumer, producer) = 300 bytes, one piece
  CHECK_FALSE(p.a->cdc_pending());
  p.deliver_a_to_b();
  CHECK(p.b->recv(1000).value() == second);
}

TEST_CASE("failover over a ring wrap writes two pieces") {
  Pair p(true);
  REQUIRE(p.a->send(pattern(900, 0)).value() == 900);
  p.deliver_a_to_b();
  REQUIRE(p.b->recv(1000).value().size() == 900);
  p.deliver_b_to_a();  // the consumer update: the whole ring is free again
  auto wrapped = pattern(200, 50);
  REQUIRE(p.a->send(wrapped).value() == 200);
  p.link_a.outbox.clear();
  std::fill(p.ring_b.begin(), p.ring_b.end(), 0);
  const auto writes = p.link_a.writes;
  p.a->failover();
  CHECK(p.link_a.writes == writes + 2);
  p.deliver_a_to_b();
  CHECK(p.b->recv(1000).value() == wrapped);
}

TEST_CASE("a failover refused a send slot finishes at link_ready") {
  Pair p(true);
  auto data = pattern(64, 3);
  REQUIRE(p.a->send(data).value() == 64);
  p.link_a.outbox.clear();
  std::fill(p.ring_b.begin(), p.ring_b.end(), 0);
  p.link_a.no_buffers_writes = 1;
  p.a->failover();
  CHECK(p.a->cdc_pending());
  CHECK(p.link_a.outbox.empty());
  p.a->link_ready();
  CHECK_FALSE(p.a->cdc_pending());
  p.deliver_a_to_b();
  CHECK(p.b->recv(1000).value() == data);
}

TEST_CASE("the receiver's failover repeats its consumer cursor, reopening the sender's window") {
  Pair p(true);
  REQUIRE(p.a->send(pattern(1024, 0)).value() == 1024);
  p.deliver_a_to_b();
  REQUIRE(p.b->recv(2048).value().size() == 1024);
  p.link_b.outbox.clear();  // the consumer update died with the link
  CHECK(p.a->peer_free() == 0);
  p.b->failover();
  p.deliver_b_to_a();
  CHECK(p.a->peer_free() == 1024);
}

TEST_CASE("without the copy only the cursors are repeated") {
  Pair p(false);
  REQUIRE(p.a->send(pattern(10, 1)).value() == 10);
  p.link_a.outbox.clear();
  const auto writes = p.link_a.writes;
  p.a->failover();
  CHECK(p.link_a.writes == writes);
  CHECK(p.link_a.outbox.size() == 1);
}

TEST_CASE("a killed connection does not fail over") {
  Pair p(true);
  p.a->link_group_lost();
  CHECK(p.a->take_error() == SocketError::ConnectionAborted);
  CHECK(p.a->state() == SmcState::Closed);
  p.link_a.outbox.clear();
  p.a->failover();
  CHECK(p.link_a.outbox.empty());
}
