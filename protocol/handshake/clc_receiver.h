#pragma once
// Framing CLC messages out of the TCP byte stream the way a Linux receiver does
// (wire-format.md §2.1): peek the 8-byte header; a version nibble of 0, an unknown
// eyecatcher, or a type that is neither the expected one nor a Decline is a protocol error
// at once (the server then drops the connection, the client fails with EPROTO); otherwise
// wait until the whole message is there. Bytes may arrive in any pieces.
#include <cstdint>

#include "protocol/clc/clc_header.h"
#include "protocol/wire/bytes.h"

namespace smc::handshake {

enum class FrameStatus : std::uint8_t { NeedMore, Message, ProtocolError };

struct Framed {
  FrameStatus status = FrameStatus::NeedMore;
  clc::ClcType type = clc::ClcType::Proposal;
  wire::Bytes message;  // the whole message when status == Message
};

// Looks at the front of `buffer`; on Message removes the message from it.
Framed take_clc_message(wire::Bytes& buffer, clc::ClcType expected);

}  // namespace smc::handshake
