#pragma once
// Maps the negotiation's content values (protocol/negotiation/clc_content.h) to and from
// smc::clc messages, so decisions never touch byte layouts and the codec stays the one
// source of wire truth.
//
// One deliberate leniency: smc::clc refuses a v2 Proposal that offers a v2 type without a
// v2 extension (or SMC-Dv2 without its extension), which is what 6.13+ kernels do. Older
// servers accept such a Proposal and decline it (0x03030004 / 0x03030005), so decode_proposal
// re-reads it with the offending type bits masked and reports has_v2_ext / has_smcd_v2_ext
// false; proposal_is_valid() then decides per profile.
#include "protocol/clc/clc_message.h"
#include "protocol/negotiation/clc_content.h"
#include "protocol/wire/decode_error.h"

namespace smc::handshake {

wire::Bytes encode_proposal(const negotiation::ProposalContent& p);
wire::DecodeResult<negotiation::ProposalContent> decode_proposal(wire::ByteView msg);

// is_confirm selects the type byte; everything else is shared.
wire::Bytes encode_accept_confirm(const negotiation::AcceptConfirmContent& m, bool is_confirm);
negotiation::AcceptConfirmContent from_clc(const clc::ClcAcceptConfirm& m);

wire::Bytes encode_decline(const negotiation::DeclineContent& d);
negotiation::DeclineContent from_clc(const clc::ClcDecline& d);

}  // namespace smc::handshake
