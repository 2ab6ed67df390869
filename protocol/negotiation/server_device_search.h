#pragma once
// The server's device search, fallback-causes.md §3.4 ("first stored error wins"), 6.18
// order with the profile's historical variants:
//   1 ISM v2      none → store 0x03030007; no EID match → silent; setup error → store; ok → done
//   2 prefix      (only if v1 offered) mismatch → store 0x03070000 (0x03030000 era: not stored)
//   3 VLAN        lookup fails → rc or 0x03080000
//   4 ISM v1      (prefix ok, D v1 offered) none → store 0x03030001; setup error → store; ok → done
//   5 no SMC-R in the Proposal → rc or 0x03030001
//   6 RDMA v2     no common UEID → silent; no device → store 0x03030002; setup error → store
//   7 RDMA v1     (prefix ok) not offered / no device → 0x03030000 (0x03030002 on 5.10–5.16)
//                 if rc empty; setup error → store; return rc
//   8 prefix failed → 0x03070000 regardless of rc (0x03030000 before the late-2023 fix)
// "Setup" (link group / buffers / QP creation, reuse registration) is an input: the
// per-path outcome a test or the link layer wants, so the search stays a pure function.
#include <optional>

#include "protocol/common/result.h"
#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/clc_content.h"
#include "protocol/negotiation/device_lookup.h"
#include "protocol/negotiation/engine_profile.h"
#include "protocol/negotiation/server_version_check.h"

namespace smc::negotiation {

// Injected setup failures per path (None = setup succeeds).
struct PathSetupOutcomes {
  std::optional<DeclineCode> ism_v2;
  std::optional<DeclineCode> ism_v1;
  std::optional<DeclineCode> rdma_v2;
  std::optional<DeclineCode> rdma_v1;
};

struct ServerChoice {
  NegotiatedPath path;
  std::uint64_t ism_local_gid = 0;
};

// The server's EID choice for SMC-Dv2: the SEID if both have it enabled and it matches,
// else the first proposed UEID also in the local table. Empty: no match.
std::string negotiate_eid_smcd(const ProposalContent& p, const HostSnapshot& host);
// SMC-Rv2: the first proposed UEID also in the local table (no SEID).
std::string negotiate_eid_smcr(const ProposalContent& p, const HostSnapshot& host);

// Does the client's prefix area match an address of the server's egress netdev?
bool server_prefix_matches(const ProposalContent& p, const HostSnapshot& host, const std::string& egress);

Result<ServerChoice, DeclineCode> server_device_search(const ProposalContent& p, const ServerOfferPlan& plan,
                                                 const HostSnapshot& host, const ConnectionContext& conn,
                                                 const EngineProfile& profile,
                                                 const PathSetupOutcomes& setup = {});

}  // namespace smc::negotiation
