#pragma once
// The kernel-version knobs the handshake decisions depend on (fallback-causes.md §9, §10),
// as a compact view of a profile::KernelProfile. Every value here is derived from the
// KernelProfile (engine_profile_for), never written down again, so a kernel's timers, code
// choices and features live in exactly one place: protocol/profile/kernel_profiles.cc.
#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/clc/decline_code.h"
#include "protocol/profile/kernel_profile.h"

namespace smc::negotiation {

// Durations in nanoseconds (integer time, as the simulator uses).
using Nanos = profile::DurationNs;
using profile::kSecond;

// Deliberate engine bugs, switched on only by tests that prove a fuzz-campaign invariant
// catches them (bits of EngineProfile::test_mutations; a real profile never sets them).
enum class EngineMutation : std::uint32_t {
  None = 0,
  ServerDeclinesAlways = 1u << 0,  // the server's device search finds nothing, whatever it has
  NondeterministicOffer = 1u << 1, // the client's offer depends on how often it was built before
};

struct EngineProfile {
  // The baseline kernel (profile::kBaselineProfile, linux-6.18).
  EngineProfile();

  std::string name;
  bool smcd_v2 = false;                // features.smcd_v2: SMC-Dv2 and version-2 Proposals
  bool smcr_v2 = false;                // features.smcr_v2
  std::uint8_t release = 0;            // max_smc_release: 1 = SMC v2.1 (6.7+)
  bool v4_mapped_offers_v2 = false;    // features.v4_mapped_v2 ([lab 6.12]: not on upstream)
  // A server whose v1 prefix check failed: 0x03070000 after the late-2023 fix, else
  // 0x03030000. Only the fixed code is stored as a first error on the way (§3.4).
  clc::DeclineCode server_prefix_mismatch_code{};
  // R-only v1 Proposal and no server device: 0x03030002 on 5.10–5.16, else 0x03030000.
  clc::DeclineCode server_rv1_no_device_code{};
  bool client_vlan_failure_declines = false;  // 4.19–5.16: Decline 0x03080000
  bool strict_proposal_validation = false;    // 6.13 / 6.6.68: malformed v2 Proposal is a hard error
  bool anolis = false;                 // vendor Anolis: 0x030c0000 client release check
  bool vendor_options = false;         // features.vendor_options: Anolis option word, 0x0303000c
  std::uint32_t vendor_options_default = 0;  // sysctls.vendor_options (Anolis: all bits)
  int clc_timeout_errno = 0;           // ETIMEDOUT (110); EAGAIN (11) before ≈6.1
  Nanos clc_wait = 0;
  Nanos clc_short_wait = 0;            // Decline wait after an LLC timeout
  Nanos client_first_confirm_link = 0;
  Nanos server_confirm_link = 0;       // timers.llc_wait
  Nanos add_link_wait = 0;             // timers.client_add_link_wait
  std::uint16_t feature_mask = 0;      // clc_feature_mask: v2.1 supplemental features
  std::uint32_t test_mutations = 0;    // EngineMutation bits; tests only, never from a KernelProfile

  bool mutated(EngineMutation m) const { return (test_mutations & static_cast<std::uint32_t>(m)) != 0; }

  static EngineProfile linux_5_10() { return by_name("linux-5.10"); }
  static EngineProfile linux_6_1() { return by_name("linux-6.1"); }
  static EngineProfile linux_6_12() { return by_name("linux-6.12"); }
  static EngineProfile linux_6_18() { return by_name("linux-6.18"); }
  static EngineProfile anolis_5_10_134() { return by_name("anolis-5.10.134"); }
  // Through profile::profile_by_name ("linux-6.12"); unknown names give the baseline.
  static EngineProfile by_name(std::string_view name);

 private:
  struct Blank {};
  explicit EngineProfile(Blank) {}
  friend EngineProfile engine_profile_for(const profile::KernelProfile& kernel);
};

EngineProfile engine_profile_for(const profile::KernelProfile& kernel);

}  // namespace smc::negotiation
