// Decline codes against wire-format.md §2.6 and fallback-causes.md §4.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "protocol/clc/decline_code.h"

using namespace smc::clc;

TEST_CASE("table size: 36 upstream + 4 Anolis + 5 historical") {
  auto all = all_decline_codes();
  CHECK(all.size() == 45);
  int vendor = 0, legacy = 0;
  for (auto c : all) {
    vendor += is_vendor_code(c);
    legacy += is_legacy_code(c);
  }
  CHECK(vendor == 4);
  CHECK(legacy == 5);
  std::set<std::uint32_t> seen;
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto v = static_cast<std::uint32_t>(all[i]);
    CHECK(seen.insert(v).second);
    if (i) CHECK(static_cast<std::uint32_t>(all[i - 1]) < v);  // lookup relies on order
    CHECK(decline_code_from(v) == all[i]);
    CHECK(std::string(kernel_name(all[i])).rfind("SMC_CLC_DECL_", 0) == 0);
    CHECK(std::string(meaning(all[i])) != "unknown decline code");
  }
}

TEST_CASE("smcss hex, names and meanings") {
  CHECK(to_smcss_hex(DeclineCode::NoUeid) == "0x03030008");
  CHECK(to_smcss_hex(DeclineCode::NoActiveLink) == "0x030a0000");
  CHECK(to_smcss_hex(0x0303000Au) == "0x0303000a");
  CHECK(std::string(kernel_name(DeclineCode::NoUeid)) == "SMC_CLC_DECL_NOUEID");
  CHECK(std::string(meaning(DeclineCode::NoUeid)) == "peer sent no UEID");
  CHECK(std::string(kernel_name(DeclineCode::SyncError)) == "SMC_CLC_DECL_SYNCERR");
  CHECK(std::string(kernel_name(DeclineCode::DifferentPrefix)) == "SMC_CLC_DECL_DIFFPREFIX");
  CHECK(std::string(kernel_name(DeclineCode::CreditsError)) == "SMC_CLC_DECL_CREDITSERR");
  CHECK(std::string(kernel_name(DeclineCode::LegacyReply)) == "SMC_CLC_DECL_REPLY");
  CHECK(static_cast<std::uint32_t>(DeclineCode::NoSmcRDevice) == 0x03030002);
  CHECK(static_cast<std::uint32_t>(DeclineCode::NoIndirect) == 0x030f0000);
  CHECK(static_cast<std::uint32_t>(DeclineCode::ActiveFallback) == 0x03010001);
  CHECK(static_cast<std::uint32_t>(DeclineCode::VendorOptionsMismatch) == 0x0303000c);
  CHECK(static_cast<std::uint32_t>(DeclineCode::RequestLinkGroup) == 0x0303000d);
  CHECK(static_cast<std::uint32_t>(DeclineCode::CreditsError) == 0x09990004);
  CHECK(static_cast<std::uint32_t>(DeclineCode::LegacyInternalError) == 0x99990000);
}

TEST_CASE("unknown values are not codes") {
  CHECK_FALSE(decline_code_from(0).has_value());
  CHECK_FALSE(decline_code_from(0x0303000e).has_value());
  CHECK_FALSE(decline_code_from(0xffffffff).has_value());
}
