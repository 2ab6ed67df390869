#pragma once
// LLC Test Link (type 0x07 / 0x27, 44 bytes): a keepalive on one link; 16 bytes of user
// data (Linux sends zeros) echoed in the response; 20–43 reserved.
#include <array>
#include <cstdint>

#include "protocol/llc/llc_header.h"

namespace smc::llc {

struct LlcTestLink {
  LlcVersion version = LlcVersion::V1;
  bool response = false;
  std::array<std::uint8_t, 16> user_data{};

  bool operator==(const LlcTestLink&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcTestLink> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcTestLink& m);

}  // namespace smc::llc
