// What `explain` prints, checked without a process.
#include <doctest/doctest.h>

#include <string>

#include "protocol/knowledge/explain.h"
#include "protocol/profile/kernel_profile.h"

using namespace smc::knowledge;

namespace {
std::string text(const char* in) {
  auto req = parse_explain_input(in);
  REQUIRE(req.has_value());
  return explain_text(*req).output;
}
bool has(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }
}  // namespace

TEST_CASE("a single code: name, meaning, side and step, kernels, causes, cases") {
  const auto out = text("0x03030004");
  CHECK(has(out, "SMC_CLC_DECL_NOV2EXT"));
  CHECK(has(out, "server; step S7"));
  CHECK(has(out, "linux-5.10"));
  CHECK(has(out, "decline/0x03030004-no-v2-ext"));
  CHECK(has(out, "fix:"));
  // §9 / §12 row 37: 6.13+ drops such a Proposal, so 6.18 does not produce it.
  const auto produced = out.substr(out.find("Produced by:"), out.find('\n', out.find("Produced by:")) - out.find("Produced by:"));
  CHECK_FALSE(has(produced, "linux-6.18"));
  CHECK(has(produced, "linux-6.12"));
}

TEST_CASE("profiles named by explain define the code") {
  for (const char* in : {"0x03030008", "0x030e0000", "0x09990004", "0x03070000"}) {
    const auto out = text(in);
    const auto line_at = out.find("Defined in:");
    const auto line = out.substr(line_at, out.find('\n', line_at) - line_at);
    const auto code = static_cast<std::uint32_t>(std::stoul(in, nullptr, 16));
    for (const auto& p : smc::profile::all_profiles()) {
      if (has(line, p.name.c_str())) CHECK_MESSAGE(p.has_code(code), p.name);
    }
  }
}

TEST_CASE("an smcss Mode explains both codes, local first") {
  const auto out = text("TCP 0x05000000/0x03030000");
  const auto a = out.find("0x05000000  SMC_CLC_DECL_PEERDECL");
  const auto b = out.find("0x03030000  SMC_CLC_DECL_NOSMCDEV");
  CHECK(a != std::string::npos);
  CHECK(b != std::string::npos);
  CHECK(a < b);
  CHECK(has(out, "(local)"));
  CHECK(has(out, "(peer)"));
  // A whole row of the seed's example also works.
  CHECK(has(text("ACTIVE 00000 0156721 192.168.99.21:60188 192.168.99.22:8090 0000 TCP 0x03010000"),
            "SMC_CLC_DECL_PEERNOSMC"));
  CHECK(has(text("SMCR"), "no fallback"));
}

TEST_CASE("unknown codes and garbage") {
  auto req = parse_explain_input("0x12345678");
  REQUIRE(req.has_value());
  auto r = explain_text(*req);
  CHECK_FALSE(r.all_known);
  CHECK(has(r.output, "unknown"));
  CHECK_FALSE(parse_explain_input("hello").has_value());
  CHECK_FALSE(parse_explain_input("").has_value());
  CHECK_FALSE(parse_explain_input("TCP 0xabc/zzz").has_value());
}

TEST_CASE("JSON carries the same facts") {
  auto req = parse_explain_input("TCP 0x05000000/0x03030008");
  REQUIRE(req.has_value());
  auto r = explain_json(*req);
  CHECK(r.all_known);
  CHECK(r.output.front() == '{');
  CHECK(has(r.output, "\"mode\":\"TCP\""));
  CHECK(has(r.output, "\"code\":\"0x03030008\",\"role\":\"peer\""));
  CHECK(has(r.output, "\"decline/0x03030008-no-ueid\""));
  CHECK(has(r.output, "\"constant\":\"SMC_CLC_DECL_NOUEID\""));
}
