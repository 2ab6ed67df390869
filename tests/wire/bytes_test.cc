#include <doctest/doctest.h>

#include "protocol/wire/byte_reader.h"
#include "protocol/wire/byte_writer.h"
#include "protocol/wire/bytes.h"

using namespace smc::wire;

TEST_CASE("parse_hex accepts the hexdump form of wire-format.md") {
  Bytes b;
  REQUIRE(parse_hex("0000: e2 d4 c3 d9 01 00\n0006: 34 10", b));
  CHECK(b == Bytes{0xe2, 0xd4, 0xc3, 0xd9, 0x01, 0x00, 0x34, 0x10});
  REQUIRE(parse_hex("0xE2D4", b));
  CHECK(b == Bytes{0xe2, 0xd4});
}

TEST_CASE("parse_hex refuses odd digits and non-hex") {
  Bytes b{1};
  std::string err;
  CHECK_FALSE(parse_hex("e2 d", b, &err));
  CHECK_FALSE(parse_hex("zz", b, &err));
  CHECK(err.find("not a hex digit") != std::string::npos);
  CHECK(b == Bytes{1});
}

TEST_CASE("reader never reads past the end") {
  Bytes b{1, 2, 3};
  ByteReader r(b);
  CHECK(r.u16be(1).value() == 0x0203);
  CHECK_FALSE(r.u16be(2).has_value());
  CHECK_FALSE(r.u32be(0).has_value());
  CHECK_FALSE(r.u8(3).has_value());
  CHECK_FALSE(r.view(2, static_cast<std::size_t>(-1)).has_value());
}

TEST_CASE("writer and reader agree in both byte orders") {
  ByteWriter w;
  w.u16le(0x002c);
  w.u24be(0xabcdef);
  w.u64be(0x0102030405060708ULL);
  ByteReader r(w.bytes());
  CHECK(w.bytes()[0] == 0x2c);
  CHECK(r.u16le(0).value() == 0x2c);
  CHECK(r.u24be(2).value() == 0xabcdef);
  CHECK(r.u64be(5).value() == 0x0102030405060708ULL);
  CHECK(hexdump(Bytes{0xe2, 0xd4}) == "0000: e2 d4\n");
}
