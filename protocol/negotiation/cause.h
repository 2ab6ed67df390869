#pragma once
// The reason codes the handshake decides (fallback-causes.md §4): what goes into a Decline's
// peer-diagnosis field and into a socket's fallback_rsn. A local mirror of the kernel's
// SMC_CLC_DECL_* values, used until protocol/clc/decline_code.h (smc::clc::DeclineCode) exists;
// both are plain 32-bit wire values, so converting is a static_cast.
#include <cstdint>
#include <string>

namespace smc::negotiation {

enum class Cause : std::uint32_t {
  None = 0,
  Mem = 0x01010000,
  TimeoutConfirmLink = 0x02010000,
  TimeoutAddLink = 0x02020000,  // defined, never produced (§5)
  CnfErr = 0x03000000,
  PeerNoSmc = 0x03010000,
  AnolisActive = 0x03010001,
  Ipsec = 0x03020000,
  NoSmcDev = 0x03030000,
  NoSmcDDev = 0x03030001,
  NoSmcRDev = 0x03030002,
  NoIsm2Supp = 0x03030003,
  NoV2Ext = 0x03030004,
  NoV2DExt = 0x03030005,
  NoSeid = 0x03030006,
  NoSmcD2Dev = 0x03030007,
  NoUeid = 0x03030008,
  ReleaseErr = 0x03030009,
  MaxConnErr = 0x0303000a,
  MaxLinkErr = 0x0303000b,
  AnolisVendorErr = 0x0303000c,
  ModeUnsupp = 0x03040000,
  RmbeEc = 0x03050000,
  OptUnsupp = 0x03060000,
  DiffPrefix = 0x03070000,
  GetVlanErr = 0x03080000,
  IsmVlanErr = 0x03090000,
  NoActLink = 0x030a0000,
  NoSrvLink = 0x030b0000,
  VersMismat = 0x030c0000,
  MaxDmb = 0x030d0000,
  NoRoute = 0x030e0000,
  NoIndirect = 0x030f0000,
  SyncErr = 0x04000000,
  PeerDecl = 0x05000000,
  IntErr = 0x09990000,
  ErrRtok = 0x09990001,
  ErrRdyLnk = 0x09990002,
  ErrRegBuf = 0x09990003,
  AnolisCreditsErr = 0x09990004,
};

constexpr std::uint32_t value(Cause c) { return static_cast<std::uint32_t>(c); }
constexpr Cause cause_from(std::uint32_t v) { return static_cast<Cause>(v); }

// "0x03030002", the way smcss prints it.
std::string to_hex(Cause c);
// The kernel constant's short name ("NOSMCRDEV"), or "UNKNOWN".
const char* name(Cause c);

}  // namespace smc::negotiation
