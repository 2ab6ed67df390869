#pragma once
// Enterprise IDs (UEID, SEID) and the other 32-byte blank-padded texts of CLC (FCE host
// name). Decoders keep the 32 bytes exactly as received; whether they form a valid EID
// (§6.7: A-Z 0-9 '.' '-', first character alphanumeric, blank padded) is a separate
// question the negotiation asks, not a framing error.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace smc::clc {

inline constexpr std::size_t kEidLength = 32;
using PaddedText32 = std::array<std::uint8_t, 32>;

// Blank (0x20) padded; longer text is cut at 32 bytes.
PaddedText32 padded32(std::string_view text);
// The text without trailing blanks and NULs (an all-zero field gives "").
std::string unpadded(const PaddedText32& field);

struct Eid {
  PaddedText32 bytes{};

  static Eid from_string(std::string_view text) { return Eid{padded32(text)}; }
  std::string text() const { return unpadded(bytes); }
  bool is_zero() const;
  bool operator==(const Eid&) const = default;
};

// §6.7 validity: 1..32 characters of A-Z 0-9 '.' '-', the first alphanumeric, then only
// blanks up to 32 bytes.
bool is_valid_eid(const Eid& eid);

}  // namespace smc::clc
