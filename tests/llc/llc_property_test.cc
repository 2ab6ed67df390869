// Properties of the LLC codecs over generated messages (tests/llc/llc_generators.h).
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "tests/llc/llc_generators.h"

using namespace smc;
using namespace smc::llc;

namespace {
bool typed(const wire::DecodeError& e) { return !e.field.empty(); }
}  // namespace

TEST_CASE("decode(encode(m)) == m for every LLC type and byte order") {
  CHECK(rc::check("round trip", [] {
    const auto m = *gen::message();
    const auto opt = *gen::codec_options();
    const auto b = encode_llc(m, opt);
    RC_ASSERT(b.size() >= kLlcMessageSize);
    auto d = decode_llc(b, opt);
    RC_ASSERT(d.ok());
    RC_ASSERT(*d == m);
    RC_ASSERT(encode_llc(*d, opt) == b);  // encode(decode(b)) == b
  }));
}

TEST_CASE("v1 messages are exactly 44 bytes; v2 lengths are as the layout says") {
  CHECK(rc::check("lengths", [] {
    const auto m = *gen::message();
    const auto b = encode_llc(m, {});
    const bool v2 = (b[0] >> 4) == 2;
    if (!v2) {
      RC_ASSERT(b.size() == 44u);
      RC_ASSERT(b[1] == 44);
    } else {
      RC_ASSERT(std::size_t{static_cast<std::uint16_t>(b[1] | b[2] << 8)} == b.size());  // little-endian
    }
    if (const auto* al = std::get_if<LlcAddLink>(&m); al && al->version == LlcVersion::V2 && al->v2_extension)
      RC_ASSERT(b.size() == 72 + 16 * al->v2_extension->rkeys.size());
  }));
}

TEST_CASE("every truncation is a typed error, never a message") {
  CHECK(rc::check("truncation", [] {
    const auto m = *gen::message();
    const auto opt = *gen::codec_options();
    const auto b = encode_llc(m, opt);
    const auto cut = *rc::gen::inRange<std::size_t>(0, b.size());
    auto d = decode_llc(wire::ByteView(b).first(cut), opt);
    RC_ASSERT(!d.ok());
    RC_ASSERT(typed(d.error()));
    const auto k = d.error().kind;
    RC_ASSERT(k == wire::DecodeErrorKind::Truncated || k == wire::DecodeErrorKind::BadLength);
  }));
}

TEST_CASE("a corrupted type byte without a handler is refused") {
  CHECK(rc::check("type corruption", [] {
    const auto m = *gen::message();
    auto b = encode_llc(m, {});
    const auto t = *rc::gen::arbitrary<std::uint8_t>();
    const auto v = static_cast<std::uint8_t>(t >> 4);
    const auto ty = static_cast<LlcType>(t & 0x0f);
    RC_PRE(!((v == 0 || v == 2) && type_known(static_cast<LlcVersion>(v), ty, false)));
    b[0] = t;
    auto d = decode_llc(b, {});
    RC_ASSERT(!d.ok());
    RC_ASSERT(d.error().kind == wire::DecodeErrorKind::BadType || d.error().kind == wire::DecodeErrorKind::BadVersion);
  }));
}

TEST_CASE("a corrupted v1 length byte is refused") {
  CHECK(rc::check("length corruption", [] {
    auto m = *gen::test_link();
    m.version = LlcVersion::V1;
    auto b = m.encode();
    b[1] = *rc::gen::suchThat(rc::gen::arbitrary<std::uint8_t>(), [](std::uint8_t x) { return x != 44; });
    auto d = decode_llc(b);
    RC_ASSERT(!d.ok());
    RC_ASSERT(d.error().kind == wire::DecodeErrorKind::BadLength);
  }));
}

TEST_CASE("any single corrupted byte gives a typed error or a stable message, never a crash") {
  CHECK(rc::check("corruption", [] {
    const auto m = *gen::message();
    const auto opt = *gen::codec_options();
    auto b = encode_llc(m, opt);
    const auto at = *rc::gen::inRange<std::size_t>(0, b.size());
    b[at] = static_cast<std::uint8_t>(b[at] ^ *rc::gen::inRange<int>(1, 256));
    auto d = decode_llc(b, opt);
    if (!d.ok()) {
      RC_ASSERT(typed(d.error()));
      return;
    }
    auto again = decode_llc(encode_llc(*d, opt), opt);
    RC_ASSERT(again.ok());
    RC_ASSERT(*again == *d);
  }));
}

TEST_CASE("value bytes of Confirm Link and Test Link: any content re-encodes byte-exactly") {
  CHECK(rc::check("value bytes", [] {
    auto b = encode_llc(LlcMessage{*gen::confirm_link()}, {});
    // Offsets 4–35 are all value fields (MAC, GID, QP, link, UID, max links/conns).
    const auto at = *rc::gen::inRange<std::size_t>(4, 36);
    b[at] = *rc::gen::arbitrary<std::uint8_t>();
    auto d = decode_llc(b);
    RC_ASSERT(d.ok());
    RC_ASSERT(encode_llc(*d) == b);
  }));
}
