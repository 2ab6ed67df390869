#pragma once
// The client's device search and Proposal building (fallback-causes.md §2.2 C5–C8,
// wire-format.md §6.4), in the kernel's order:
//   C5 VLAN of the egress device (failure drops SMC-D v1 and all SMC-R; Decline 0x03080000
//      on 4.19–5.16 profiles);
//   C6 ISM v1 → RDMA v1 → ISM v2 → RDMA v2; nothing usable: 0x03030000;
//   C8 the IP prefix for a v1 offer: unreadable → drop v1 if v2 is offered, else 0x03000000.
// The Proposal's version is 2 on every SMC-v2-capable profile, whatever is offered.
#include <optional>
#include <vector>

#include "protocol/common/result.h"
#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/clc_content.h"
#include "protocol/negotiation/device_lookup.h"
#include "protocol/negotiation/engine_profile.h"

namespace smc::negotiation {

struct ClientOffer {
  ProposalContent proposal;
  std::optional<RdmaChoice> r_v1;
  std::optional<RdmaChoice> r_v2;
  std::optional<IsmChoice> d_v1;
  std::vector<IsmChoice> d_v2;
  std::string egress;
  std::uint16_t vlan = 0;
};

Result<ClientOffer, DeclineCode> build_client_offer(const HostSnapshot& host, const ConnectionContext& conn,
                                              const EngineProfile& profile);

// §3.2: a client Decline sent before any Accept is version 2 iff the host has a v2-capable ISM
// device (loopback-ism counts), so eRDMA/RoCE-only clients decline with v1 even after proposing v2.
std::uint8_t client_early_decline_version(const HostSnapshot& host, const EngineProfile& profile);

}  // namespace smc::negotiation
