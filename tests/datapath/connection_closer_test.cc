// ConnectionCloser alone, state by state, against net/smc/smc_close.c: an abort received
// (smc_close_passive_abort_received), a local abort (smc_close_active_abort), close()
// from INIT/LISTEN, and the flags each close call puts on the wire.
#include <doctest/doctest.h>

#include <functional>

#include "protocol/datapath/connection_closer.h"

using namespace smc;
using namespace smc::datapath;
using S = SmcState;

namespace {

cdc::CdcConnStateFlags done_writing() { cdc::CdcConnStateFlags f; f.peer_done_writing = true; return f; }
cdc::CdcConnStateFlags closed() { cdc::CdcConnStateFlags f; f.peer_conn_closed = true; return f; }
cdc::CdcConnStateFlags aborted() { cdc::CdcConnStateFlags f; f.peer_abnormal_close = true; return f; }

struct Reach {
  const char* name;
  S state;
  std::function<void(ConnectionCloser&)> steps;
};

const Reach kStates[] = {
    {"ACTIVE", S::Active, [](ConnectionCloser&) {}},
    {"APPLCLW1", S::AppCloseWait1, [](ConnectionCloser& c) { c.on_peer_flags(done_writing()); }},
    {"APPLCLW2", S::AppCloseWait2, [](ConnectionCloser& c) { c.on_peer_flags(done_writing()); c.shutdown_write(); }},
    {"APPFINCLW", S::AppFinCloseWait, [](ConnectionCloser& c) { c.shutdown_write(); c.on_peer_flags(closed()); }},
    {"PEERCLW1", S::PeerCloseWait1, [](ConnectionCloser& c) { c.shutdown_write(); }},
    {"PEERCLW2", S::PeerCloseWait2, [](ConnectionCloser& c) { c.shutdown_write(); c.on_peer_flags(done_writing()); }},
    {"PEERFINCLW", S::PeerFinCloseWait, [](ConnectionCloser& c) { c.on_peer_flags(done_writing()); c.close(0); }},
};

}  // namespace

TEST_CASE("reaching each state through the calls the kernel makes") {
  for (const auto& r : kStates) {
    CAPTURE(r.name);
    ConnectionCloser c;
    r.steps(c);
    CHECK(c.state() == r.state);
  }
}

TEST_CASE("abort received, per state (smc_close_passive_abort_received)") {
  const std::pair<S, S> expect[] = {
      {S::Active, S::ProcessAbort},          {S::AppCloseWait1, S::ProcessAbort},
      {S::AppCloseWait2, S::Closed},         {S::AppFinCloseWait, S::ProcessAbort},
      {S::PeerCloseWait1, S::Closed},        {S::PeerCloseWait2, S::Closed},
      {S::PeerFinCloseWait, S::Closed},
  };
  for (const auto& r : kStates) {
    CAPTURE(r.name);
    ConnectionCloser c;
    r.steps(c);
    c.on_peer_flags(aborted());
    for (const auto& [from, to] : expect)
      if (from == r.state) CHECK(c.state() == to);
    CHECK(c.tx_flags().peer_abnormal_close);  // answered with our own abort flag
    CHECK(c.rcv_shutdown());
  }
}

TEST_CASE("local abort: every connected state passes PEERABORTWAIT to CLOSED") {
  for (const auto& r : kStates) {
    CAPTURE(r.name);
    ConnectionCloser c;
    r.steps(c);
    c.abort_locally();
    CHECK(c.killed());
    CHECK(c.state() == S::Closed);
    const auto& t = c.trail();
    REQUIRE(t.size() >= 3);
    CHECK(t[t.size() - 2] == S::PeerAbortWait);
  }
  ConnectionCloser init(S::Init);
  init.abort_locally();
  CHECK(init.state() == S::Init);
}

TEST_CASE("close from INIT and LISTEN goes straight to CLOSED and sends nothing") {
  for (auto s : {S::Init, S::Listen}) {
    ConnectionCloser c(s);
    CHECK_FALSE(c.close(0));
    CHECK(c.state() == S::Closed);
    CHECK(c.tx_flags() == cdc::CdcConnStateFlags{});
  }
  ConnectionCloser init(S::Init);
  init.on_peer_flags(done_writing());
  CHECK(init.state() == S::AppCloseWait1);
}

TEST_CASE("flags on the wire: shutdown sends done_writing, close sends closed, or abort with unread data") {
  ConnectionCloser a;
  CHECK(a.shutdown_write());
  CHECK(a.tx_flags().peer_done_writing);
  CHECK_FALSE(a.shutdown_write());  // once
  CHECK(a.close(0));                // PEERCLW1 after a shutdown: the close still goes out
  CHECK(a.tx_flags().peer_conn_closed);
  CHECK_FALSE(a.close(0));

  ConnectionCloser b;
  CHECK(b.close(10));
  CHECK(b.tx_flags().peer_abnormal_close);
  CHECK_FALSE(b.tx_flags().peer_conn_closed);
  CHECK(b.state() == S::PeerCloseWait1);
}
