#pragma once
// LLC Confirm RKey (type 0x06 / 0x26, 44 bytes): the owner of a new RMB announces its
// rkeys on every link; the peer echoes the message with the response flag (and with
// negative + retry on failure). wire-format.md §3.2:
//   4 number of additional entries (0–2), 5 rkey on the carrying link, 9 RMB address,
//   17 and 30: entries {link number (1), rkey (4), address (8)}, 43 reserved.
#include <cstdint>
#include <vector>

#include "protocol/llc/llc_header.h"
#include "protocol/wire/byte_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::llc {

inline constexpr std::uint8_t kFlagRkeyNegative = 0x20;
inline constexpr std::uint8_t kFlagRkeyRetry = 0x10;
inline constexpr std::size_t kConfirmRkeyMaxEntries = 2;
inline constexpr std::size_t kLlcRtokenSize = 13;

// An RMB as seen through one link (Confirm RKey entries).
struct LlcRtoken {
  std::uint8_t link_num = 0;
  std::uint32_t rkey = 0;
  std::uint64_t rmb_vaddr = 0;
  bool operator==(const LlcRtoken&) const = default;
};

// The 13-byte rtoken layout and the flag byte that Confirm RKey and its (v1) continuation share.
void encode_rtoken(wire::ByteWriter& w, const LlcRtoken& t);
// The caller has checked that [off, off + kLlcRtokenSize) is inside the message.
LlcRtoken decode_rtoken(const wire::ByteReader& r, std::size_t off);
std::uint8_t rkey_flags(bool response, bool negative, bool retry);

struct LlcConfirmRkey {
  LlcVersion version = LlcVersion::V1;
  bool response = false;
  bool negative = false;
  bool retry = false;
  std::uint32_t rkey = 0;        // on the link carrying this message
  std::uint64_t rmb_vaddr = 0;
  // Additional links, at most 2. Linux answers more than 3 with negative + retry and
  // uses only the first 2, so a count above 2 is refused here (CountOverLimit).
  std::vector<LlcRtoken> entries;

  bool operator==(const LlcConfirmRkey&) const = default;
  wire::Bytes encode(const LlcCodecOptions& opt = {}) const;
  static wire::DecodeResult<LlcConfirmRkey> decode(wire::ByteView bytes, const LlcCodecOptions& opt = {});
};

wire::MessageDescription describe(const LlcConfirmRkey& m);
wire::Field describe_rtoken(const LlcRtoken& t);

}  // namespace smc::llc
