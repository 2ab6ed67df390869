#pragma once
// CLC Decline reason codes ("peer diagnosis"), wire-format.md §2.6 and
// fallback-causes.md §4/§5: every current upstream code, the Alibaba/Anolis additions
// and the codes of Linux 4.11-4.14 that were later renumbered (so old traces decode).
// The same values are the local fallback reasons that smcss prints.
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace smc::clc {

enum class DeclineCode : std::uint32_t {
  Mem = 0x01010000,
  TimeoutConfirmLink = 0x02010000,
  TimeoutAddLink = 0x02020000,
  ConfigError = 0x03000000,
  PeerNoSmc = 0x03010000,
  ActiveFallback = 0x03010001,  // Anolis
  Ipsec = 0x03020000,
  NoSmcDevice = 0x03030000,  // 4.11-4.14: IPsec
  NoSmcDDevice = 0x03030001,
  NoSmcRDevice = 0x03030002,
  NoIsmV2Support = 0x03030003,
  NoV2Extension = 0x03030004,
  NoSmcDV2Extension = 0x03030005,
  NoSeid = 0x03030006,
  NoSmcDV2Device = 0x03030007,
  NoUeid = 0x03030008,
  ReleaseMismatch = 0x03030009,
  MaxConnsMismatch = 0x0303000a,
  MaxLinksMismatch = 0x0303000b,
  VendorOptionsMismatch = 0x0303000c,  // Anolis
  RequestLinkGroup = 0x0303000d,       // Anolis, internal
  ModeUnsupported = 0x03040000,
  RmbeEyecatcher = 0x03050000,
  OptionUnsupported = 0x03060000,
  DifferentPrefix = 0x03070000,
  GetVlanError = 0x03080000,
  IsmVlanError = 0x03090000,
  NoActiveLink = 0x030a0000,
  NoServerLink = 0x030b0000,
  VersionMismatch = 0x030c0000,
  MaxDmb = 0x030d0000,
  NoRoute = 0x030e0000,
  NoIndirect = 0x030f0000,
  SyncError = 0x04000000,
  PeerDeclined = 0x05000000,
  InternalError = 0x09990000,
  RtokenError = 0x09990001,
  ReadyLinkError = 0x09990002,
  RegisterBufferError = 0x09990003,
  CreditsError = 0x09990004,  // Anolis
  // Linux 4.11-4.14 only (renumbered in 4.19):
  LegacyTimeout = 0x02000000,
  LegacyTimeoutConfirmQp = 0x02040000,
  LegacyReply = 0x06000000,
  LegacySend = 0x07000000,
  LegacyInternalError = 0x99990000,
};

// Every enumerator, in ascending numeric order.
std::span<const DeclineCode> all_decline_codes();

// "0x03030008": 8 lower-case hex digits, as smcss prints. Takes raw values too, since a
// Decline may carry a code this table does not know.
std::string to_smcss_hex(std::uint32_t code);
inline std::string to_smcss_hex(DeclineCode code) { return to_smcss_hex(static_cast<std::uint32_t>(code)); }

// "SMC_CLC_DECL_NOUEID" (Anolis and 4.x names as in those kernels).
const char* kernel_name(DeclineCode code);
// "peer sent no UEID".
const char* meaning(DeclineCode code);

std::optional<DeclineCode> decline_code_from(std::uint32_t value);

// Anolis-only or historical codes: a current upstream Linux never sends them.
bool is_vendor_code(DeclineCode code);
bool is_legacy_code(DeclineCode code);

}  // namespace smc::clc
