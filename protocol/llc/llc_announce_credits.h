#pragma once
// Alibaba/Anolis LLC Announce Credits (type 0x0A, 44 bytes, not in upstream Linux): 4
// credits (1 byte), 5–43 reserved (wire-format.md §7). Part of Anolis' credit-based
// receive flow control, whose exact semantics are UNCERTAIN; upstream drops the type.
#include <cstdint>

#include "protocol/llc/llc_header.h"

namespace smc::llc {

struct LlcAnnounceCredits {
  bool response = false;
  std::uint8_t credits = 0;

  bool operator==(const LlcAnnounceCredits&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  // Decodes whatever opt.anolis says: asking for this type explicitly enables it.
  static wire::DecodeResult<LlcAnnounceCredits> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcAnnounceCredits& m);

}  // namespace smc::llc
