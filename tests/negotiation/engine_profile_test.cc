// EngineProfile is derived from profile::KernelProfile; the expected values come from
// fallback-causes.md §3.3, §9, §12 and wire-format.md §6.1 / §9, not from the profile table.
// Also the shared types the engine now uses: DeclineCode in the socket record (raw peer codes
// survive) and ports::IpAddress through the CLC adapter (GIDs and prefixes round-trip).
#include <doctest/doctest.h>

#include "protocol/handshake/clc_adapter.h"
#include "protocol/negotiation/client_offer.h"
#include "protocol/negotiation/engine_profile.h"
#include "protocol/profile/kernel_profile.h"
#include "protocol/socket/smc_socket_record.h"
#include "tests/handshake/handshake_harness.h"

using namespace smc::negotiation;
using smc::clc::DeclineCode;

TEST_CASE("linux-6.18 (baseline): wire-format §6.1 timers and the post-fix codes") {
  EngineProfile p = EngineProfile::by_name("linux-6.18");
  CHECK(p.name == "linux-6.18");
  CHECK(p.clc_wait == 6 * kSecond);
  CHECK(p.clc_short_wait == 1 * kSecond);
  CHECK(p.client_first_confirm_link == 4 * kSecond);
  CHECK(p.server_confirm_link == 2 * kSecond);
  CHECK(p.add_link_wait == 2 * kSecond);
  CHECK(p.server_prefix_mismatch_code == DeclineCode::DifferentPrefix);  // 0x03070000
  CHECK(p.server_rv1_no_device_code == DeclineCode::NoSmcDevice);        // 0x03030000
  CHECK(p.clc_timeout_errno == 110);                                      // ETIMEDOUT
  CHECK(p.strict_proposal_validation);                                    // §9 6.13
  CHECK(p.release == 1);                                                  // v2.1
  CHECK(p.feature_mask == 0x0001);  // wire-format §9 Proposal v2 vector: feature mask 0x0001
  CHECK(p.smcd_v2);
  CHECK(p.smcr_v2);
  CHECK_FALSE(p.v4_mapped_offers_v2);  // [lab 6.12]
  CHECK_FALSE(p.anolis);
}

TEST_CASE("linux-5.10: the 5.10–5.16 bucket of fallback-causes §9") {
  EngineProfile p = EngineProfile::linux_5_10();
  CHECK(p.server_rv1_no_device_code == DeclineCode::NoSmcRDevice);  // 0x03030002, §12 row 30
  CHECK(p.server_prefix_mismatch_code == DeclineCode::NoSmcDevice);  // before the late-2023 fix
  CHECK(p.client_vlan_failure_declines);                             // 0x03080000 on 4.19–5.16
  CHECK(p.clc_timeout_errno == 11);                                  // EAGAIN before ≈6.1
  CHECK(p.client_first_confirm_link == 2 * kSecond);                 // equal 2 s timers
  CHECK_FALSE(p.smcr_v2);
  CHECK(p.release == 0);
  CHECK(p.feature_mask == 0);
}

TEST_CASE("6.12 predates strict validation; 6.1 predates v2.1 and the prefix fix") {
  CHECK_FALSE(EngineProfile::linux_6_12().strict_proposal_validation);
  EngineProfile p = EngineProfile::linux_6_1();
  CHECK(p.release == 0);
  CHECK(p.server_prefix_mismatch_code == DeclineCode::NoSmcDevice);
  CHECK(p.clc_timeout_errno == 110);
  CHECK(EngineProfile::anolis_5_10_134().anolis);
  CHECK(EngineProfile::anolis_5_10_134().smcr_v2);  // eRDMA is SMC-Rv2
}

TEST_CASE("every kernel profile maps field for field; unknown names and default give the baseline") {
  for (const auto& k : smc::profile::all_profiles()) {
    CAPTURE(k.name);
    EngineProfile e = engine_profile_for(k);
    CHECK(e.name == k.name);
    CHECK(e.client_first_confirm_link == k.timers.client_first_confirm_link);
    CHECK(e.server_confirm_link == k.timers.llc_wait);
    CHECK(static_cast<std::uint32_t>(e.server_prefix_mismatch_code) == k.server_prefix_mismatch_code);
    CHECK(e.anolis == (k.vendor == smc::profile::Vendor::Anolis));
    CHECK(EngineProfile::by_name(k.name).name == k.name);
  }
  CHECK(EngineProfile::by_name("no-such-kernel").name == "linux-6.18");
  CHECK(EngineProfile{}.name == "linux-6.18");
}

TEST_CASE("socket record keeps a peer code DeclineCode does not name, as smcss shows it") {
  smc::socket::SmcSocketRecord r;
  CHECK_FALSE(r.fallback_rsn().has_value());
  r.record_peer_decline(static_cast<DeclineCode>(0x03990000u));
  CHECK(r.smcss_mode() == "TCP 0x05000000/0x03990000");
  CHECK(r.smcss().mode == smc::diag::DiagMode::FallbackTcp);
  CHECK(r.smcss().peer_code == 0x03990000u);
  CHECK(smc::diag::parse_smcss_mode(r.smcss_mode()) == r.smcss());
}

TEST_CASE("IPv4 RoCEv2 GID and IPv4/IPv6 prefixes survive the CLC adapter as ports::IpAddress") {
  auto o = build_client_offer(smc::test::baseline_host(1), smc::test::baseline_conn(1), EngineProfile::linux_6_18());
  REQUIRE(o.ok());
  auto back = smc::handshake::decode_proposal(smc::handshake::encode_proposal(o->proposal));
  REQUIRE(back.ok());
  CHECK(back->roce_v2_gid == IpAddress::v4(10, 0, 0, 1));  // ::ffff:10.0.0.1 on the wire
  CHECK(back->roce_v2_gid.is_v4());
  CHECK(back->ipv4_subnet == IpAddress::v4(10, 0, 0, 0));

  ProposalContent v6 = o->proposal;
  v6.ipv4_subnet = IpAddress{};
  v6.ipv6_prefixes = {*IpPrefix::parse("fd00:1::/64")};
  auto back6 = smc::handshake::decode_proposal(smc::handshake::encode_proposal(v6));
  REQUIRE(back6.ok());
  REQUIRE(back6->ipv6_prefixes.size() == 1);
  CHECK(back6->ipv6_prefixes[0] == *IpPrefix::parse("fd00:1::/64"));
}
