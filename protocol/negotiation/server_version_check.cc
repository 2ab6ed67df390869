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

Result<ServerOfferPlan, Cause> server_version_check(const ProposalContent& p, const HostSnapshot& host,
                                                   const EngineProfile& profile) {
  ServerOfferPlan plan;
  plan.d_v1 = p.v1.d;
  plan.r_v1 = p.v1.r;
  Cause rc = Cause::None;
  [&] {
    bool v2_proposal = p.version >= 2 && profile.smcd_v2;
    plan.d_v2 = v2_proposal && p.v2.d;
    plan.r_v2 = v2_proposal && p.v2.r && profile.smcr_v2;
    if (!plan.d_v2 && !plan.r_v2) {
      rc = Cause::PeerNoSmc;
      return;
    }
    if (!p.has_v2_ext) {
      plan.d_v2 = plan.r_v2 = false;
      rc = Cause::NoV2Ext;
      return;
    }
    if (plan.d_v2) {
      if (!host.has_v2_ism()) {
        plan.d_v2 = false;
        rc = Cause::NoIsm2Supp;
      } else if (!p.has_smcd_v2_ext) {
        plan.d_v2 = false;
        rc = Cause::NoV2DExt;
      } else if (p.ueids.empty() && !p.seid_flag) {
        plan.d_v2 = false;
        rc = Cause::NoUeid;
      }
    }
    if (plan.r_v2 && p.ueids.empty()) {
      plan.r_v2 = false;
      rc = Cause::NoUeid;
    }
    plan.release = std::min(p.release, profile.release);
  }();
  if (!plan.d_v1 && !plan.r_v1 && !plan.d_v2 && !plan.r_v2) return unexpected(rc);

  // S8
  if (plan.r_v2 && plan.release >= 1) {
    plan.max_conns = std::min(p.max_conns, host.sysctls.max_conns_per_lgr);
    if (plan.max_conns < 16) return unexpected(Cause::MaxConnErr);
    plan.max_links = std::min(p.max_links, host.sysctls.max_links_per_lgr);
    if (plan.max_links < 1) return unexpected(Cause::MaxLinkErr);
  }
  return plan;
}

}  // namespace smc::negotiation
