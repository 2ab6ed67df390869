#include "protocol/negotiation/server_version_check.h"

#include <algorithm>

namespace smc::negotiation {

bool proposal_is_valid(const ProposalContent& p, const EngineProfile& profile) {
  if (p.version == 1 && p.v1.none()) return false;
  if (p.ipv6_prefixes.size() > 8 || p.ueids.size() > 8 || p.ism_v2.size() > 8) return false;
  if (profile.strict_proposal_validation && p.version >= 2) {
    if (!p.v2.none() && !p.has_v2_ext) return false;
    if (p.v2.d && !p.has_smcd_v2_ext) return false;
  }
  return true;
}

Result<ServerOfferPlan, DeclineCode> server_version_check(const ProposalContent& p, const HostSnapshot& host,
                                                   const EngineProfile& profile) {
  ServerOfferPlan plan;
  plan.d_v1 = p.v1.d;
  plan.r_v1 = p.v1.r;
  std::optional<DeclineCode> rc;
  [&] {
    bool v2_proposal = p.version >= 2 && profile.smcd_v2;
    plan.d_v2 = v2_proposal && p.v2.d;
    plan.r_v2 = v2_proposal && p.v2.r && profile.smcr_v2;
    if (!plan.d_v2 && !plan.r_v2) {
      rc = DeclineCode::PeerNoSmc;
      return;
    }
    if (!p.has_v2_ext) {
      plan.d_v2 = plan.r_v2 = false;
      rc = DeclineCode::NoV2Extension;
      return;
    }
    if (plan.d_v2) {
      if (!host.has_v2_ism()) {
        plan.d_v2 = false;
        rc = DeclineCode::NoIsmV2Support;
      } else if (!p.has_smcd_v2_ext) {
        plan.d_v2 = false;
        rc = DeclineCode::NoSmcDV2Extension;
      } else if (p.ueids.empty() && !p.seid_flag) {
        plan.d_v2 = false;
        rc = DeclineCode::NoUeid;
      }
    }
    if (plan.r_v2 && p.ueids.empty()) {
      plan.r_v2 = false;
      rc = DeclineCode::NoUeid;
    }
    plan.release = std::min(p.release, profile.release);
  }();
  if (!plan.d_v1 && !plan.r_v1 && !plan.d_v2 && !plan.r_v2) return unexpected(rc.value_or(DeclineCode::PeerNoSmc));  // every path that clears the plan stores a code

  // S8
  if (plan.r_v2 && plan.release >= 1) {
    plan.max_conns = std::min(p.max_conns, host.sysctls.max_conns_per_lgr);
    if (plan.max_conns < 16) return unexpected(DeclineCode::MaxConnsMismatch);
    plan.max_links = std::min(p.max_links, host.sysctls.max_links_per_lgr);
    if (plan.max_links < 1) return unexpected(DeclineCode::MaxLinksMismatch);
  }
  return plan;
}

}  // namespace smc::negotiation
