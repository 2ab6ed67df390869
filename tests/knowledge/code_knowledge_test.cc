// The knowledge base against fallback-causes.md §4 (codes, detecting side, Decline column),
// §9 (which kernels define a code, via the profiles), §12 (one case id per matrix row) and
// docs/cause-codes.md (lists every code and case id).
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <fmt/core.h>

#include "protocol/knowledge/case_ids.h"
#include "protocol/knowledge/code_knowledge.h"
#include "protocol/profile/kernel_profile.h"

using namespace smc::knowledge;
using smc::profile::all_profiles;
using smc::profile::profile_by_name;

namespace {
// §4 summary table, in its order: 40 distinct values (36 upstream + 4 Anolis).
constexpr std::uint32_t kSection4[] = {
    0x01010000, 0x02010000, 0x02020000, 0x03000000, 0x03010000, 0x03010001, 0x03020000, 0x03030000,
    0x03030001, 0x03030002, 0x03030003, 0x03030004, 0x03030005, 0x03030006, 0x03030007, 0x03030008,
    0x03030009, 0x0303000a, 0x0303000b, 0x0303000c, 0x0303000d, 0x03040000, 0x03050000, 0x03060000,
    0x03070000, 0x03080000, 0x03090000, 0x030a0000, 0x030b0000, 0x030c0000, 0x030d0000, 0x030e0000,
    0x030f0000, 0x04000000, 0x05000000, 0x09990000, 0x09990001, 0x09990002, 0x09990003, 0x09990004};
constexpr std::uint32_t kAnolisOnly[] = {0x03010001, 0x0303000c, 0x0303000d, 0x09990004};
// wire-format §2.6 history: Linux 4.11–4.14.
constexpr std::uint32_t kHistorical[] = {0x02000000, 0x02040000, 0x06000000, 0x07000000, 0x99990000};

std::string hex(std::uint32_t c) { return fmt::format("0x{:08x}", c); }
}  // namespace

TEST_CASE("every code of §4 has an entry, and the totals match") {
  CHECK(std::size(kSection4) == 40);
  for (auto c : kSection4) {
    CAPTURE(hex(c));
    const CodeKnowledge* k = find_code(c);
    REQUIRE(k != nullptr);
    CHECK_FALSE(k->summary.empty());
    CHECK_FALSE(k->causes.empty());
    CHECK(code_constant(c).rfind("SMC_CLC_DECL_", 0) == 0);
  }
  int anolis = 0;
  for (const auto& k : all_code_knowledge()) anolis += k.origin == CodeOrigin::Anolis;
  CHECK(anolis == 4);
  for (auto c : kAnolisOnly) CHECK(find_code(c)->origin == CodeOrigin::Anolis);
  for (auto c : kHistorical) {
    REQUIRE(find_code(c) != nullptr);
    CHECK(find_code(c)->origin == CodeOrigin::Historical);
  }
  CHECK(all_code_knowledge().size() == 45);
  CHECK(find_code(0x12345678) == nullptr);
}

TEST_CASE("the Decline column of §4") {
  // "no" in §4's Decl. column.
  CHECK(find_code(0x03010000)->wire == WireUse::LocalOrDecline);
  CHECK(find_code(0x03010001)->wire == WireUse::LocalOnly);
  CHECK(find_code(0x03060000)->wire == WireUse::LocalOnly);
  CHECK(find_code(0x05000000)->wire == WireUse::LocalOnly);
  CHECK(find_code(0x02020000)->wire == WireUse::NeverProduced);
  CHECK(find_code(0x03030006)->wire == WireUse::NeverProduced);
  CHECK(find_code(0x0303000d)->wire == WireUse::Internal);
  for (auto c : {0x01010000u, 0x03030000u, 0x03070000u, 0x030e0000u, 0x04000000u, 0x09990003u}) {
    CAPTURE(hex(c));
    CHECK(find_code(c)->wire == WireUse::Decline);
    // §4 "Peer shows": the peer records PEERDECL with this code.
    CHECK(std::string(find_code(c)->peer_shows).find("0x05000000/" + hex(c)) != std::string::npos);
  }
  // §4 Det. column samples.
  CHECK(find_code(0x030e0000)->detected_by == "client");
  CHECK(find_code(0x03070000)->detected_by == "server");
  CHECK(find_code(0x03030000)->steps == "C6 / S9");
}

TEST_CASE("each code's kernels are exactly the profiles that define it (§9)") {
  for (const auto& k : all_code_knowledge()) {
    CAPTURE(hex(k.code));
    std::set<std::string> claimed(k.kernels.begin(), k.kernels.end());
    CHECK(claimed.size() == k.kernels.size());
    for (const auto& name : claimed) {
      auto p = profile_by_name(name);
      REQUIRE_MESSAGE(p.has_value(), name);
      CHECK_MESSAGE(p->has_code(k.code), name);
    }
    for (const auto& p : all_profiles()) {
      if (p.has_code(k.code)) CHECK_MESSAGE(claimed.count(p.name) == 1, p.name);
    }
  }
  // And every code any profile defines is in the knowledge base.
  for (const auto& p : all_profiles()) {
    for (auto c : p.codes) CHECK_MESSAGE(find_code(c) != nullptr, hex(c));
  }
}

TEST_CASE("case ids: one per §12 row, well-formed, consistent with their code") {
  std::set<std::string_view> ids, rows;
  for (const auto& c : all_case_ids()) {
    CAPTURE(c.id);
    CHECK(ids.insert(c.id).second);
    if (!c.matrix_row.empty()) CHECK(rows.insert(c.matrix_row).second);
    const std::string id(c.id);
    const auto slash = id.find('/');
    REQUIRE(slash != std::string::npos);
    const std::string kind = id.substr(0, slash);
    CHECK((kind == "success" || kind == "decline" || kind == "fallback" || kind == "error" || kind == "absent" ||
           kind == "seed"));
    // A matrix row names its code in its id; a seed case is named after the seed's section.
    CHECK(c.matrix_row.empty() == !c.source.empty());
    if (kind == "seed") continue;
    for (char ch : id) CHECK(((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '/'));
    if (kind == "success" || kind == "error") {
      CHECK(c.code == 0);
    } else {
      CHECK(id.substr(slash + 1, 11) == hex(c.code) + "-");
      REQUIRE(find_code(c.code) != nullptr);
      if (kind == "decline") CHECK(find_code(c.code)->wire != WireUse::LocalOnly);
      if (kind == "fallback") CHECK(find_code(c.code)->wire != WireUse::Decline);
    }
  }
  CHECK(rows.size() == 80);  // rows 0a–0c and 1–77 of §12
  CHECK(find_case("decline/0x03030008-no-ueid") != nullptr);
  CHECK(find_case("fallback/0x03010000-peer-no-smc") != nullptr);
}

TEST_CASE("every producible code has a case that reproduces it") {
  for (const auto& k : all_code_knowledge()) {
    if (k.origin == CodeOrigin::Historical || k.code == 0x05000000) continue;
    if (k.wire == WireUse::NeverProduced || k.wire == WireUse::Internal) {
      continue;
    }
    CHECK_MESSAGE(!cases_for_code(k.code).empty(), hex(k.code));
  }
  CHECK(cases_for_code(0x05000000).empty());
  std::size_t rows_03010000 = 0;
  for (const auto& c : cases_for_code(0x03010000)) rows_03010000 += c.matrix_row.empty() ? 0 : 1;
  CHECK(rows_03010000 == 9);  // §12 rows 10–18
}

TEST_CASE("docs/cause-codes.md lists every code and every case id") {
  const char* src = std::getenv("SMC_SOURCE_DIR");
  REQUIRE(src != nullptr);
  std::ifstream in(std::string(src) + "/docs/cause-codes.md");
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  for (const auto& k : all_code_knowledge()) {
    CHECK_MESSAGE(doc.find("| " + hex(k.code) + " |") != std::string::npos, hex(k.code));
  }
  for (const auto& c : all_case_ids()) {
    CHECK_MESSAGE(doc.find("`" + std::string(c.id) + "`") != std::string::npos, c.id);
  }
}
