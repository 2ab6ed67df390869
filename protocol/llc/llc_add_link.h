#pragma once
// LLC Add Link (type 0x02 / 0x22): offers a new link of the link group (server request,
// client response; a v1 client may also send a request only to suggest one). In an
// SMC-Rv2 link group the message carries, after the 44-byte v1 body, the Add Link v2
// extension with the sender's rkeys for the new link (wire-format.md §3.2, §11.2):
//
//   +0 bit 7 v2_direct   +1 rsv   +2 16-byte target GID   +18 8 rsv
//   +26 16-bit rkey count r (host order in Linux: little-endian on x86_64, §11.3)
//   +28 r × {rkey on existing link (4), rkey on new link (4), RMB address on new link (8)}
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/llc/llc_header.h"

namespace smc::llc {

inline constexpr std::uint8_t kFlagAddLinkReject = 0x40;
inline constexpr std::size_t kAddLinkV2ExtensionSize = 28;  // before the rkey list
inline constexpr std::size_t kLlcRkeyPairSize = 16;
inline constexpr std::size_t kAddLinkV2MaxRkeys = 255;      // SMC_LLC_RKEYS_PER_MSG_V2

// One RMB as seen through the old and the new link (Add Link v2 / Add Link Continuation).
struct LlcRkeyPair {
  std::uint32_t rkey = 0;           // rkey on the existing link
  std::uint32_t rkey_new = 0;       // rkey on the new link
  std::uint64_t rmb_vaddr_new = 0;  // RMB address on the new link
  bool operator==(const LlcRkeyPair&) const = default;
};

struct LlcAddLinkV2Extension {
  bool v2_direct = false;
  std::array<std::uint8_t, 16> client_target_gid{};  // the sender's GID for the new link
  std::vector<LlcRkeyPair> rkeys;                     // at most 255
  bool operator==(const LlcAddLinkV2Extension&) const = default;
};

struct LlcAddLink {
  LlcVersion version = LlcVersion::V1;
  bool response = false;
  bool reject = false;
  // v1 only (byte 2 bits 3–0; AddLinkRejectReason). In v2 the length field overlays it,
  // so Linux's v2 reject carries no usable reason; it must be 0 to encode a v2 message.
  std::uint8_t reject_reason = 0;
  std::array<std::uint8_t, 6> sender_mac{};
  std::array<std::uint8_t, 16> sender_gid{};
  std::uint32_t sender_qp_num = 0;  // 24 bits
  std::uint8_t link_num = 0;
  std::uint8_t qp_mtu = 0;          // 4 bits: IB MTU enum (3 = 1024)
  std::uint32_t initial_psn = 0;    // 24 bits
  std::uint8_t credits = 0;         // byte 36: Anolis initial credits; reserved upstream
  // v2 only. Present in every v2 request/response Linux sends; absent from a v2
  // reject, which Linux sends with length 44.
  std::optional<LlcAddLinkV2Extension> v2_extension;

  bool operator==(const LlcAddLink&) const = default;
  std::size_t wire_length() const;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcAddLink> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcAddLink& m);
wire::Field describe_rkey_pair(const LlcRkeyPair& p);

}  // namespace smc::llc
