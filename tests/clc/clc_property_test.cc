// Properties of the CLC codecs over generated messages of every type and variant.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <set>

#include "protocol/clc/clc_message.h"
#include "tests/clc/clc_generators.h"

using namespace smc::clc;
using smc::wire::Bytes;
using smc::wire::DecodeErrorKind;

namespace {

std::size_t proposal_v2_ext_at(const ClcProposal& p) { return 52 + p.v2_extension_offset(); }

void put16(Bytes& b, std::size_t off, std::uint16_t v) {
  b[off] = static_cast<std::uint8_t>(v >> 8);
  b[off + 1] = static_cast<std::uint8_t>(v);
}

DecodeErrorKind kind_of(const Bytes& b) {
  auto r = decode_clc(b);
  RC_ASSERT_FALSE(r.ok());
  return r.error().kind;
}

}  // namespace

TEST_CASE("decode(encode(m)) == m for every message type") {
  CHECK(rc::check("proposal", [] {
    auto m = *gen::proposal();
    auto r = ClcProposal::decode(m.encode());
    RC_ASSERT(r.ok());
    RC_ASSERT(*r == m);
  }));
  CHECK(rc::check("accept/confirm", [] {
    auto m = *gen::accept_confirm();
    auto r = ClcAcceptConfirm::decode(m.encode());
    RC_ASSERT(r.ok());
    RC_ASSERT(*r == m);
  }));
  CHECK(rc::check("decline", [] {
    auto m = *gen::decline();
    auto r = ClcDecline::decode(m.encode());
    RC_ASSERT(r.ok());
    RC_ASSERT(*r == m);
  }));
  CHECK(rc::check("any message through decode_clc", [] {
    auto m = *gen::message();
    Bytes b = encode(m);
    RC_ASSERT(b.size() == std::visit([](const auto& x) { return x.wire_length(); }, m));
    RC_ASSERT(clc_message_length(b) == b.size());
    auto r = decode_clc(b);
    RC_ASSERT(r.ok());
    RC_ASSERT(*r == m);
    RC_ASSERT(clc_type(*r) == clc_type(m));
    RC_ASSERT(!describe(*r).fields.empty());
  }));
}

TEST_CASE("encode(decode(b)) == b for valid encodings") {
  CHECK(rc::check([] {
    Bytes b = encode(*gen::message());
    auto r = decode_clc(b);
    RC_ASSERT(r.ok());
    RC_ASSERT(encode(*r) == b);
  }));
}

TEST_CASE("every truncation is an error, never another message") {
  CHECK(rc::check([] {
    Bytes b = encode(*gen::message());
    for (std::size_t k = 0; k < b.size(); ++k) {
      Bytes t(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(k));
      auto r = decode_clc(t);
      RC_ASSERT_FALSE(r.ok());
      if (k < 8) RC_ASSERT(r.error().kind == DecodeErrorKind::Truncated);
      else RC_ASSERT(r.error().kind == DecodeErrorKind::Truncated || r.error().kind == DecodeErrorKind::BadLength);
    }
  }));
}

TEST_CASE("corrupting header fields gives the header's error kind") {
  CHECK(rc::check("eyecatcher", [] {
    Bytes b = encode(*gen::message());
    auto v = *rc::gen::suchThat(rc::gen::arbitrary<std::uint32_t>(),
                                [](std::uint32_t x) { return !eyecatcher_from(x).has_value(); });
    for (int i = 0; i < 4; ++i) b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    RC_ASSERT(kind_of(b) == DecodeErrorKind::BadEyecatcher);
  }));
  CHECK(rc::check("type", [] {
    Bytes b = encode(*gen::message());
    b[4] = *rc::gen::suchThat(rc::gen::arbitrary<std::uint8_t>(), [](std::uint8_t t) { return t < 1 || t > 4; });
    RC_ASSERT(kind_of(b) == DecodeErrorKind::BadType);
  }));
  CHECK(rc::check("version nibble 0", [] {
    Bytes b = encode(*gen::message());
    b[7] &= 0x0f;
    RC_ASSERT(kind_of(b) == DecodeErrorKind::BadVersion);
  }));
  CHECK(rc::check("length (buffer resized to match)", [] {
    Bytes b = encode(*gen::message());
    auto len = *rc::gen::suchThat(rc::gen::inRange<std::size_t>(8, b.size() + 64),
                                  [&](std::size_t l) { return l != b.size(); });
    b.resize(len, 0);
    put16(b, 5, static_cast<std::uint16_t>(len));
    RC_ASSERT(kind_of(b) == DecodeErrorKind::BadLength);
  }));
  CHECK(rc::check("length (buffer kept)", [] {
    Bytes b = encode(*gen::message());
    auto len = *rc::gen::suchThat(rc::gen::inRange<std::size_t>(8, b.size() + 64),
                                  [&](std::size_t l) { return l != b.size(); });
    put16(b, 5, static_cast<std::uint16_t>(len));
    auto k = kind_of(b);
    RC_ASSERT(k == DecodeErrorKind::BadLength || k == DecodeErrorKind::Truncated);
  }));
}

TEST_CASE("corrupting the trailer: an error except for a Decline (Linux skips that check)") {
  CHECK(rc::check([] {
    auto m = *gen::message();
    Bytes b = encode(m);
    auto v = *rc::gen::suchThat(rc::gen::arbitrary<std::uint32_t>(),
                                [](std::uint32_t x) { return !eyecatcher_from(x).has_value(); });
    for (int i = 0; i < 4; ++i) b[b.size() - 4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    auto r = decode_clc(b);
    if (std::holds_alternative<ClcDecline>(m)) {
      RC_ASSERT(r.ok());
      RC_ASSERT(encode(*r) == b);
    } else {
      RC_ASSERT_FALSE(r.ok());
      RC_ASSERT(r.error().kind == DecodeErrorKind::TrailerMismatch);
      RC_ASSERT(r.error().offset == b.size() - 4);
    }
  }));
}

TEST_CASE("corrupting Proposal offsets and counts") {
  CHECK(rc::check("IP-area offset > 40", [] {
    auto p = *gen::proposal();
    Bytes b = p.encode();
    put16(b, 38, *rc::gen::inRange<std::uint16_t>(41, 0xffff));
    auto r = decode_clc(b);
    RC_ASSERT_FALSE(r.ok());
    RC_ASSERT(r.error().kind == DecodeErrorKind::BadOffset);
    RC_ASSERT(r.error().offset == 38u);
  }));
  CHECK(rc::check("v2 extension offset moved", [] {
    auto p = *rc::gen::suchThat(gen::proposal(), [](const ClcProposal& x) { return x.has_v2_extension(); });
    Bytes b = p.encode();
    auto off = *rc::gen::suchThat(rc::gen::arbitrary<std::uint16_t>(),
                                  [&](std::uint16_t o) { return o != p.v2_extension_offset(); });
    put16(b, 50, off);
    auto r = decode_clc(b);
    RC_ASSERT_FALSE(r.ok());
    RC_ASSERT(r.error().kind == DecodeErrorKind::BadOffset);
    RC_ASSERT(r.error().field == "v2_extension_offset");
  }));
  CHECK(rc::check("SMC-Dv2 extension offset moved", [] {
    auto p = *rc::gen::suchThat(gen::proposal(), [](const ClcProposal& x) { return x.has_smcd_v2_extension(); });
    Bytes b = p.encode();
    auto off = *rc::gen::suchThat(rc::gen::arbitrary<std::uint16_t>(),
                                  [&](std::uint16_t o) { return o != p.smcd_v2_extension_offset(); });
    put16(b, proposal_v2_ext_at(p) + 6, off);
    auto r = decode_clc(b);
    RC_ASSERT_FALSE(r.ok());
    RC_ASSERT(r.error().kind == DecodeErrorKind::BadOffset);
    RC_ASSERT(r.error().offset == proposal_v2_ext_at(p) + 6);
  }));
  CHECK(rc::check("counts over the Linux limits", [] {
    auto p = *rc::gen::suchThat(gen::proposal(), [](const ClcProposal& x) { return x.has_prefix_area(); });
    Bytes b = p.encode();
    const std::size_t at = 40 + p.ip_area_offset + 7;
    b[at] = *rc::gen::inRange<std::uint8_t>(9, 255);
    auto r = decode_clc(b);
    RC_ASSERT_FALSE(r.ok());
    RC_ASSERT(r.error().kind == DecodeErrorKind::CountOverLimit);
    RC_ASSERT(r.error().field == "ipv6_prefix_count");
    RC_ASSERT(r.error().offset == at);
  }));
  CHECK(rc::check("EID / ISM GID counts over the limits", [] {
    auto p = *rc::gen::suchThat(gen::proposal(), [](const ClcProposal& x) { return x.has_smcd_v2_extension(); });
    Bytes b = p.encode();
    const std::size_t at = proposal_v2_ext_at(p);
    const bool eid = *rc::gen::arbitrary<bool>();
    b[eid ? at : at + 1] = *rc::gen::inRange<std::uint8_t>(9, 255);
    auto r = decode_clc(b);
    RC_ASSERT_FALSE(r.ok());
    RC_ASSERT(r.error().kind == DecodeErrorKind::CountOverLimit);
    RC_ASSERT(r.error().field == (eid ? "eid_count" : "ism_gid_count"));
  }));
  CHECK(rc::check("counts changed within the limits", [] {
    auto p = *rc::gen::suchThat(gen::proposal(), [](const ClcProposal& x) { return x.has_v2_extension(); });
    Bytes b = p.encode();
    const std::size_t at = proposal_v2_ext_at(p);
    const std::uint8_t old = b[at];
    b[at] = *rc::gen::suchThat(rc::gen::inRange<std::uint8_t>(0, 9), [&](std::uint8_t e) { return e != old; });
    auto r = decode_clc(b);
    RC_ASSERT_FALSE(r.ok());
    RC_ASSERT(r.error().kind == DecodeErrorKind::BadLength || r.error().kind == DecodeErrorKind::BadOffset);
  }));
}

TEST_CASE("corrupting the Confirm GID list count") {
  CHECK(rc::check([] {
    auto m = *rc::gen::suchThat(gen::accept_confirm(), [](const ClcAcceptConfirm& x) {
      return !x.is_smcd() && x.type == ClcType::Confirm && x.version >= 2 && x.first_contact;
    });
    Bytes b = m.encode();
    const std::uint8_t old = b[156];
    b[156] = *rc::gen::suchThat(rc::gen::arbitrary<std::uint8_t>(), [&](std::uint8_t k) { return k != old; });
    RC_ASSERT(kind_of(b) == DecodeErrorKind::BadLength);
  }));
}

TEST_CASE("arbitrary bytes never crash and valid results re-encode") {
  CHECK(rc::check([](const std::vector<std::uint8_t>& junk) {
    auto r = decode_clc(junk);
    if (r.ok()) {
      auto again = decode_clc(encode(*r));
      RC_ASSERT(again.ok());
      RC_ASSERT(*again == *r);
    }
  }));
}
