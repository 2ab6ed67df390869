// CDC golden vectors: wire-format.md §9 and the real captures (expected values from the
// documents), plus hand-built ones from the §4 layout tables.
#include <doctest/doctest.h>

#include "protocol/cdc/cdc_message.h"
#include "protocol/cdc/cdc_sequence.h"
#include "protocol/cdc/smcd_cdc_header.h"
#include "tests/llc/vector_file.h"

using namespace smc;
using namespace smc::cdc;
using smc::test::load_vector;

namespace {
std::string vec(const char* name) { return std::string("tests/cdc/vectors/") + name + ".hex"; }
CdcMessage load_cdc(const char* name) {
  auto b = load_vector(vec(name));
  auto m = CdcMessage::decode(b);
  REQUIRE_MESSAGE(m.ok(), m.error().message());
  CHECK(m->encode() == b);
  return *m;
}
}  // namespace

TEST_CASE("spec §9: SMC-R CDC seq 1, token 2, producer 0/1024") {
  auto m = load_cdc("spec_smcr_cdc");
  CHECK(m.seqno == 1);
  CHECK(m.token == 2);
  CHECK(m.producer == CdcCursor{0, 1024});
  CHECK(m.consumer == CdcCursor{0, 0});
  CHECK(m.producer_flags == CdcProducerFlags{});
  CHECK(m.conn_state_flags == CdcConnStateFlags{});
}

TEST_CASE("capture: CDC data, echo and the close sequence 0x80 / 0x40 / 0xC0") {
  auto w = load_cdc("capture_client_write");
  CHECK(w.seqno == 1);
  CHECK(w.token == 1);
  CHECK(w.producer == CdcCursor{0, 4096});
  CHECK(w.consumer == CdcCursor{0, 0});
  auto e = load_cdc("capture_server_echo");
  CHECK(e.token == 2);
  CHECK(e.producer == CdcCursor{0, 4096});
  CHECK(e.consumer == CdcCursor{0, 4096});
  auto dw = load_cdc("capture_done_writing");
  CHECK(dw.seqno == 2);
  CHECK(dw.conn_state_flags.peer_done_writing);
  CHECK_FALSE(dw.conn_state_flags.peer_conn_closed);
  auto cl = load_cdc("capture_conn_closed");
  CHECK(cl.seqno == 2);
  CHECK(cl.token == 2);
  CHECK(cl.conn_state_flags.peer_conn_closed);
  CHECK_FALSE(cl.conn_state_flags.peer_done_writing);
  auto both = load_cdc("capture_done_and_closed");
  CHECK(both.seqno == 3);
  CHECK(both.conn_state_flags.peer_done_writing);
  CHECK(both.conn_state_flags.peer_conn_closed);
  CHECK_FALSE(both.conn_state_flags.peer_abnormal_close);
}

TEST_CASE("own: CDC with wraps, producer flags 0x98, abort, Anolis credits") {
  auto m = load_cdc("own_cdc_flags_wraps");
  CHECK(m.seqno == 0xfffe);
  CHECK(m.token == 0x11223344);
  CHECK(m.producer == CdcCursor{3, 0xff00});
  CHECK(m.consumer == CdcCursor{2, 0x100});
  CHECK(m.producer_flags.write_blocked);
  CHECK_FALSE(m.producer_flags.urgent_pending);
  CHECK_FALSE(m.producer_flags.urgent_present);
  CHECK(m.producer_flags.cons_update_requested);
  CHECK(m.producer_flags.failover_validation);
  CHECK(m.conn_state_flags.peer_abnormal_close);
  auto a = load_cdc("own_cdc_anolis_credits");
  CHECK(a.credits == 5);
  CHECK(a.producer_flags.urgent_present);
  CHECK(a.producer == CdcCursor{0, 16});
}

TEST_CASE("spec §9: SMC-D CDC header, big-endian, peer closed") {
  auto b = load_vector(vec("spec_smcd_cdc_be"));
  REQUIRE(b.size() == 32);
  auto m = SmcdCdcHeader::decode(b, SmcdByteOrder::Big);
  REQUIRE(m.ok());
  CHECK(m->producer == CdcCursor{0, 1024});
  CHECK(m->consumer == CdcCursor{0, 0});
  CHECK(m->conn_state_flags.peer_conn_closed);
  CHECK(m->producer_flags == CdcProducerFlags{});
  CHECK(m->encode(SmcdByteOrder::Big) == b);
}

TEST_CASE("own: SMC-D CDC header in loopback-ism little-endian order") {
  auto b = load_vector(vec("own_smcd_cdc_le"));
  auto m = SmcdCdcHeader::decode(b, SmcdByteOrder::Little);
  REQUIRE(m.ok());
  CHECK(m->producer == CdcCursor{1, 0x1000});
  CHECK(m->consumer == CdcCursor{0, 0x800});
  CHECK(m->producer_flags.urgent_pending);
  CHECK(m->conn_state_flags.peer_done_writing);
  CHECK(m->encode(SmcdByteOrder::Little) == b);
  // The same bytes read as s390 order give other cursors: the order matters.
  auto wrong = SmcdCdcHeader::decode(b, SmcdByteOrder::Big);
  REQUIRE(wrong.ok());
  CHECK(wrong->producer.wrap == 0x0100);
}

TEST_CASE("kernel acceptance: < 26 bytes, type, length byte") {
  auto b = load_vector(vec("spec_smcr_cdc"));
  for (std::size_t n = 0; n < 26; ++n) {
    auto m = CdcMessage::decode(wire::ByteView(b).first(n));
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().kind == wire::DecodeErrorKind::Truncated);
  }
  // 26..43 bytes with length byte 44: Linux accepts the cursors and flags.
  auto short_ok = CdcMessage::decode(wire::ByteView(b).first(26));
  REQUIRE(short_ok.ok());
  CHECK(short_ok->producer == CdcCursor{0, 1024});
  auto bad = b;
  bad[1] = 43;
  auto m = CdcMessage::decode(bad);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().kind == wire::DecodeErrorKind::BadLength);
  bad = b;
  bad[0] = 0x07;
  CHECK(CdcMessage::decode(bad).error().kind == wire::DecodeErrorKind::BadType);
  auto d = load_vector(vec("spec_smcd_cdc_be"));
  CHECK(SmcdCdcHeader::decode(wire::ByteView(d).first(31)).error().kind == wire::DecodeErrorKind::Truncated);
}

TEST_CASE("describe: cdc and smcd_cdc") {
  auto m = load_cdc("capture_done_and_closed");
  auto d = describe(m);
  CHECK(d.type == "cdc");
  CHECK(d.length == 44);
  bool saw = false;
  for (const auto& f : d.fields)
    if (f.name == "conn_state_flags") {
      saw = true;
      CHECK(f.value == "0xc0");
    }
  CHECK(saw);
  CHECK(describe(SmcdCdcHeader{}).type == "smcd_cdc");
}

TEST_CASE("sequence numbers: 16-bit serial arithmetic") {
  CHECK(seq_before(1, 2));
  CHECK_FALSE(seq_before(2, 1));
  CHECK(seq_before(0xffff, 0));  // wraps
  CHECK(seq_after(0, 0xffff));
  CHECK_FALSE(seq_before(5, 5));
  CHECK(seq_before(0x8000, 0xffff));
  CHECK(seq_next(0xffff) == 0);
}

TEST_CASE("cursor helpers against worked examples") {
  constexpr std::uint32_t ring = 65536;
  CHECK(cursor_advance({0, 0}, 4096, ring) == CdcCursor{0, 4096});
  CHECK(cursor_advance({0, 65000}, 1000, ring) == CdcCursor{1, 464});
  CHECK(cursor_advance({0xffff, 65535}, 1, ring) == CdcCursor{0, 0});
  CHECK(cursor_distance({0, 0}, {0, 4096}, ring) == 4096);
  CHECK(cursor_distance({0, 65000}, {1, 464}, ring) == 1000);
  CHECK(cursor_distance({0, 4096}, {0, 0}, ring) == 0);  // behind: never negative
  CHECK(cursor_compare({0, 4096}, {0, 0}, ring) == -4096);
  // The kernel's rule (smc_cdc_cursor_to_host).
  CHECK(cursor_update_accepted({3, 100}, {3, 100}));
  CHECK_FALSE(cursor_update_accepted({3, 100}, {3, 99}));
  CHECK_FALSE(cursor_update_accepted({3, 100}, {2, 5000}));
  CHECK(cursor_update_accepted({3, 100}, {0, 0}));  // wrap 0 always taken
  CHECK(cursor_update_accepted({3, 100}, {4, 0}));
  CHECK(is_newer({0, 1}, {0xffff, 65000}));  // serial wrap order
  CHECK_FALSE(is_newer({3, 100}, {3, 100}));
}
