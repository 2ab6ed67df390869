#pragma once
// LLC Add Link Continuation (type 0x03, v1 link groups only, 44 bytes): the rkeys of the
// existing RMBs for a new link, two per message (wire-format.md §3.2).
//
// Kernel layout: 4 link number, 5 rkey pairs still to send (this message included),
// 6–7 reserved, pairs at 8 and 24, 40–43 reserved. Wireshark's dissector reads the first
// rkey at offset 6 (wire-format.md §8 #2); this codec follows the kernel.
#include <cstdint>
#include <vector>

#include "protocol/llc/llc_add_link.h"

namespace smc::llc {

inline constexpr std::size_t kAddLinkContinuationPairs = 2;  // SMC_LLC_RKEYS_PER_CONT_MSG

struct LlcAddLinkContinuation {
  bool response = false;
  std::uint8_t link_num = 0;
  std::uint8_t num_rkeys = 0;  // pairs still to be sent by this side, these included
  // The pairs carried here: min(num_rkeys, 2) of them.
  std::vector<LlcRkeyPair> rkeys;

  bool operator==(const LlcAddLinkContinuation&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcAddLinkContinuation> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcAddLinkContinuation& m);

}  // namespace smc::llc
