#pragma once
// The server's checks on a received Proposal before any device search
// (fallback-causes.md §2.3 S4 validation, S7 version check, S8 v2.1 limits).
#include "protocol/common/result.h"
#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/clc_content.h"
#include "protocol/negotiation/engine_profile.h"

namespace smc::negotiation {

// S4: structural validity beyond framing. False means a hard error: the server drops the
// connection without a Decline. A v1 Proposal offering nothing is always invalid; on profiles
// with the Dec-2024 validation (6.13, 6.6.68) so is a v2 Proposal that offers a v2 type without
// the v2 extension, or SMC-Dv2 without the SMC-Dv2 extension.
bool proposal_is_valid(const ProposalContent& p, const EngineProfile& profile);

// What survives S7, and the v2.1 values S8 negotiated.
struct ServerOfferPlan {
  bool d_v1 = false;
  bool r_v1 = false;
  bool d_v2 = false;
  bool r_v2 = false;
  std::uint8_t release = 0;
  std::uint8_t max_conns = 255;
  std::uint8_t max_links = 2;
};

// S7 then S8. S7 drops paths one by one and keeps the last code it set; it fails only if
// nothing at all is left (0x03010000 for a v2 Proposal offering no type, 0x03030004,
// 0x03030003, 0x03030005, 0x03030008). S8 runs only if a SMC-Rv2 path survived and the
// release is ≥ 1: min(proposed, sysctl) below 16 conns → 0x0303000a, below 1 link → 0x0303000b,
// even if a v1 path would have worked.
Result<ServerOfferPlan, DeclineCode> server_version_check(const ProposalContent& p, const HostSnapshot& host,
                                                   const EngineProfile& profile);

}  // namespace smc::negotiation
