#pragma once
// LLC Confirm Link (type 0x01 / 0x21, 44 bytes): sent by the server on a new link, echoed
// by the client with the response flag. wire-format.md §3.2.
#include <array>
#include <cstdint>

#include "protocol/llc/llc_header.h"

namespace smc::llc {

inline constexpr std::uint8_t kFlagNoRmbeEyecatcher = 0x03;

struct LlcConfirmLink {
  LlcVersion version = LlcVersion::V1;
  bool response = false;
  // Linux always sets both low flag bits; a Confirm Link with neither means the peer
  // wants RMBE eyecatchers, which Linux refuses (Decline 0x03050000). Either bit counts
  // when decoding; encoding sets both.
  bool no_rmbe_eyecatcher = true;
  std::array<std::uint8_t, 6> sender_mac{};
  std::array<std::uint8_t, 16> sender_gid{};
  std::uint32_t sender_qp_num = 0;  // 24 bits
  std::uint8_t link_num = 0;        // server-assigned, 1–255
  std::uint32_t link_uid = 0;       // sender's opaque link id (diagnostics)
  std::uint8_t max_links = 0;
  std::uint8_t max_conns = 0;       // 0 unless SMC-Rv2 with peer release ≥ 1

  bool operator==(const LlcConfirmLink&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcConfirmLink> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcConfirmLink& m);

}  // namespace smc::llc
