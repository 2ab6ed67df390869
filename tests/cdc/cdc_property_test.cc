// Properties of CDC codecs and cursor arithmetic over generated values.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "protocol/cdc/cdc_sequence.h"
#include "tests/cdc/cdc_generators.h"

using namespace smc;
using namespace smc::cdc;

TEST_CASE("CDC: decode(encode(m)) == m and encode(decode(b)) == b") {
  CHECK(rc::check("cdc round trip", [] {
    const auto m = *gen::cdc_message();
    const auto b = m.encode();
    RC_ASSERT(b.size() == kCdcMessageSize);
    auto d = CdcMessage::decode(b);
    RC_ASSERT(d.ok());
    RC_ASSERT(*d == m);
    RC_ASSERT(d->encode() == b);
  }));
}

TEST_CASE("SMC-D CDC header: round trip in both byte orders") {
  CHECK(rc::check("smcd round trip", [] {
    const auto m = *gen::smcd_cdc_header();
    const auto order = *rc::gen::element(SmcdByteOrder::Big, SmcdByteOrder::Little);
    const auto b = m.encode(order);
    RC_ASSERT(b.size() == kSmcdCdcHeaderSize);
    auto d = SmcdCdcHeader::decode(b, order);
    RC_ASSERT(d.ok());
    RC_ASSERT(*d == m);
    RC_ASSERT(d->encode(order) == b);
  }));
}

TEST_CASE("CDC truncation below 26 bytes and a wrong type or length are typed errors") {
  CHECK(rc::check("cdc corruption", [] {
    auto b = gen::cdc_message().operator*().encode();
    const auto cut = *rc::gen::inRange<std::size_t>(0, kCdcMinReceive);
    auto t = CdcMessage::decode(wire::ByteView(b).first(cut));
    RC_ASSERT(!t.ok());
    RC_ASSERT(t.error().kind == wire::DecodeErrorKind::Truncated);
    const auto at = *rc::gen::element<std::size_t>(0, 1);
    b[at] = static_cast<std::uint8_t>(b[at] ^ *rc::gen::inRange<int>(1, 256));
    auto d = CdcMessage::decode(b);
    RC_ASSERT(!d.ok());
    RC_ASSERT(d.error().kind == (at == 0 ? wire::DecodeErrorKind::BadType : wire::DecodeErrorKind::BadLength));
  }));
}

TEST_CASE("CDC: every byte of the value fields re-encodes exactly") {
  CHECK(rc::check("value bytes", [] {
    auto b = gen::cdc_message().operator*().encode();
    const auto at = *rc::gen::element<std::size_t>(2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 26);
    b[at] = *rc::gen::arbitrary<std::uint8_t>();
    auto d = CdcMessage::decode(b);
    RC_ASSERT(d.ok());
    RC_ASSERT(d->encode() == b);
  }));
}

TEST_CASE("cursor: advance then distance returns n, and the count stays inside the ring") {
  CHECK(rc::check("advance/distance", [] {
    const auto ring = *gen::ring_size();
    const auto c = *gen::cursor_in(ring);
    const auto n = *rc::gen::inRange<std::uint32_t>(0, ring + 1);  // at most one ring ahead
    const auto a = cursor_advance(c, n, ring);
    RC_ASSERT(a.count < ring);
    RC_ASSERT(cursor_distance(c, a, ring) == n);
    RC_ASSERT(cursor_compare(c, a, ring) == static_cast<std::int64_t>(n) || c.wrap > a.wrap);
  }));
}

TEST_CASE("cursor: advancing by whole rings only moves the wrap") {
  CHECK(rc::check("whole rings", [] {
    const auto ring = *gen::ring_size();
    const auto c = *gen::cursor_in(ring);
    const auto k = *rc::gen::inRange<std::uint32_t>(0, 70000);
    const auto a = cursor_advance(c, std::uint64_t{k} * ring, ring);
    RC_ASSERT(a.count == c.count);
    RC_ASSERT(a.wrap == static_cast<std::uint16_t>(c.wrap + k));
  }));
}

TEST_CASE("is_newer is a strict order on nearby cursors") {
  CHECK(rc::check("strict order", [] {
    const auto ring = *gen::ring_size();
    const auto base = *gen::cursor_in(ring);
    // Three cursors within a few rings of base (forwards or backwards).
    auto near = [&] {
      const auto back = *rc::gen::inRange<std::uint32_t>(0, 4 * ring);
      const auto fwd = *rc::gen::inRange<std::uint32_t>(0, 4 * ring);
      auto c = cursor_advance(base, fwd, ring);
      // moving back = advancing by (65536 rings − back), wraps modulo 2^16
      return cursor_advance(c, (std::uint64_t{65536} * ring - back) % (std::uint64_t{65536} * ring), ring);
    };
    const auto a = near(), b = near(), c = near();
    RC_ASSERT(!is_newer(a, a));                              // irreflexive
    RC_ASSERT(!(is_newer(a, b) && is_newer(b, a)));          // asymmetric
    if (is_newer(a, b) && is_newer(b, c)) RC_ASSERT(is_newer(a, c));  // transitive
    if (!(a == b)) RC_ASSERT(is_newer(a, b) || is_newer(b, a));       // total
  }));
}

TEST_CASE("is_newer agrees with the kernel's update rule away from the wrap rollover") {
  CHECK(rc::check("kernel agreement", [] {
    const auto ring = *gen::ring_size();
    auto cur = *gen::cursor_in(ring);
    RC_PRE(cur.wrap >= 2 && cur.wrap <= 0xfffd);
    const auto d = *rc::gen::inRange<std::int64_t>(-static_cast<std::int64_t>(ring), ring + 1);
    const auto rec = d >= 0 ? cursor_advance(cur, static_cast<std::uint64_t>(d), ring)
                            : cursor_advance(cur, std::uint64_t{65536} * ring - static_cast<std::uint64_t>(-d), ring);
    const bool accepted = cursor_update_accepted(cur, rec);
    RC_ASSERT(accepted == (is_newer(rec, cur) || rec == cur));
  }));
}

TEST_CASE("sequence numbers: seq_before is a strict order within half the space") {
  CHECK(rc::check("seq order", [] {
    const auto a = *rc::gen::arbitrary<std::uint16_t>();
    const auto d = *rc::gen::inRange<int>(1, 0x8000);
    const auto b = static_cast<std::uint16_t>(a + d);
    RC_ASSERT(seq_before(a, b));
    RC_ASSERT(!seq_before(b, a));
    RC_ASSERT(!seq_before(a, a));
  }));
}
