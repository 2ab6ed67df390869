#pragma once
// Any CLC message: decode by the type byte, frame in a TCP byte stream, describe for
// humans and tools (field names are stable snake_case keys; see field_list.h).
#include <cstdint>
#include <optional>
#include <variant>

#include "protocol/clc/clc_accept_confirm.h"
#include "protocol/clc/clc_decline.h"
#include "protocol/clc/clc_proposal.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/field_list.h"

namespace smc::clc {

using ClcMessage = std::variant<ClcProposal, ClcAcceptConfirm, ClcDecline>;

ClcType clc_type(const ClcMessage& m);
wire::Bytes encode(const ClcMessage& m);

// Dispatches on byte 4 after the common header checks.
wire::DecodeResult<ClcMessage> decode_clc(wire::ByteView msg);

// Length of the message at the start of a TCP byte stream (from its 8-byte header);
// nullopt while fewer than 8 bytes are there. A length below 8 is returned as is: the
// framer must treat it as a protocol error, not wait for it.
std::optional<std::size_t> clc_message_length(wire::ByteView stream);

wire::MessageDescription describe(const ClcProposal& m);
wire::MessageDescription describe(const ClcAcceptConfirm& m);
wire::MessageDescription describe(const ClcDecline& m);
wire::MessageDescription describe(const ClcMessage& m);

}  // namespace smc::clc
