#pragma once
// The kernel-version knobs the handshake decisions depend on (fallback-causes.md §9, §10).
// A local view until protocol/profile/ (KernelProfile) lands: a KernelProfile will be turned
// into one of these by a small adapter, so the decisions never read the full profile.
#include <cstdint>
#include <string>

namespace smc::negotiation {

// Durations in nanoseconds (integer time, as the simulator uses).
using Nanos = std::int64_t;
constexpr Nanos kSecond = 1'000'000'000;

struct EngineProfile {
  std::string name = "linux-6.18";
  bool smcd_v2 = true;                  // 5.10+: SMC-Dv2 and version-2 Proposals
  bool smcr_v2 = true;                  // 5.17+: SMC-Rv2
  std::uint8_t release = 1;             // 1 = SMC v2.1 (6.7+)
  bool v4_mapped_offers_v2 = false;     // [lab 6.12]: an AF_INET6 socket never offers SMC-Rv2
  bool prefix_mismatch_is_diffprefix = true;   // late-2023 fix: 0x03070000, before: 0x03030000
  bool r_v1_no_device_is_nosmcrdev = false;    // 5.10–5.16: R-only v1 with no device gives 0x03030002
  bool client_vlan_failure_declines = false;   // 4.19–5.16: client VLAN lookup failure, Decline 0x03080000
  bool strict_proposal_validation = true;      // 6.13 / 6.6.68: malformed v2 Proposal is a hard error
  bool anolis = false;                  // Anolis codes: 0x030c0000 client release check
  int clc_timeout_errno = 110;          // ETIMEDOUT; EAGAIN (11) before ≈6.1
  Nanos clc_wait = 6 * kSecond;
  Nanos clc_short_wait = 1 * kSecond;   // Decline wait after an LLC timeout
  Nanos client_first_confirm_link = 4 * kSecond;  // 2 s on Anolis 5.10 and before ≈6.0
  Nanos server_confirm_link = 2 * kSecond;
  Nanos add_link_wait = 2 * kSecond;
  std::uint16_t feature_mask = 0x0001;  // emulated-ISM support (v2.1)

  static EngineProfile linux_5_10();
  static EngineProfile linux_6_1();
  static EngineProfile linux_6_12();
  static EngineProfile linux_6_18();
  static EngineProfile anolis_5_10_134();
  // By name ("linux-6.12"); unknown names give linux-6.18.
  static EngineProfile by_name(const std::string& name);
};

}  // namespace smc::negotiation
