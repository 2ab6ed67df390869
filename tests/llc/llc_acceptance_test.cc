// The kernel's receive rules for LLC (wire-format.md §3.1), each as a typed error.
#include <doctest/doctest.h>

#include "protocol/llc/llc_message.h"
#include "tests/llc/vector_file.h"

using namespace smc;
using namespace smc::llc;
using wire::DecodeErrorKind;

namespace {
wire::Bytes test_link_v1() { return smc::test::load_vector("tests/llc/vectors/spec_v1_test_link_response.hex"); }
wire::Bytes confirm_link_v2() { return smc::test::load_vector("tests/llc/vectors/v2_confirm_link_request_link1.hex"); }
DecodeErrorKind kind_of(const wire::Bytes& b, const LlcCodecOptions& o = {}) {
  auto m = decode_llc(b, o);
  REQUIRE_FALSE(m.ok());
  return m.error().kind;
}
}  // namespace

TEST_CASE("fewer than 44 bytes are dropped (Truncated)") {
  auto b = test_link_v1();
  for (std::size_t n = 0; n < 44; ++n) {
    wire::Bytes cut(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK(kind_of(cut) == DecodeErrorKind::Truncated);
  }
}

TEST_CASE("v1 length byte must be 44") {
  auto b = test_link_v1();
  for (int len : {0, 1, 43, 45, 88, 255}) {
    b[1] = static_cast<std::uint8_t>(len);
    auto m = decode_llc(b);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().kind == DecodeErrorKind::BadLength);
    CHECK(m.error().field == "length");
    CHECK(m.error().offset == 1);
  }
}

TEST_CASE("v2 length must be at least 44 and within the receive") {
  auto b = confirm_link_v2();
  b[1] = 43;
  CHECK(kind_of(b) == DecodeErrorKind::BadLength);
  b[1] = 45;  // 45 claimed, 44 received
  CHECK(kind_of(b) == DecodeErrorKind::BadLength);
  // A longer receive with length 44 is fine: only the first 44 bytes are the message.
  b[1] = 44;
  b.resize(60, 0xEE);
  auto m = decode_llc(b);
  REQUIRE(m.ok());
  CHECK(encode_llc(*m).size() == 44);
}

TEST_CASE("type bytes without a Linux handler") {
  auto b = test_link_v1();
  // 0x05 exists only as v2; 0x23/0x28 and 0x03/0x08 in v2 do not exist; 0x0b–0x0f are
  // unassigned; 0x0A is Anolis-only; 0x80/0x8A are Wireshark-only names.
  for (std::uint8_t t : {0x05, 0x0b, 0x0f, 0x00, 0x0a, 0x23, 0x28, 0x2a, 0x20, 0x2f}) {
    b[0] = t;
    CHECK_MESSAGE(kind_of(b) == DecodeErrorKind::BadType, "type 0x" << std::hex << int(t));
  }
  auto v2 = confirm_link_v2();
  for (std::uint8_t t : {0x23, 0x28, 0x2a}) {
    v2[0] = t;
    CHECK(kind_of(v2) == DecodeErrorKind::BadType);
  }
  for (std::uint8_t t : {0x11, 0x31, 0x41, 0x80, 0x8a, 0xf1}) {
    b[0] = t;
    CHECK(kind_of(b) == DecodeErrorKind::BadVersion);
  }
}

TEST_CASE("a message decoded as the wrong type is a BadType error") {
  auto m = LlcConfirmLink::decode(test_link_v1());
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().kind == DecodeErrorKind::BadType);
}

TEST_CASE("counts beyond what the kernel accepts or the length holds") {
  // Confirm RKey with 3 additional entries: Linux answers negative; refused here.
  auto cr = smc::test::load_vector("tests/llc/vectors/own_v1_confirm_rkey_3links.hex");
  cr[4] = 3;
  CHECK(kind_of(cr) == DecodeErrorKind::CountOverLimit);

  // Add Link v2 with a count of 2 but room for 1 pair.
  auto al = smc::test::load_vector("tests/llc/vectors/v2_add_link_request.hex");
  al[70] = 2;
  CHECK(kind_of(al) == DecodeErrorKind::BadLength);
  al[70] = 0;
  al[71] = 1;  // 256 in little-endian: more than 255 rkeys
  CHECK(kind_of(al) == DecodeErrorKind::CountOverLimit);

  // Add Link v2 whose length leaves a partial extension.
  auto al2 = smc::test::load_vector("tests/llc/vectors/v2_add_link_request.hex");
  al2[1] = 60;
  CHECK(kind_of(al2) == DecodeErrorKind::BadLength);

  // Request Add Link claiming 3 GIDs in 60 bytes.
  auto ra = smc::test::load_vector("tests/llc/vectors/own_v2_request_add_link.hex");
  ra[24] = 3;
  CHECK(kind_of(ra) == DecodeErrorKind::BadLength);

  // v2 Delete RKey request listing more rkeys than its length holds; the response may.
  auto dr = smc::test::load_vector("tests/llc/vectors/own_v2_delete_rkey_10.hex");
  dr[4] = 11;
  CHECK(kind_of(dr) == DecodeErrorKind::BadLength);
  dr[3] = 0x80;
  auto resp = decode_llc(dr);
  REQUIRE(resp.ok());
  CHECK(std::get<LlcDeleteRkey>(*resp).rkeys.size() == 10);
}

TEST_CASE("v1 Delete RKey with more than 8 rkeys: Linux processes the first 8") {
  auto b = smc::test::load_vector("tests/llc/vectors/own_v1_delete_rkey_request.hex");
  b[4] = 12;
  auto m = decode_llc(b);
  REQUIRE(m.ok());
  CHECK(std::get<LlcDeleteRkey>(*m).rkeys.size() == 8);
}

TEST_CASE("Confirm Link without the no-RMBE-eyecatcher bits decodes and says so") {
  auto b = confirm_link_v2();
  b[3] = 0x00;
  auto m = LlcConfirmLink::decode(b);
  REQUIRE(m.ok());
  CHECK_FALSE(m->no_rmbe_eyecatcher);
  b[3] = 0x01;  // either bit counts
  CHECK(LlcConfirmLink::decode(b)->no_rmbe_eyecatcher);
}

TEST_CASE("v2 Add Link reject: length 44, no extension, no reason") {
  LlcAddLink m;
  m.version = LlcVersion::V2;
  m.response = true;
  m.reject = true;
  auto b = m.encode();
  CHECK(b.size() == 44);
  CHECK(b[0] == 0x22);
  CHECK(b[1] == 0x2c);
  CHECK(b[2] == 0x00);
  CHECK(b[3] == 0xc0);
  auto d = LlcAddLink::decode(b);
  REQUIRE(d.ok());
  CHECK(*d == m);
}
