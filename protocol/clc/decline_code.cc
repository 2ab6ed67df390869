#include "protocol/clc/decline_code.h"

#include <algorithm>
#include <array>

#include <fmt/core.h>

namespace smc::clc {

namespace {

struct CodeInfo {
  DeclineCode code;
  const char* kernel_name;
  const char* meaning;
};

// Ascending by value. Names: upstream smc_clc.h, Anolis smc_clc.h, Linux 4.11 smc_clc.h;
// meanings: fallback-causes.md §4/§5.
constexpr std::array<CodeInfo, 45> kCodes{{
    {DeclineCode::Mem, "SMC_CLC_DECL_MEM", "insufficient memory resources"},
    {DeclineCode::LegacyTimeout, "SMC_CLC_DECL_TIMEOUT", "timeout (Linux 4.11-4.14)"},
    {DeclineCode::TimeoutConfirmLink, "SMC_CLC_DECL_TIMEOUT_CL", "timeout waiting for QP confirm link"},
    {DeclineCode::TimeoutAddLink, "SMC_CLC_DECL_TIMEOUT_AL", "timeout waiting for QP add link"},
    {DeclineCode::LegacyTimeoutConfirmQp, "SMC_CLC_DECL_TCL", "timeout waiting for QP confirm (Linux 4.11-4.14)"},
    {DeclineCode::ConfigError, "SMC_CLC_DECL_CNFERR", "configuration error"},
    {DeclineCode::PeerNoSmc, "SMC_CLC_DECL_PEERNOSMC", "peer did not indicate SMC"},
    {DeclineCode::ActiveFallback, "SMC_CLC_DECL_ACTIVE", "local active fallback (Anolis)"},
    {DeclineCode::Ipsec, "SMC_CLC_DECL_IPSEC", "IPsec usage"},
    {DeclineCode::NoSmcDevice, "SMC_CLC_DECL_NOSMCDEV", "no SMC device found (R or D)"},
    {DeclineCode::NoSmcDDevice, "SMC_CLC_DECL_NOSMCDDEV", "no SMC-D device found"},
    {DeclineCode::NoSmcRDevice, "SMC_CLC_DECL_NOSMCRDEV", "no SMC-R device found"},
    {DeclineCode::NoIsmV2Support, "SMC_CLC_DECL_NOISM2SUPP", "hardware has no ISMv2 support"},
    {DeclineCode::NoV2Extension, "SMC_CLC_DECL_NOV2EXT", "peer sent no clc v2 extension"},
    {DeclineCode::NoSmcDV2Extension, "SMC_CLC_DECL_NOV2DEXT", "peer sent no clc SMC-Dv2 extension"},
    {DeclineCode::NoSeid, "SMC_CLC_DECL_NOSEID", "peer sent no SEID"},
    {DeclineCode::NoSmcDV2Device, "SMC_CLC_DECL_NOSMCD2DEV", "no SMC-Dv2 device found"},
    {DeclineCode::NoUeid, "SMC_CLC_DECL_NOUEID", "peer sent no UEID"},
    {DeclineCode::ReleaseMismatch, "SMC_CLC_DECL_RELEASEERR", "release version negotiate failed"},
    {DeclineCode::MaxConnsMismatch, "SMC_CLC_DECL_MAXCONNERR", "max connections negotiate failed"},
    {DeclineCode::MaxLinksMismatch, "SMC_CLC_DECL_MAXLINKERR", "max links negotiate failed"},
    {DeclineCode::VendorOptionsMismatch, "SMC_CLC_DECL_VENDORERR", "vendor options negotiation failed (Anolis)"},
    {DeclineCode::RequestLinkGroup, "SMC_CLC_DECL_ERR_REQ_LGR", "new link group required (Anolis, internal)"},
    {DeclineCode::ModeUnsupported, "SMC_CLC_DECL_MODEUNSUPP", "smc modes do not match (R or D)"},
    {DeclineCode::RmbeEyecatcher, "SMC_CLC_DECL_RMBE_EC", "peer has eyecatcher in RMBE"},
    {DeclineCode::OptionUnsupported, "SMC_CLC_DECL_OPTUNSUPP", "fastopen sockopt not supported"},
    {DeclineCode::DifferentPrefix, "SMC_CLC_DECL_DIFFPREFIX", "IP prefix / subnet mismatch"},
    {DeclineCode::GetVlanError, "SMC_CLC_DECL_GETVLANERR", "err to get vlan id of ip device"},
    {DeclineCode::IsmVlanError, "SMC_CLC_DECL_ISMVLANERR", "err to reg vlan id on ism dev"},
    {DeclineCode::NoActiveLink, "SMC_CLC_DECL_NOACTLINK", "no active smc-r link in lgr"},
    {DeclineCode::NoServerLink, "SMC_CLC_DECL_NOSRVLINK", "SMC-R link from srv not found"},
    {DeclineCode::VersionMismatch, "SMC_CLC_DECL_VERSMISMAT", "SMC version mismatch"},
    {DeclineCode::MaxDmb, "SMC_CLC_DECL_MAX_DMB", "SMC-D DMB limit exceeded"},
    {DeclineCode::NoRoute, "SMC_CLC_DECL_NOROUTE", "no route"},
    {DeclineCode::NoIndirect, "SMC_CLC_DECL_NOINDIRECT", "indirect connection mismatch"},
    {DeclineCode::SyncError, "SMC_CLC_DECL_SYNCERR", "synchronization error"},
    {DeclineCode::PeerDeclined, "SMC_CLC_DECL_PEERDECL", "peer declined during handshake"},
    {DeclineCode::LegacyReply, "SMC_CLC_DECL_REPLY", "reply to a received decline (Linux 4.11-4.14)"},
    {DeclineCode::LegacySend, "SMC_CLC_DECL_SEND", "sending problem (Linux 4.11-4.14)"},
    {DeclineCode::InternalError, "SMC_CLC_DECL_INTERR", "internal error"},
    {DeclineCode::RtokenError, "SMC_CLC_DECL_ERR_RTOK", "rtoken handling failed"},
    {DeclineCode::ReadyLinkError, "SMC_CLC_DECL_ERR_RDYLNK", "ib ready link failed"},
    {DeclineCode::RegisterBufferError, "SMC_CLC_DECL_ERR_REGBUF", "reg rdma bufs failed"},
    {DeclineCode::CreditsError, "SMC_CLC_DECL_CREDITSERR", "announce credits failed (Anolis)"},
    {DeclineCode::LegacyInternalError, "SMC_CLC_DECL_INTERR", "internal error (Linux 4.11-4.14)"},
}};

constexpr std::array<DeclineCode, kCodes.size()> make_all() {
  std::array<DeclineCode, kCodes.size()> a{};
  for (std::size_t i = 0; i < kCodes.size(); ++i) a[i] = kCodes[i].code;
  return a;
}
constexpr auto kAll = make_all();

const CodeInfo* find(std::uint32_t v) {
  auto it = std::lower_bound(kCodes.begin(), kCodes.end(), v,
                             [](const CodeInfo& c, std::uint32_t x) { return static_cast<std::uint32_t>(c.code) < x; });
  if (it == kCodes.end() || static_cast<std::uint32_t>(it->code) != v) return nullptr;
  return &*it;
}

}  // namespace

std::span<const DeclineCode> all_decline_codes() { return kAll; }

std::string to_smcss_hex(std::uint32_t code) { return fmt::format("0x{:08x}", code); }

const char* kernel_name(DeclineCode code) {
  const CodeInfo* c = find(static_cast<std::uint32_t>(code));
  return c ? c->kernel_name : "?";
}

const char* meaning(DeclineCode code) {
  const CodeInfo* c = find(static_cast<std::uint32_t>(code));
  return c ? c->meaning : "unknown decline code";
}

std::optional<DeclineCode> decline_code_from(std::uint32_t value) {
  const CodeInfo* c = find(value);
  if (!c) return std::nullopt;
  return c->code;
}

bool is_vendor_code(DeclineCode code) {
  return code == DeclineCode::ActiveFallback || code == DeclineCode::VendorOptionsMismatch ||
         code == DeclineCode::RequestLinkGroup || code == DeclineCode::CreditsError;
}

bool is_legacy_code(DeclineCode code) {
  return code == DeclineCode::LegacyTimeout || code == DeclineCode::LegacyTimeoutConfirmQp ||
         code == DeclineCode::LegacyReply || code == DeclineCode::LegacySend ||
         code == DeclineCode::LegacyInternalError;
}

}  // namespace smc::clc
