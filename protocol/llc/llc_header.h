#pragma once
// The 4-byte LLC header (wire-format.md §3.1) and the kernel's acceptance rules that
// every LLC decoder applies first.
//
//   byte 0  bits 7–4 version (0 in v1 link groups, 2 in SMC-Rv2 link groups),
//           bits 3–0 message type
//   v1:     byte 1 length (always 44), byte 2 bits 3–0 Add Link reject reason
//   v2:     bytes 1–2 one 16-bit length (44–8192) that overlays both
//   byte 3  flags (0x80 response; the rest depends on the type)
//
// Linux declares the v2 length (and the Add Link v2 rkey count) as a plain host-order
// u16, so an x86_64 peer sends them little-endian (captures, wire-format.md §11.3) and an
// s390 peer big-endian. The byte order is therefore a codec parameter; the default is
// what was seen on the wire.
#include <cstdint>
#include <string>

#include "protocol/wire/byte_writer.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/field_list.h"

namespace smc::llc {

inline constexpr std::size_t kLlcMessageSize = 44;    // every v1 message, the v2 minimum
inline constexpr std::size_t kLlcV2MaxSize = 8192;    // Linux's v2 receive buffer

enum class LlcVersion : std::uint8_t { V1 = 0, V2 = 2 };

enum class LlcByteOrder {
  Little,  // Linux on x86_64 and other little-endian hosts (what the captures show)
  Big,     // Linux on s390 (and very likely what the IBM v2 specification means)
};

struct LlcCodecOptions {
  LlcByteOrder byte_order = LlcByteOrder::Little;
  // Accept Alibaba/Anolis' Announce Credits (type 0x0A). Upstream Linux has no handler
  // for it and drops it, so by default it is an unknown type.
  bool anolis = false;
};

enum class LlcType : std::uint8_t {
  ConfirmLink = 0x01,
  AddLink = 0x02,
  AddLinkContinuation = 0x03,  // v1 only
  DeleteLink = 0x04,
  RequestAddLink = 0x05,       // v2 only (0x25)
  ConfirmRkey = 0x06,
  TestLink = 0x07,
  ConfirmRkeyContinuation = 0x08,  // v1 only; Linux receives and ignores it
  DeleteRkey = 0x09,
  AnnounceCredits = 0x0A,      // Anolis only, v1 form
};

const char* to_string(LlcType type);   // "Confirm Link"
const char* type_key(LlcType type);    // "llc_confirm_link"
inline std::uint8_t type_byte(LlcVersion v, LlcType t) {
  return static_cast<std::uint8_t>(static_cast<std::uint8_t>(v) << 4 | static_cast<std::uint8_t>(t));
}
// Whether Linux registers a receive handler for this version/type pair (plus 0x0A when
// Anolis extensions are on).
bool type_known(LlcVersion v, LlcType t, bool anolis);

inline constexpr std::uint8_t kFlagResponse = 0x80;

// Reason in byte 2 bits 3–0 of a v1 Add Link reject (flag 0x40).
enum class AddLinkRejectReason : std::uint8_t { None = 0, NoAlternatePath = 1 };
const char* to_string(AddLinkRejectReason r);

struct LlcHeader {
  LlcVersion version = LlcVersion::V1;
  LlcType type = LlcType::ConfirmLink;
  std::uint16_t length = kLlcMessageSize;  // v1: byte 1; v2: bytes 1–2
  std::uint8_t reject_reason = 0;          // v1 only: byte 2 bits 3–0
  std::uint8_t flags = 0;

  bool response() const { return flags & kFlagResponse; }
};

// Applies, in the kernel's order: a type byte with a handler (unknown version nibble →
// BadVersion, unknown type → BadType), at least 44 bytes received (Truncated), v1
// length byte == 44, v2 length ≥ 44 and not beyond what was received (BadLength).
wire::DecodeResult<LlcHeader> decode_llc_header(wire::ByteView bytes, const LlcCodecOptions& opt = {});
// decode_llc_header plus "the type is `want`" (BadType otherwise): the first step of
// every message's decode().
wire::DecodeResult<LlcHeader> decode_llc_header_of(wire::ByteView bytes, LlcType want, const LlcCodecOptions& opt);

// Writes the 4 header bytes. For v2 the reject reason cannot be carried (the length
// overlays it), exactly as in Linux.
void encode_llc_header(wire::ByteWriter& w, const LlcHeader& h, LlcByteOrder order);
// Length as the 16-bit field of the v2 header or of the Add Link v2 rkey count.
std::uint16_t read_u16(wire::ByteView bytes, std::size_t off, LlcByteOrder order);
void put_u16(wire::ByteWriter& w, std::uint16_t v, LlcByteOrder order);

// Zero-fills the reserved tail of a message up to its length.
inline void pad_to(wire::ByteWriter& w, std::size_t length) {
  if (w.size() < length) w.zeros(length - w.size());
}

// The common head of every LLC description: type byte, version, length, flags.
wire::MessageDescription llc_description(const LlcHeader& h, std::string flag_names);

// Display helpers shared by the LLC messages.
std::string format_mac(const std::uint8_t* mac);   // "02:00:00:00:00:01"
std::string format_gid(const std::uint8_t* gid);   // IPv6 text, "::ffff:10.0.0.1"
std::string join_flag_names(std::initializer_list<std::pair<bool, const char*>> flags);

}  // namespace smc::llc
