#include "protocol/negotiation/engine_profile.h"

namespace smc::negotiation {

EngineProfile::EngineProfile() : EngineProfile(by_name(profile::kBaselineProfile)) {}

EngineProfile engine_profile_for(const profile::KernelProfile& k) {
  EngineProfile e{EngineProfile::Blank{}};
  e.name = k.name;
  e.smcd_v2 = k.features.smcd_v2;
  e.smcr_v2 = k.features.smcr_v2;
  e.release = static_cast<std::uint8_t>(k.max_smc_release);
  e.v4_mapped_offers_v2 = k.features.v4_mapped_v2;
  e.server_prefix_mismatch_code = static_cast<clc::DeclineCode>(k.server_prefix_mismatch_code);
  e.server_rv1_no_device_code = static_cast<clc::DeclineCode>(k.server_rv1_no_device_code);
  e.client_vlan_failure_declines = k.client_vlan_error_declines;
  e.strict_proposal_validation = k.features.strict_proposal_validation;
  e.anolis = k.vendor == profile::Vendor::Anolis;
  e.vendor_options = k.features.vendor_options;
  e.vendor_options_default = static_cast<std::uint32_t>(k.sysctls.vendor_options.value_or(0));
  e.clc_timeout_errno = k.clc_timeout_errno;
  e.clc_wait = k.timers.clc_wait;
  e.clc_short_wait = k.timers.clc_short_wait;
  e.client_first_confirm_link = k.timers.client_first_confirm_link;
  e.server_confirm_link = k.timers.llc_wait;
  e.add_link_wait = k.timers.client_add_link_wait;
  e.feature_mask = k.clc_feature_mask;
  return e;
}

EngineProfile EngineProfile::by_name(std::string_view name) {
  auto k = profile::profile_by_name(name);
  if (!k) k = profile::profile_by_name(profile::kBaselineProfile);
  // The baseline is in the table by construction (tests/profile checks it).
  return engine_profile_for(*k);
}

}  // namespace smc::negotiation
