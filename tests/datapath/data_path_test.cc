// Unit tests of ConnectionDataPath over a fake link pair: transfer across the wrap,
// flow control and write_blocked, the consumer-cursor update rule with counts derived
// from the kernel's rule (docs/data-path.md), urgent data, link faults, bad cursors.
#include <doctest/doctest.h>

#include "protocol/datapath/consumer_update_rule.h"
#include "tests/datapath/fake_link_pair.h"

using namespace smc;
using namespace smc::datapath;
using namespace smc::datapath::testing;

namespace {
constexpr std::uint32_t k16K = 16384;

wire::Bytes text(const char* s) { return wire::Bytes(s, s + std::strlen(s)); }

cdc::CdcMessage last_cdc(Side& s) {
  REQUIRE(!s.link.outbox.empty());
  return *cdc::CdcMessage::decode(s.link.outbox.back());
}
}  // namespace

TEST_CASE("update limit: Linux's min(ring/10, SOCK_MIN_SNDBUF/2)") {
  CHECK(linux_update_limit(16384) == 1638);
  CHECK(linux_update_limit(32768) == 2304);
  CHECK(linux_update_limit(1u << 20) == 2304);
}

TEST_CASE("a send writes into the peer ring, the CDC carries the producer, recv reads it") {
  LinkPair p(k16K, k16K);
  auto r = p.pa().send(text("hello"));
  REQUIRE(r.ok());
  CHECK(*r == 5);
  CHECK(p.b().ring[0] == 'h');
  auto m = last_cdc(p.a());
  CHECK(m.seqno == 1);
  CHECK(m.token == 0x101);  // the receiver's token
  CHECK(m.producer == cdc::CdcCursor{0, 5});
  CHECK_FALSE(m.producer_flags.write_blocked);
  CHECK(p.pb().bytes_to_rcv() == 0);  // nothing announced yet
  p.drain();
  CHECK(p.pb().bytes_to_rcv() == 5);
  CHECK(p.b().readable_events == 1);
  auto got = p.pb().recv(100);
  REQUIRE(got.ok());
  CHECK(*got == text("hello"));
  CHECK(p.check().empty());
}

TEST_CASE("a write across the end of the ring is split into two writes") {
  LinkPair p(k16K, k16K);
  // Move the cursors to 16380 first.
  REQUIRE(p.pa().send(stream_bytes(0, 0, 16380)).ok());
  p.drain();
  REQUIRE(p.pb().recv(16380).ok());
  p.drain();
  CHECK(p.pa().peer_free() == k16K);
  const auto writes = p.a().link.writes;
  REQUIRE(p.pa().send(stream_bytes(0, 16380, 10)).ok());
  CHECK(p.a().link.writes == writes + 2);
  CHECK(p.pa().tx_producer() == cdc::CdcCursor{1, 6});
  p.drain();
  auto got = p.pb().recv(10);
  REQUIRE(got.ok());
  CHECK(*got == stream_bytes(0, 16380, 10));
  CHECK(p.check().empty());
}

TEST_CASE("a full peer ring: partial accept, write_blocked, WouldBlock, resume on the update") {
  LinkPair p(k16K, k16K);
  auto r = p.pa().send(stream_bytes(0, 0, 20000));
  REQUIRE(r.ok());
  CHECK(*r == k16K);
  CHECK(p.pa().write_blocked());
  CHECK(last_cdc(p.a()).producer_flags.write_blocked);
  auto again = p.pa().send(stream_bytes(0, k16K, 100));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error() == SocketError::WouldBlock);
  p.drain();
  // Below the limit nothing is announced, so the writer stays blocked.
  REQUIRE(p.pb().recv(1638).ok());
  CHECK(p.queued(1) == 0);
  // One byte more crosses the limit with the peer write-blocked: one update.
  REQUIRE(p.pb().recv(1).ok());
  CHECK(p.queued(1) == 1);
  p.drain();
  CHECK(p.a().writable_events == 1);
  CHECK(p.pa().peer_free() == 1639);
  auto more = p.pa().send(stream_bytes(0, k16K, 100));
  REQUIRE(more.ok());
  CHECK(*more == 100);
  CHECK_FALSE(p.pa().write_blocked());
  CHECK(p.check().empty());
}

TEST_CASE("consumer-cursor updates: the kernel's rule, not one per recv") {
  SUBCASE("write-blocked sender, 16 KiB ring read a byte at a time: an update per 1639 bytes") {
    LinkPair p(k16K, k16K);
    REQUIRE(*p.pa().send(stream_bytes(0, 0, k16K)) == k16K);  // exactly full: write_blocked
    p.drain();
    const auto before = p.pb().cdc_sent();
    for (std::uint32_t i = 0; i < k16K; ++i) REQUIRE(p.pb().recv(1).ok());
    // Updates at 1639, 3278, ..., 14751 consumed; the last 1633 bytes stay below the limit.
    CHECK(p.pb().cdc_sent() - before == 9);
  }
  SUBCASE("sender not blocked and more than half free: no update at all") {
    LinkPair p(k16K, k16K);
    REQUIRE(*p.pa().send(stream_bytes(0, 0, 8000)) == 8000);
    p.drain();
    for (int i = 0; i < 8000; ++i) REQUIRE(p.pb().recv(1).ok());
    CHECK(p.pb().cdc_sent() == 0);
  }
  SUBCASE("sender sees at most half free: one update once past the limit") {
    LinkPair p(k16K, k16K);
    REQUIRE(*p.pa().send(stream_bytes(0, 0, 9000)) == 9000);
    p.drain();
    for (int i = 0; i < 9000; ++i) REQUIRE(p.pb().recv(1).ok());
    // At 1639 consumed the sender sees 7384 free (≤ 8192): update. Afterwards it sees
    // 9023 free (> 8192) and the peer is not blocked: no more.
    CHECK(p.pb().cdc_sent() == 1);
  }
  SUBCASE("the peer's request flag is answered at once") {
    LinkPair p(k16K, k16K);
    REQUIRE(p.pa().send(text("x")).ok());
    p.drain();
    REQUIRE(p.pb().recv(1).ok());
    CHECK(p.queued(1) == 0);
    p.pa().request_consumer_update();
    CHECK(last_cdc(p.a()).producer_flags.cons_update_requested);
    p.deliver(0);
    REQUIRE(p.queued(1) == 1);
    CHECK(last_cdc(p.b()).consumer == cdc::CdcCursor{0, 1});
  }
}

TEST_CASE("urgent data: the last byte of a MSG_OOB send, out of the stream") {
  LinkPair p(k16K, k16K);
  REQUIRE(*p.pa().send_urgent(text("abcX")) == 4);
  auto m = last_cdc(p.a());
  CHECK(m.producer_flags.urgent_pending);
  CHECK(m.producer_flags.urgent_present);
  // Further data waits until the peer has consumed everything.
  auto blocked = p.pa().send(text("more"));
  REQUIRE_FALSE(blocked.ok());
  CHECK(blocked.error() == SocketError::WouldBlock);
  p.drain();
  CHECK(p.pb().urgent_state() == UrgentState::Valid);
  CHECK(p.pb().bytes_to_rcv() == 3);
  auto oob = p.pb().recv_urgent();
  REQUIRE(oob.ok());
  CHECK(*oob == 'X');
  CHECK(p.pb().recv_urgent().error() == SocketError::InvalidArgument);
  auto normal = p.pb().recv(100);
  REQUIRE(normal.ok());
  CHECK(*normal == text("abc"));
  // Skipping the urgent byte forces an update, which unblocks the writer.
  p.drain();
  CHECK(p.a().writable_events == 1);
  REQUIRE(p.pa().send(text("more")).ok());
  p.drain();
  CHECK(*p.pb().recv(100) == text("more"));
  CHECK(p.check().empty());
}

TEST_CASE("NoBuffers: the CDC is owed and sent on link_ready; a data write is retried by the app") {
  LinkPair p(k16K, k16K);
  p.a().link.no_buffers_cdcs = 1;
  REQUIRE(*p.pa().send(text("abc")) == 3);
  CHECK(p.pa().cdc_pending());
  CHECK(p.queued(0) == 0);
  p.pa().link_ready();
  CHECK_FALSE(p.pa().cdc_pending());
  REQUIRE(p.queued(0) == 1);
  CHECK(last_cdc(p.a()).producer == cdc::CdcCursor{0, 3});

  p.a().link.no_buffers_writes = 1;
  auto r = p.pa().send(text("def"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == SocketError::WouldBlock);
  p.pa().link_ready();
  CHECK(p.a().writable_events == 1);
  REQUIRE(*p.pa().send(text("def")) == 3);
  p.drain();
  CHECK(*p.pb().recv(100) == text("abcdef"));
}

TEST_CASE("LinkDown: handed to failover, resumed on link_ready") {
  LinkPair p(k16K, k16K);
  int lost = 0;
  p.pa().on_link_lost = [&] { ++lost; return true; };
  p.a().link.down = true;
  auto r = p.pa().send(text("abc"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == SocketError::WouldBlock);
  CHECK(lost == 1);
  CHECK(p.pa().state() == SmcState::Active);
  p.a().link.down = false;
  p.pa().link_ready();
  CHECK(p.a().writable_events == 1);
  REQUIRE(*p.pa().send(text("abc")) == 3);
  auto v = p.pa().failover_validation_message();
  CHECK(v.producer_flags.failover_validation);
  CHECK(v.seqno == p.pa().tx_seqno());
}

TEST_CASE("LinkDown without failover: ECONNABORTED once, then EPIPE; recv sees EOF") {
  LinkPair p(k16K, k16K);
  p.a().link.down = true;
  auto r = p.pa().send(text("abc"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == SocketError::ConnectionAborted);
  CHECK(p.pa().state() == SmcState::Closed);
  CHECK(p.pa().closer().trail() ==
        std::vector<SmcState>{SmcState::Active, SmcState::PeerAbortWait, SmcState::Closed});
  CHECK(p.pa().send(text("x")).error() == SocketError::BrokenPipe);
  auto eof = p.pa().recv(10);
  REQUIRE(eof.ok());
  CHECK(eof->empty());
  CHECK(p.pa().can_free());
}

TEST_CASE("sequence numbers: an old CDC is dropped, a newer failover validation aborts") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().send(text("ab")).ok());
  REQUIRE(p.pa().send(text("cd")).ok());
  auto first = *cdc::CdcMessage::decode(p.a().link.outbox.front());
  p.drain();
  CHECK(p.pb().rx_seqno() == 2);
  p.pb().on_cdc(first);  // seqno 1 after 2: ignored
  CHECK(p.pb().bytes_to_rcv() == 4);
  cdc::CdcMessage v;
  v.seqno = 2;
  v.producer_flags.failover_validation = true;
  p.pb().on_cdc(v);  // not newer: ignored
  CHECK(p.pb().state() == SmcState::Active);
  v.seqno = 3;
  p.pb().on_cdc(v);  // newer than anything seen: CDCs were lost
  CHECK(p.pb().state() == SmcState::Closed);
  CHECK(p.pb().take_error() == SocketError::ConnectionAborted);
}

TEST_CASE("cursors: a backward cursor is ignored, a corrupted one aborts both sides") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().send(text("abcd")).ok());
  p.drain();
  SUBCASE("backward (same wrap, smaller count): ignored as Linux does") {
    cdc::CdcMessage m;
    m.seqno = 5;
    m.producer = {0, 2};
    p.pb().on_cdc(m);
    CHECK(p.pb().rx_producer() == cdc::CdcCursor{0, 4});
    CHECK(p.pb().state() == SmcState::Active);
  }
  SUBCASE("count beyond the ring") {
    cdc::CdcMessage m;
    m.seqno = 5;
    m.producer = {0, k16K};
    p.pb().on_cdc(m);
    CHECK(p.pb().state() == SmcState::Closed);
    CHECK(p.pb().take_error() == SocketError::ConnectionAborted);
    // The abort flag reaches A: it must process the abort.
    p.drain();
    CHECK(p.pa().state() == SmcState::ProcessAbort);
    CHECK(p.pa().send(text("x")).error() == SocketError::ConnectionReset);
  }
  SUBCASE("producer more than one ring ahead of the consumer") {
    cdc::CdcMessage m;
    m.seqno = 5;
    m.producer = {1, 5};  // 16389 bytes unread in a 16384-byte ring
    p.pb().on_cdc(m);
    CHECK(p.pb().state() == SmcState::Closed);
  }
  SUBCASE("consumer ahead of what we produced") {
    cdc::CdcMessage m;
    m.seqno = 5;
    m.consumer = {0, 10};  // "B consumed 10" of the 4 bytes A wrote
    p.pa().on_cdc(m);
    CHECK(p.pa().state() == SmcState::Closed);
  }
}
