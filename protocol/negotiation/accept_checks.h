#pragma once
// The client's checks on a received Accept and the server's on a received Confirm
// (fallback-causes.md §2.2 C11–C13, §2.3 S12; wire-format.md §6.7), in the kernel's order:
//   C11  the Accept's (type, version) must be among those offered            → 0x03040000
//   C12  SMC-Rv2 first contact, Accept says "not direct": route from our address
//        to the server's RoCE IP: none (or a non-IPv4 gateway) → 0x030e0000,
//        on-link → 0x030f0000; then adopt the FCE release (Anolis: newer than ours → 0x030c0000)
//        and, with release ≥ 1, max_conns ≥ 16 (0x0303000a), 1 ≤ max_links ≤ 2 (0x0303000b);
//        Anolis: the FCE's vendor options must still be enabled here (0x0303000c, vendor_options.h)
//   C12' SMC-Dv2 first contact: release adoption, then the CHID must be one we offered: else
//        a hard error (EPROTO), reported as ClientAcceptError::Protocol
//   C13  Accept says "not first contact" but we have no matching link group → 0x04000000
//        (Decline with the out-of-sync flag)
#include <variant>

#include "protocol/common/result.h"
#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/client_offer.h"
#include "protocol/negotiation/clc_content.h"
#include "protocol/negotiation/engine_profile.h"
#include "protocol/negotiation/server_device_search.h"

namespace smc::negotiation {

// A client check either declines with a code or, for C12', is a protocol error.
struct ClientAcceptError {
  std::optional<DeclineCode> code;  // nullopt with protocol_error = hard error EPROTO
  bool protocol_error = false;
};

Result<NegotiatedPath, ClientAcceptError> client_check_accept(const ClientOffer& offer,
                                                              const AcceptConfirmContent& accept,
                                                              const HostSnapshot& host,
                                                              const ConnectionContext& conn,
                                                              const EngineProfile& profile);

// S12: only for a v2 first-contact Confirm. Release must equal the Accept's (0x03030009); with
// release ≥ 1 on SMC-R, max_conns and max_links must equal the Accept's (0x0303000a / b).
std::optional<DeclineCode> server_check_confirm(const NegotiatedPath& accepted, const AcceptConfirmContent& confirm);

}  // namespace smc::negotiation
