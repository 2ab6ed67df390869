#pragma once
// LLC Delete Link (type 0x04 / 0x24, 44 bytes): 4 link number (0 with "all"), 5–8 reason
// code, big-endian and unaligned, 9–43 reserved (wire-format.md §3.2).
#include <cstdint>
#include <string>

#include "protocol/llc/llc_header.h"

namespace smc::llc {

inline constexpr std::uint8_t kFlagDeleteLinkAll = 0x40;
inline constexpr std::uint8_t kFlagDeleteLinkOrderly = 0x20;

// Any 32-bit value can arrive; the named ones are Linux's.
enum class DeleteLinkReason : std::uint32_t {
  Success = 0x00000000,
  LostPath = 0x00010000,
  OperatorInitiated = 0x00020000,
  ProgramInitiated = 0x00030000,
  ProtocolViolation = 0x00040000,
  AsymmetricNotNeeded = 0x00050000,
  UnknownLinkId = 0x00100000,     // response
  UnknownLinkGroup = 0x00200000,  // response
};

// "lost path" ...; "unknown reason" for values Linux does not define.
const char* to_string(DeleteLinkReason r);
// "0x00010000", the way smcss prints codes.
std::string to_hex(DeleteLinkReason r);

struct LlcDeleteLink {
  LlcVersion version = LlcVersion::V1;
  bool response = false;
  bool all = false;      // terminate the link group
  bool orderly = false;
  std::uint8_t link_num = 0;
  DeleteLinkReason reason = DeleteLinkReason::Success;

  bool operator==(const LlcDeleteLink&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcDeleteLink> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcDeleteLink& m);

}  // namespace smc::llc
