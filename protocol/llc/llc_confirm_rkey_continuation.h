#pragma once
// LLC Confirm RKey Continuation (type 0x08, v1 only, 44 bytes): more rtokens when a
// Confirm RKey could not carry them all. Linux never sends it (3 links fit in one
// Confirm RKey) and ignores it on receipt, but it is decodable. Layout of the kernel's
// former struct: 4 rkeys still to be sent (these included), then 3 rtokens
// {link number (1), rkey (4), address (8)} at 5, 18 and 31.
#include <cstdint>
#include <vector>

#include "protocol/llc/llc_confirm_rkey.h"

namespace smc::llc {

inline constexpr std::size_t kConfirmRkeyContinuationEntries = 3;

struct LlcConfirmRkeyContinuation {
  bool response = false;
  bool negative = false;
  bool retry = false;
  std::uint8_t num_rkeys = 0;       // still to be sent, these included
  std::vector<LlcRtoken> entries;   // min(num_rkeys, 3) of them

  bool operator==(const LlcConfirmRkeyContinuation&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcConfirmRkeyContinuation> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcConfirmRkeyContinuation& m);

}  // namespace smc::llc
