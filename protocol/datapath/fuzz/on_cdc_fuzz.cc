// Fuzz target: arbitrary CDC byte sequences (and application calls between them) fed to
// a connection of a fake link pair. Nothing may crash, and the receiving side's own
// accounting must stay inside its ring whatever the peer claims.
//
// Input: a sequence of records, each one op byte followed, for op 0, by a 44-byte CDC
// (shorter tails are decoded as they are: Linux accepts 26..43 bytes).
#include <cstdint>
#include <cstdlib>

#include "tests/datapath/fake_link_pair.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smc;
  using namespace smc::datapath;
  using namespace smc::datapath::testing;
  LinkPair p(16384, 16384);
  std::size_t i = 0;
  std::uint64_t sent = 0;
  while (i < size) {
    const std::uint8_t op = data[i++];
    switch (op % 8) {
      case 0: {  // a CDC from "the peer" straight into B
        const std::size_t n = std::min<std::size_t>(cdc::kCdcMessageSize, size - i);
        if (auto m = cdc::CdcMessage::decode(wire::ByteView(data + i, n))) p.pb().on_cdc(*m);
        i += n;
        break;
      }
      case 1: {
        auto r = p.pb().send(stream_bytes(1, sent, 1u + op * 61u));
        if (r.ok()) sent += *r;
        break;
      }
      case 2: (void)p.pb().recv(1u + op * 37u); break;
      case 3: (void)p.pb().recv_urgent(); break;
      case 4: (void)p.pb().shutdown_write(); break;
      case 5: (void)p.pb().close(); break;
      case 6: p.deliver(1); break;  // B's CDCs reach A
      default: (void)p.pa().send_urgent(stream_bytes(0, op, 1 + op)); p.deliver(0); break;
    }
    auto& b = p.pb();
    if (b.bytes_to_rcv() > b.ring_size() || b.peer_free() > b.peer_ring_size()) std::abort();
    if (p.b().link.bad_write) std::abort();
    (void)format_snapshot(snapshot(b));
  }
  return 0;
}
