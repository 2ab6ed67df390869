#pragma once
// Any LLC message, and the receive-side dispatcher that applies the kernel's rules before
// handing the bytes to the right codec (wire-format.md §3.1).
#include <variant>

#include "protocol/llc/llc_add_link.h"
#include "protocol/llc/llc_add_link_continuation.h"
#include "protocol/llc/llc_announce_credits.h"
#include "protocol/llc/llc_confirm_link.h"
#include "protocol/llc/llc_confirm_rkey.h"
#include "protocol/llc/llc_confirm_rkey_continuation.h"
#include "protocol/llc/llc_delete_link.h"
#include "protocol/llc/llc_delete_rkey.h"
#include "protocol/llc/llc_request_add_link.h"
#include "protocol/llc/llc_test_link.h"

namespace smc::llc {

using LlcMessage = std::variant<LlcConfirmLink, LlcAddLink, LlcAddLinkContinuation, LlcDeleteLink, LlcRequestAddLink,
                                LlcConfirmRkey, LlcConfirmRkeyContinuation, LlcDeleteRkey, LlcTestLink,
                                LlcAnnounceCredits>;

// Dispatches on the type byte. Errors, in the kernel's order: unknown version nibble
// (BadVersion) or type without a handler (BadType — includes 0x05 in v1, 0x03/0x08 in
// v2, 0x0A unless opt.anolis, and Wireshark-only 0x80/0x8A), fewer than 44 bytes
// (Truncated), v1 length ≠ 44 or v2 length < 44 or beyond the buffer (BadLength), then
// the type's own checks.
wire::DecodeResult<LlcMessage> decode_llc(wire::ByteView bytes, const LlcCodecOptions& opt = {});
wire::Bytes encode_llc(const LlcMessage& m, const LlcCodecOptions& opt = {});
wire::MessageDescription describe(const LlcMessage& m);
LlcType type_of(const LlcMessage& m);
bool is_response(const LlcMessage& m);

}  // namespace smc::llc
