#pragma once
// LLC Delete RKey (type 0x09 / 0x29): the owner of an RMB withdraws its rkeys; the peer
// answers with the response flag. Kernel layout (wire-format.md §3.2, §11.2): 4 number
// of rkeys, 5 error byte, 6–7 reserved, 8 rkeys (4 bytes each). Wireshark reads the error
// mask at 4 and rkeys from 5 (§8 #3); this codec follows the kernel.
//
// The error byte means different things by version: v1 is a bit mask (bit 7−i set ⇒
// rkey i was unknown), v2 (0x29) is the number of unknown rkeys. v1 messages hold up to
// 8 rkeys (40–43 reserved); a v2 request may list up to 255 and then grows past 44
// bytes (length 8 + 4n); the v2 response keeps the count and zeroes the list.
#include <cstdint>
#include <vector>

#include "protocol/llc/llc_confirm_rkey.h"

namespace smc::llc {

inline constexpr std::size_t kDeleteRkeyV1Max = 8;  // SMC_LLC_DEL_RKEY_MAX

struct LlcDeleteRkey {
  LlcVersion version = LlcVersion::V1;
  bool response = false;
  bool negative = false;
  std::uint8_t num_rkeys = 0;
  std::uint8_t error_mask = 0;  // v1: bit mask; v2: count of unknown rkeys
  // The rkeys present in the message: v1 min(num_rkeys, 8); v2 min(num_rkeys, what the
  // length holds) — a v2 request must hold them all.
  std::vector<std::uint32_t> rkeys;

  bool operator==(const LlcDeleteRkey&) const = default;
  std::size_t wire_length() const;
  // v1: was rkey i (0-based) reported unknown? v2: how many were?
  bool v1_rkey_unknown(std::size_t i) const { return i < 8 && (error_mask >> (7 - i)) & 1; }
  std::uint8_t v2_unknown_count() const { return error_mask; }

  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcDeleteRkey> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcDeleteRkey& m);

}  // namespace smc::llc
