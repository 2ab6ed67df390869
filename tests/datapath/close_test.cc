// Close sequences over a fake link pair: the state trail smcss would show on each side
// and what the application sees, per net/smc/smc_close.c (docs/data-path.md, close
// table). Expected trails come from the kernel's transitions, not from this code.
#include <doctest/doctest.h>

#include "tests/datapath/fake_link_pair.h"

using namespace smc;
using namespace smc::datapath;
using namespace smc::datapath::testing;
using S = SmcState;
using Trail = std::vector<SmcState>;

namespace {
constexpr std::uint32_t k16K = 16384;
wire::Bytes text(const char* s) { return wire::Bytes(s, s + std::strlen(s)); }
bool is_eof(const Result<wire::Bytes, SocketError>& r) { return r.ok() && r->empty(); }
}  // namespace

TEST_CASE("A closes, then B closes: PEERCLOSEWAIT1 → CLOSED / APPCLOSEWAIT1 → CLOSED") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().send(text("last words")).ok());
  REQUIRE(p.pa().close().ok());
  CHECK(p.pa().state() == S::PeerCloseWait1);
  CHECK(p.pa().send(text("x")).error() == SocketError::NotConnected);  // used after close
  p.drain();
  CHECK(p.pb().state() == S::AppCloseWait1);
  // B reads the data, then EOF; writing to a closed peer is ECONNRESET.
  CHECK(*p.pb().recv(100) == text("last words"));
  CHECK(is_eof(p.pb().recv(100)));
  CHECK(p.pb().send(text("late")).error() == SocketError::ConnectionReset);
  CHECK_FALSE(p.pa().can_free());
  REQUIRE(p.pb().close().ok());
  p.drain();
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::Closed});
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::AppCloseWait1, S::Closed});
  CHECK(p.pa().can_free());
  CHECK(p.pb().can_free());
}

TEST_CASE("both close at once: each PEERCLOSEWAIT1 → CLOSED") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().close().ok());
  REQUIRE(p.pb().close().ok());
  p.drain();
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::Closed});
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::Closed});
  CHECK(p.pa().can_free());
  CHECK(p.pb().can_free());
}

TEST_CASE("A shuts down writing, B keeps talking, then B and A close") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().shutdown_write().ok());
  CHECK(p.pa().state() == S::PeerCloseWait1);
  CHECK(p.pa().send(text("x")).error() == SocketError::BrokenPipe);
  p.drain();
  CHECK(p.pb().state() == S::AppCloseWait1);
  CHECK(is_eof(p.pb().recv(10)));
  // Half-close: B → A still works.
  REQUIRE(p.pb().send(text("reply")).ok());
  p.drain();
  CHECK(*p.pa().recv(10) == text("reply"));
  REQUIRE(p.pb().close().ok());
  CHECK(p.pb().state() == S::PeerFinCloseWait);
  p.drain();
  CHECK(p.pa().state() == S::AppFinCloseWait);
  CHECK(is_eof(p.pa().recv(10)));
  REQUIRE(p.pa().close().ok());
  p.drain();
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::AppFinCloseWait, S::Closed});
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::AppCloseWait1, S::PeerFinCloseWait, S::Closed});
  CHECK(p.pa().can_free());
  CHECK(p.pb().can_free());
}

TEST_CASE("shutdown then close right away on A") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().shutdown_write().ok());
  REQUIRE(p.pa().close().ok());
  CHECK(p.pa().state() == S::PeerCloseWait1);
  p.drain();
  REQUIRE(p.pb().close().ok());
  p.drain();
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::Closed});
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::AppCloseWait1, S::Closed});
}

TEST_CASE("both shut down writing, then both close") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().shutdown_write().ok());
  p.drain();
  REQUIRE(p.pb().shutdown_write().ok());
  CHECK(p.pb().state() == S::AppCloseWait2);
  p.drain();
  CHECK(p.pa().state() == S::PeerCloseWait2);
  REQUIRE(p.pa().close().ok());
  p.drain();
  CHECK(p.pb().state() == S::AppCloseWait2);
  REQUIRE(p.pb().close().ok());
  p.drain();
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::PeerCloseWait2, S::Closed});
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::AppCloseWait1, S::AppCloseWait2, S::Closed});
}

TEST_CASE("close with unread data aborts: the peer sees ECONNRESET, PROCESSABORT") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pb().send(text("unread")).ok());
  REQUIRE(p.pa().send(text("for B")).ok());
  p.drain();
  REQUIRE(p.pa().close().ok());
  CHECK(p.pa().closer().tx_flags().peer_abnormal_close);
  CHECK_FALSE(p.pa().closer().tx_flags().peer_conn_closed);
  p.drain();
  CHECK(p.pb().state() == S::ProcessAbort);
  CHECK(p.pb().send(text("x")).error() == SocketError::ConnectionReset);
  // Data that arrived before the abort is still delivered, then EOF.
  CHECK(*p.pb().recv(100) == text("for B"));
  CHECK(is_eof(p.pb().recv(100)));
  REQUIRE(p.pb().close().ok());
  p.drain();
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::Closed});
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::ProcessAbort, S::Closed});
  CHECK(p.pa().can_free());
  CHECK(p.pb().can_free());
}

TEST_CASE("a peer that aborts while we wait in APPCLOSEWAIT2 closes us at once") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().shutdown_write().ok());
  p.drain();
  REQUIRE(p.pb().shutdown_write().ok());
  CHECK(p.pb().state() == S::AppCloseWait2);
  p.a().link.down = true;  // A's link group dies: it is killed at its next CDC
  CHECK(p.pa().send(text("x")).error() == SocketError::BrokenPipe);  // shut down: EPIPE first
  p.pa().request_consumer_update();
  CHECK(p.pa().state() == S::Closed);
  CHECK(p.pa().take_error() == SocketError::ConnectionAborted);
  // A could not send its abort; deliver one by hand as the surviving peer would see it.
  cdc::CdcMessage m;
  m.seqno = 99;
  m.conn_state_flags.peer_abnormal_close = true;
  p.pb().on_cdc(m);
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::AppCloseWait1, S::AppCloseWait2, S::Closed});
}

TEST_CASE("a CDC that cannot be sent at close is owed: not freeable until link_ready") {
  LinkPair p(k16K, k16K);
  REQUIRE(p.pb().close().ok());
  p.drain();
  p.a().link.no_buffers_cdcs = 1;
  REQUIRE(p.pa().close().ok());
  CHECK(p.pa().state() == S::Closed);
  CHECK(p.pa().cdc_pending());
  CHECK_FALSE(p.pa().can_free());
  p.pa().link_ready();
  CHECK(p.pa().can_free());
  p.drain();
  CHECK(p.pb().state() == S::Closed);
}

TEST_CASE("Linux quirk: a close that aborts after the peer's shutdown waits in PEERFINCLOSEWAIT") {
  // smc_close_final turns B's close into an abort (unread data) and, as nothing but a
  // shutdown was received, B waits in PEERFINCLOSEWAIT for A's close. A is in
  // PEERCLOSEWAIT1; smc_cdc_msg_recv_action sets A's own abort flag, so
  // smc_close_passive_abort_received takes A to CLOSED without sending anything. B is
  // left waiting until its link group goes away.
  LinkPair p(k16K, k16K);
  REQUIRE(p.pa().send(text("never read")).ok());
  REQUIRE(p.pa().shutdown_write().ok());
  p.drain();
  REQUIRE(p.pb().close().ok());
  p.drain();
  CHECK(p.pb().closer().trail() == Trail{S::Active, S::AppCloseWait1, S::PeerFinCloseWait});
  CHECK(p.pa().closer().trail() == Trail{S::Active, S::PeerCloseWait1, S::Closed});
  CHECK(p.pa().take_error() == SocketError::ConnectionReset);
  REQUIRE(p.pa().close().ok());
  p.drain();
  CHECK(p.queued(0) == 0);
  CHECK(p.pb().state() == S::PeerFinCloseWait);
  CHECK_FALSE(p.pb().can_free());
  CHECK(p.pa().can_free());
}
