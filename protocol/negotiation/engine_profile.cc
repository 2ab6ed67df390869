#include "protocol/negotiation/engine_profile.h"

namespace smc::negotiation {

EngineProfile EngineProfile::linux_6_18() { return EngineProfile{}; }

EngineProfile EngineProfile::linux_6_12() {
  EngineProfile p;
  p.name = "linux-6.12";
  p.strict_proposal_validation = false;  // the Dec-2024 validation came with 6.13
  return p;
}

EngineProfile EngineProfile::linux_6_1() {
  EngineProfile p;
  p.name = "linux-6.1";
  p.release = 0;                            // v2.1 is 6.7
  p.prefix_mismatch_is_diffprefix = false;  // pre-fix bucket "6.1–6.6-pre-fix"
  p.strict_proposal_validation = false;
  p.feature_mask = 0;
  return p;
}

EngineProfile EngineProfile::linux_5_10() {
  EngineProfile p;
  p.name = "linux-5.10";
  p.smcr_v2 = false;
  p.release = 0;
  p.prefix_mismatch_is_diffprefix = false;
  p.r_v1_no_device_is_nosmcrdev = true;
  p.client_vlan_failure_declines = true;
  p.strict_proposal_validation = false;
  p.clc_timeout_errno = 11;  // EAGAIN
  p.client_first_confirm_link = 2 * kSecond;
  p.feature_mask = 0;
  return p;
}

EngineProfile EngineProfile::anolis_5_10_134() {
  EngineProfile p = linux_5_10();
  p.name = "anolis-5.10.134";
  p.smcr_v2 = true;  // eRDMA is SMC-Rv2 only
  p.anolis = true;
  return p;
}

EngineProfile EngineProfile::by_name(const std::string& name) {
  if (name == "linux-5.10") return linux_5_10();
  if (name == "linux-6.1") return linux_6_1();
  if (name == "linux-6.12") return linux_6_12();
  if (name == "anolis-5.10.134") return anolis_5_10_134();
  return linux_6_18();
}

}  // namespace smc::negotiation
