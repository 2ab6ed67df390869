// Expected values come from the reference: kernel-lab.md (measured 6.12 sysctls),
// fallback-causes.md §2.2 (timers), §4 (code totals), §8, §9 (history), wire-format §5/§6.1.
#include <doctest/doctest.h>

#include <set>

#include "protocol/profile/kernel_profile.h"

using namespace smc::profile;

namespace {
KernelProfile get(const char* name) {
  auto p = profile_by_name(name);
  REQUIRE_MESSAGE(p.has_value(), name);
  return *p;
}
}  // namespace

TEST_CASE("the required profiles and the §10 buckets exist, with unique names") {
  for (const char* n : {"linux-4.19", "linux-5.10", "linux-5.17", "linux-6.1", "linux-6.12", "linux-6.18",
                        "anolis-5.10.134", "anolis-6.6"}) {
    CHECK_MESSAGE(profile_by_name(n).has_value(), n);
  }
  std::set<std::string> names;
  for (const auto& p : all_profiles()) CHECK(names.insert(p.name).second);
  CHECK_FALSE(profile_by_name("linux-9.99").has_value());
  CHECK(profile_by_name(kBaselineProfile).has_value());
}

TEST_CASE("linux-6.12 sysctl defaults are the lab's measured values") {
  const auto p = get("linux-6.12");
  CHECK(p.sysctls.autocorking_size == 65536);
  CHECK(p.sysctls.limit_smc_hs == 0);
  CHECK(p.sysctls.rmem == 65536);
  CHECK(p.sysctls.wmem == 65536);
  CHECK(p.sysctls.smcr_buf_type == 0);
  CHECK(p.sysctls.smcr_max_conns_per_lgr == 255);
  CHECK(p.sysctls.smcr_max_links_per_lgr == 2);
  CHECK(p.sysctls.smcr_testlink_time == 30);
  // kernel-lab: "No smcr_max_send_wr/smcr_max_recv_wr, no hs_ctrl" on 6.12.
  CHECK_FALSE(p.sysctls.smcr_max_send_wr.has_value());
  CHECK_FALSE(p.sysctls.smcr_max_recv_wr.has_value());
  CHECK_FALSE(p.features.bpf_hs_ctrl);
  CHECK_FALSE(p.sysctls.tcp2smc.has_value());
}

TEST_CASE("Anolis differs where §8 says it does") {
  const auto a = get("anolis-5.10.134");
  CHECK(a.vendor == Vendor::Anolis);
  CHECK(a.sysctls.limit_smc_hs == 1);  // §8: limit_handshake = 1 vs upstream 0
  CHECK(a.features.tcp2smc);
  CHECK(a.features.negotiator_bpf);
  CHECK(a.features.vendor_options);
  CHECK(a.features.reserved_oob_ports);
  CHECK(a.pre_syn_opt_out_code == 0x03010001u);
  CHECK(a.timers.client_first_confirm_link == 2 * kSecond);  // §2.2 C19
  CHECK(get("linux-6.18").pre_syn_opt_out_code == 0x03010000u);
  CHECK(get("anolis-6.6").features.default_ueid);
}

TEST_CASE("timers follow wire-format §6.1 and the per-profile client Confirm Link wait") {
  const auto p = get("linux-6.18");
  CHECK(p.timers.clc_wait == 6 * kSecond);
  CHECK(p.timers.clc_short_wait == 1 * kSecond);
  CHECK(p.timers.llc_wait == 2 * kSecond);
  CHECK(p.timers.client_first_confirm_link == 4 * kSecond);
  CHECK(p.timers.llc_first_time_wait == 5 * kSecond);
  CHECK(p.timers.llc_flow_start == 20 * kSecond);
  CHECK(p.timers.lgr_free_server == 600 * kSecond);
  CHECK(p.timers.lgr_free_client == 610 * kSecond);
  CHECK(get("linux-5.10").timers.client_first_confirm_link == 2 * kSecond);  // §12 row 5: equal 2 s
  CHECK(get("linux-6.1").timers.client_first_confirm_link == 4 * kSecond);
}

TEST_CASE("RMBE cap, release and version history (§9, wire-format §5)") {
  CHECK(get("linux-6.1").rmbe_size_cap == 5);
  CHECK(get("linux-6.12").rmbe_size_cap == 15);
  CHECK(get("linux-6.18").rmbe_size_cap == 15);
  CHECK(get("linux-6.1").max_smc_release == 0);
  CHECK(get("linux-6.12").max_smc_release == 1);
  CHECK(get("linux-4.19").max_smc_version == 1);
  CHECK(get("linux-5.10").clc_timeout_errno == 11);   // EAGAIN before ≈6.1
  CHECK(get("linux-6.12").clc_timeout_errno == 110);  // ETIMEDOUT
  CHECK(get("linux-5.10").server_rv1_no_device_code == 0x03030002u);
  CHECK(get("linux-6.12").server_rv1_no_device_code == 0x03030000u);
  CHECK(get("linux-6.1").server_prefix_mismatch_code == 0x03030000u);
  CHECK(get("linux-6.12").server_prefix_mismatch_code == 0x03070000u);
  CHECK(get("linux-5.10").client_vlan_error_declines);
  CHECK_FALSE(get("linux-5.17").client_vlan_error_declines);
  CHECK(get("linux-5.17").tcp_ulp_forces_fallback);
  CHECK_FALSE(get("linux-6.1").tcp_ulp_forces_fallback);
  CHECK_FALSE(get("linux-4.19").fastopen_repoints_descriptor);  // quirk Q1
  CHECK(get("linux-6.12").features.loopback_ism);
  CHECK_FALSE(get("linux-6.1").features.loopback_ism);
  CHECK_FALSE(get("linux-6.12").features.v4_mapped_v2);  // [lab 6.12]
  CHECK(get("linux-6.18").features.strict_proposal_validation);
  CHECK(get("linux-6.18").features.bpf_hs_ctrl);
}

TEST_CASE("code sets: 36 upstream constants on 6.7+, 40 on Anolis (§4 totals)") {
  CHECK(get("linux-6.12").codes.size() == 36);
  CHECK(get("linux-6.18").codes.size() == 36);
  CHECK(get("anolis-5.10.134").codes.size() == 40);
  const auto old = get("linux-5.10");
  CHECK(old.has_code(0x03030008));
  CHECK_FALSE(old.has_code(0x030e0000));  // SMC-Rv2 codes from ≈5.17
  CHECK_FALSE(old.has_code(0x03030009));  // v2.1 from 6.7
  CHECK_FALSE(get("linux-4.19").has_code(0x03030003));
  CHECK(get("linux-5.17").has_code(0x030f0000));
  CHECK_FALSE(get("linux-6.18").has_code(0x03010001));
}

TEST_CASE("never-produced codes are not producible anywhere (§4, §5)") {
  for (const auto& p : all_profiles()) {
    CAPTURE(p.name);
    CHECK_FALSE(p.can_produce(0x02020000));  // TIMEOUT_AL
    CHECK_FALSE(p.can_produce(0x03030006));  // NOSEID
    CHECK(p.can_produce(0x03030000));
    for (auto c : p.never_produced) CHECK(p.has_code(c));
  }
  CHECK_FALSE(get("linux-6.18").can_produce(0x030c0000));   // upstream never
  CHECK(get("anolis-5.10.134").can_produce(0x030c0000));     // Anolis client
  CHECK_FALSE(get("linux-6.18").can_produce(0x03030004));   // strict validation
  CHECK(get("linux-6.12").can_produce(0x03030004));
  CHECK_FALSE(get("linux-6.1").can_produce(0x03070000));    // before the prefix fix
  CHECK(get("linux-6.12").can_produce(0x03070000));
  CHECK_FALSE(get("anolis-5.10.134").can_produce(0x0303000d));
}

TEST_CASE("every profile cites its quirks") {
  for (const auto& p : all_profiles()) {
    CAPTURE(p.name);
    CHECK_FALSE(p.covers.empty());
    for (const auto& q : p.quirks) {
      CHECK_FALSE(q.id.empty());
      CHECK_FALSE(q.reference.empty());
    }
  }
}
