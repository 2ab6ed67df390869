// The diagnostics snapshot and its one-line form; expected lines are written by hand
// from the cursor values the scenario implies.
#include <doctest/doctest.h>

#include "tests/datapath/fake_link_pair.h"

using namespace smc;
using namespace smc::datapath;
using namespace smc::datapath::testing;

TEST_CASE("snapshot: smc_diag fields and the one-line format") {
  LinkPair p(16384, 32768);
  REQUIRE(*p.pa().send(wire::Bytes{1, 2, 3, 4, 5}) == 5);
  p.drain();
  const auto b = snapshot(p.pb());
  CHECK(b.conn.token == 0x101);
  CHECK(b.conn.rmbe_size == 32768);
  CHECK(b.conn.peer_rmbe_size == 16384);
  CHECK(b.conn.rx_prod.count == 5);
  CHECK(b.bytes_to_rcv == 5);
  CHECK(format_snapshot(b) ==
        "ACTIVE shut=<-> rmbe=32768 peer=16384 rx=0000:00000005/0000:00000000 00:00 "
        "tx=0000:00000000/0000:00000000 00:00 flight=0 unread=5 free=16384 cdc=0/1 seq=0/1");
  REQUIRE(p.pa().close().ok());
  const auto a = snapshot(p.pa());
  CHECK(a.conn.tx_prep.count == 5);
  CHECK(a.conn.tx_fin.count == 5);
  CHECK(format_snapshot(a) ==
        "PEERCLW1 shut=<-W rmbe=16384 peer=32768 rx=0000:00000000/0000:00000000 00:00 "
        "tx=0000:00000005/0000:00000000 00:40 flight=5 unread=0 free=32763 cdc=2/0 seq=2/0");
}
