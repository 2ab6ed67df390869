#pragma once
// The 8-byte header and 4-byte trailer that frame every CLC message (wire-format.md §2.1),
// and the small code vocabularies of byte 4 and byte 7.
#include <array>
#include <cstdint>
#include <optional>

#include "protocol/wire/byte_writer.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace smc::clc {

// Identities carried in CLC messages, byte for byte.
using PeerId = std::array<std::uint8_t, 8>;  // system ID: 2 random bytes + a RoCE port MAC
using Gid = std::array<std::uint8_t, 16>;
using Mac = std::array<std::uint8_t, 6>;

enum class ClcType : std::uint8_t { Proposal = 1, Accept = 2, Confirm = 3, Decline = 4 };

// EBCDIC "SMCR" / "SMCD". Linux sends SMCD only in SMC-D Accept/Confirm; receivers take
// either value in header and trailer, so a decoded message keeps the one it carried.
enum class Eyecatcher : std::uint32_t { Smcr = 0xe2d4c3d9, Smcd = 0xe2d4c3c4 };

// The 2-bit path code of byte 7 (typev1 / typev2 in a Proposal, the chosen path in
// Accept/Confirm).
enum class SmcType : std::uint8_t { R = 0, D = 1, None = 2, Both = 3 };

inline bool has_smcr(SmcType t) { return t == SmcType::R || t == SmcType::Both; }
inline bool has_smcd(SmcType t) { return t == SmcType::D || t == SmcType::Both; }

const char* to_string(ClcType t);
const char* to_string(Eyecatcher e);  // "SMCR" / "SMCD"
const char* to_string(SmcType t);     // "SMC-R", "SMC-D", "none", "SMC-R+SMC-D"
std::optional<Eyecatcher> eyecatcher_from(std::uint32_t v);

inline constexpr std::size_t kClcHeaderLength = 8;
inline constexpr std::size_t kClcTrailerLength = 4;
inline constexpr std::uint8_t kSmcV1 = 1;
inline constexpr std::uint8_t kSmcV2 = 2;

// Byte 7 = version (bits 7-4) + a per-kind low nibble (typev2/typev1 for a Proposal,
// FC + path for Accept/Confirm, out-of-sync for Decline).
struct ClcHeader {
  Eyecatcher eyecatcher = Eyecatcher::Smcr;
  ClcType type = ClcType::Proposal;
  std::uint16_t length = 0;
  std::uint8_t version = kSmcV1;  // 1..15; the kernel refuses 0
  std::uint8_t low_nibble = 0;
  bool operator==(const ClcHeader&) const = default;
};

void encode_header(wire::ByteWriter& w, const ClcHeader& h);
void encode_trailer(wire::ByteWriter& w, Eyecatcher e);

// What every Linux receiver checks after peeking 8 bytes: a known eyecatcher, a known
// type, version nibble != 0. The length is returned as is; each message checks it.
wire::DecodeResult<ClcHeader> decode_header(wire::ByteView msg);

// The same plus "type is the one expected": a receiver waiting for an Accept refuses a
// Proposal (EPROTO) but takes a Decline; the per-message decoders refuse anything else.
wire::DecodeResult<ClcHeader> decode_header_of(wire::ByteView msg, ClcType expected);

// Trailer eyecatcher at length-4 (SMCR or SMCD, independent of the header's).
wire::DecodeResult<Eyecatcher> decode_trailer(wire::ByteView msg, std::size_t length);

// Peek: total length of the CLC message at the start of a TCP byte stream, once its
// 8 header bytes are there (nullopt before). Framing only: no validity checks.
std::optional<std::uint16_t> peek_clc_length(wire::ByteView stream);

}  // namespace smc::clc
