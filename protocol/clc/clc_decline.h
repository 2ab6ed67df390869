#pragma once
// CLC Decline (wire-format.md §2.6): 28 bytes in version 1, 44 in version 2 and later.
#include <array>
#include <cstdint>
#include <optional>

#include "protocol/clc/clc_header.h"
#include "protocol/clc/decline_code.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace smc::clc {

inline constexpr std::size_t kDeclineLengthV1 = 28;
inline constexpr std::size_t kDeclineLengthV2 = 44;

struct ClcDecline {
  Eyecatcher eyecatcher = Eyecatcher::Smcr;
  std::uint8_t version = kSmcV1;  // >= 2 selects the 44-byte layout
  bool out_of_sync = false;       // byte 7 bit 3; Linux sets it iff peer_diagnosis is 0x04000000
  PeerId peer_id{};
  std::uint32_t peer_diagnosis = 0;  // raw, so unknown codes survive; see diagnosis()
  std::uint8_t os_type = 0;          // byte 20 bits 7-4 (Linux: 0 in v1, 2 in v2)
  std::array<std::uint32_t, 4> additional_diagnosis{};  // v2 only (Linux sends zeros)
  // Linux never checks a Decline's trailer, so whatever arrived is kept and re-sent.
  std::array<std::uint8_t, 4> trailer{0xe2, 0xd4, 0xc3, 0xd9};

  std::optional<DeclineCode> diagnosis() const { return decline_code_from(peer_diagnosis); }
  std::size_t wire_length() const { return version >= kSmcV2 ? kDeclineLengthV2 : kDeclineLengthV1; }

  wire::Bytes encode() const;
  static wire::DecodeResult<ClcDecline> decode(wire::ByteView msg);
  bool operator==(const ClcDecline&) const = default;
};

}  // namespace smc::clc
