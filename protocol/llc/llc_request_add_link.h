#pragma once
// LLC Request Add Link (type 0x25, SMC-Rv2 only): a client asks the server to add a link
// and lists its GIDs (first the current link's, then alternates). 4–23 reserved, 24 GID
// count k, 25–27 reserved, 28 k × 16-byte GIDs; length 28 + 16k but never below 44.
// The server's response (0x80) has a zeroed body and length 44. wire-format.md §3.2.
#include <array>
#include <cstdint>
#include <vector>

#include "protocol/llc/llc_header.h"

namespace smc::llc {

struct LlcRequestAddLink {
  bool response = false;
  std::vector<std::array<std::uint8_t, 16>> gids;  // at most 255

  bool operator==(const LlcRequestAddLink&) const = default;
  std::size_t wire_length() const;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcRequestAddLink> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcRequestAddLink& m);

}  // namespace smc::llc
