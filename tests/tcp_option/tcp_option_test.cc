// TCP option list parsing, the SMC option's acceptance rule and the SYN option builder,
// checked against the real SYN / SYN-ACK of the captures and wire-format.md §1.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "protocol/tcp_option/smc_tcp_option.h"
#include "tests/llc/vector_file.h"

using namespace smc;
using namespace smc::tcp_option;
using smc::test::load_vector;

namespace {
TcpOptionList decode_ok(const wire::Bytes& b) {
  auto l = TcpOptionList::decode(b);
  REQUIRE(l.ok());
  CHECK(l->encode() == b);
  return *l;
}
}  // namespace

TEST_CASE("capture: Linux SYN options, SMC option last") {
  auto l = decode_ok(load_vector("tests/tcp_option/vectors/capture_syn.hex"));
  CHECK(l.mss() == std::optional<std::uint16_t>(1460));
  CHECK(l.sack_permitted());
  CHECK(l.window_scale() == std::optional<std::uint8_t>(7));
  REQUIRE(l.timestamps().has_value());
  CHECK(l.timestamps()->first == 0x0b1eb373u);
  CHECK(l.timestamps()->second == 0u);
  CHECK(smc_option_accepted(l, true));
  CHECK_FALSE(smc_option_accepted(l, false));  // only SYN / SYN-ACK are looked at
  CHECK_FALSE(l.malformed_at.has_value());
  REQUIRE(l.options.size() >= 3);
  CHECK(l.options.back() == smc_option());
}

TEST_CASE("capture: SYN-ACK options") {
  auto l = decode_ok(load_vector("tests/tcp_option/vectors/capture_synack.hex"));
  CHECK(l.timestamps()->first == 0xa31aa67au);
  CHECK(l.timestamps()->second == 0x0b1eb373u);
  CHECK(smc_option_accepted(l, true));
}

TEST_CASE("§1: the SMC option as Linux pads it") {
  auto b = load_vector("tests/tcp_option/vectors/smc_only.hex");
  CHECK(b == wire::Bytes(kSmcOptionLinuxBytes.begin(), kSmcOptionLinuxBytes.end()));
  TcpOptionBuilder builder;
  REQUIRE(builder.add_smc());
  CHECK(builder.list().encode() == b);
  CHECK(smc_option_accepted(b, true));
}

TEST_CASE("acceptance: even length >= 6, magic in the first 4 data bytes, kind 254 only") {
  auto accepted = [](std::initializer_list<std::uint8_t> bytes) { return smc_option_accepted(wire::Bytes(bytes), true); };
  CHECK(accepted({0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd9}));
  CHECK(accepted({0xfe, 0x08, 0xe2, 0xd4, 0xc3, 0xd9, 0x00, 0x00}));  // longer even option
  CHECK_FALSE(accepted({0xfe, 0x07, 0xe2, 0xd4, 0xc3, 0xd9, 0x00}));  // odd length
  CHECK_FALSE(accepted({0xfe, 0x04, 0xe2, 0xd4}));                    // too short
  CHECK_FALSE(accepted({0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd8}));        // other ExID
  CHECK_FALSE(accepted({0xfd, 0x06, 0xe2, 0xd4, 0xc3, 0xd9}));        // kind 253
  CHECK_FALSE(accepted({0xfe, 0x06, 0xf9, 0x89, 0x00, 0x00}));        // TFO experimental
  // Malformed option before it: Linux stops parsing, never reaches the SMC option.
  CHECK_FALSE(accepted({0x02, 0x01, 0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd9}));
  // After EOL nothing is parsed.
  CHECK_FALSE(accepted({0x00, 0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd9}));
}

TEST_CASE("malformed lists stop parsing without an error and keep their bytes") {
  for (wire::Bytes b : {wire::Bytes{0x02, 0x00, 0x05, 0xb4}, wire::Bytes{0x02, 0x01}, wire::Bytes{0x01, 0x02},
                        wire::Bytes{0x08, 0x0a, 0x00, 0x00}}) {
    auto l = TcpOptionList::decode(b);
    REQUIRE(l.ok());
    REQUIRE(l->malformed_at.has_value());
    CHECK(l->encode() == b);
  }
  auto l = decode_ok(wire::Bytes{0x01, 0x02, 0x05});  // NOP, then MSS running past the end
  CHECK(l.malformed_at == std::optional<std::size_t>(1));
  CHECK(l.options.size() == 1);
  CHECK_FALSE(l.mss().has_value());
  auto eol = decode_ok(wire::Bytes{0x01, 0x00, 0x00, 0x00});
  CHECK_FALSE(eol.malformed_at.has_value());
  CHECK(eol.trailing == wire::Bytes{0x00, 0x00});
  auto too_long = TcpOptionList::decode(wire::Bytes(41, 0x01));
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().kind == wire::DecodeErrorKind::BadLength);
}

TEST_CASE("kernel length checks for known kinds: wrong lengths are skipped") {
  auto l = decode_ok(wire::Bytes{0x02, 0x03, 0x05, 0x03, 0x04, 0x00, 0x08, 0x04, 0x00, 0x00});
  CHECK_FALSE(l.mss().has_value());             // MSS must be length 4
  CHECK_FALSE(l.window_scale().has_value());    // WS must be length 3
  CHECK_FALSE(l.timestamps().has_value());      // TS must be length 10
  CHECK(decode_ok(wire::Bytes{0x02, 0x04, 0x05, 0xb4}).mss(false) == std::nullopt);  // MSS only on SYN
}

TEST_CASE("builder: Linux's SYN layout reproduces the captured SYN") {
  LinuxSynOptions want;
  want.mss = 1460;
  want.sack_permitted = true;
  want.timestamps = std::pair<std::uint32_t, std::uint32_t>{0x0b1eb373u, 0};
  want.window_scale = 7;
  want.smc = true;
  auto built = build_linux_syn_options(want);
  CHECK(built.smc_added);
  CHECK(built.options.encode() == load_vector("tests/tcp_option/vectors/capture_syn.hex"));
}

TEST_CASE("builder: the SMC option needs 8 free bytes of the 40") {
  TcpOptionBuilder b;
  for (int i = 0; i < 33; ++i) REQUIRE(b.add(TcpOption::nop()));
  CHECK(b.remaining() == 7);
  CHECK_FALSE(b.add_smc());
  CHECK(b.used() == 33);
  TcpOptionBuilder b2;
  for (int i = 0; i < 32; ++i) REQUIRE(b2.add(TcpOption::nop()));
  CHECK(b2.add_smc());
  CHECK(b2.used() == 40);
  CHECK_FALSE(b2.add(TcpOption::nop()));
  // A TFO cookie of 16 bytes + timestamps + MSS + WS leave no room for SMC.
  LinuxSynOptions want;
  want.mss = 1460;
  want.sack_permitted = true;
  want.timestamps = std::pair<std::uint32_t, std::uint32_t>{1, 0};
  want.window_scale = 7;
  want.fast_open_cookie = wire::Bytes(16, 0xaa);
  want.smc = true;
  auto built = build_linux_syn_options(want);
  CHECK(built.options.wire_size() == 4 + 12 + 4 + 20);
  CHECK_FALSE(built.smc_added);
  CHECK_FALSE(smc_option_accepted(built.options, true));
}

TEST_CASE("describe: tcp_options") {
  auto l = decode_ok(load_vector("tests/tcp_option/vectors/capture_syn.hex"));
  auto d = describe(l);
  CHECK(d.type == "tcp_options");
  CHECK(d.length == 28);
  REQUIRE(d.fields.size() >= 1);
  CHECK(d.fields[0].name == "options");
  const auto& last = d.fields[0].children.back();
  bool saw_exid = false;
  for (const auto& f : last.children)
    if (f.name == "exid") saw_exid = f.value == "0xe2d4c3d9";
  CHECK(saw_exid);
}

TEST_CASE("property: any byte string up to 40 bytes decodes and re-encodes exactly") {
  CHECK(rc::check("options round trip", [] {
    const auto n = *rc::gen::inRange<std::size_t>(0, kMaxTcpOptionSpace + 1);
    wire::Bytes b;
    for (std::size_t i = 0; i < n; ++i)
      b.push_back(*rc::gen::oneOf(rc::gen::arbitrary<std::uint8_t>(), rc::gen::element<std::uint8_t>(0, 1, 2, 4, 6, 254)));
    auto l = TcpOptionList::decode(b);
    RC_ASSERT(l.ok());
    RC_ASSERT(l->encode() == b);
    auto l2 = TcpOptionList::decode(l->encode());
    RC_ASSERT(*l2 == *l);
  }));
}

TEST_CASE("property: the SMC option is found wherever it fits in a well-formed list") {
  CHECK(rc::check("smc anywhere", [] {
    TcpOptionBuilder b;
    const auto before = *rc::gen::inRange<int>(0, 33);
    for (int i = 0; i < before; ++i) b.add(TcpOption::nop());
    RC_ASSERT(b.add_smc());
    RC_ASSERT(smc_option_accepted(b.list().encode(), true));
    RC_ASSERT(!smc_option_accepted(b.list().encode(), false));
  }));
}
