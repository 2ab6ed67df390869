#pragma once
// Hands raw SMC bytes to the right codec (CLC, LLC, CDC, SMC-D CDC header, TCP option
// list) and returns what the codec says: a description (wire::MessageDescription) or its
// typed error, plus the codec's re-encoding so callers can check encode(decode(b)) == b.
// Used by `smcsim decode` and by the captures round-trip test.
#include <optional>
#include <string>
#include <vector>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/field_list.h"
#include "sim/pcap/smc_extractor.h"

namespace smc::pcap {

enum class MessageKind { Auto, Clc, Llc, Cdc, SmcdCdc, TcpOptions };
const char* to_string(MessageKind k);
std::optional<MessageKind> parse_message_kind(std::string_view text);  // "auto", "clc", "smcd-cdc", ...

struct DecodedMessage {
  MessageKind kind = MessageKind::Auto;  // the kind actually used (never Auto)
  std::size_t offset = 0;                // where the message starts in the input
  wire::Bytes bytes;                     // the message's own bytes
  std::optional<wire::MessageDescription> description;  // set iff decoded
  std::optional<wire::DecodeError> error;               // set iff not decoded
  wire::Bytes reencoded;                 // codec's encode() of the decoded value

  bool ok() const { return description.has_value(); }
};

// Auto: CLC if the bytes start with an SMC eyecatcher, 0xFE → CDC, else LLC.
MessageKind resolve_kind(MessageKind k, wire::ByteView bytes);

// One message; bytes beyond its length are part of it (the codec decides).
DecodedMessage decode_message(MessageKind kind, wire::ByteView bytes);

// Raw input holding one or more messages back to back. Each is delimited by its own
// length (CLC header length; LLC v1 44 or the v2 length field; CDC 44; SMC-D CDC 32); TCP
// options take the whole input. A message whose length cannot be trusted (below the
// minimum, or past the end) ends the walk: it is decoded with all remaining bytes so the
// codec reports the error.
std::vector<DecodedMessage> decode_concatenated(MessageKind kind, wire::ByteView bytes);

// A message found in a capture, decoded by its carrier: CLC, LLC/CDC by the first byte,
// the TCP option list of a SYN; an RDMA WRITE is described from its RETH (its payload is
// application data, not SMC).
DecodedMessage decode_extracted(const ExtractedMessage& m);

}  // namespace smc::pcap
