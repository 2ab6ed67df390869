#include "protocol/negotiation/cause.h"

#include <cstdio>

namespace smc::negotiation {

std::string to_hex(Cause c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", value(c));
  return buf;
}

const char* name(Cause c) {
  switch (c) {
    case Cause::None: return "NONE";
    case Cause::Mem: return "MEM";
    case Cause::TimeoutConfirmLink: return "TIMEOUT_CL";
    case Cause::TimeoutAddLink: return "TIMEOUT_AL";
    case Cause::CnfErr: return "CNFERR";
    case Cause::PeerNoSmc: return "PEERNOSMC";
    case Cause::AnolisActive: return "ACTIVE";
    case Cause::Ipsec: return "IPSEC";
    case Cause::NoSmcDev: return "NOSMCDEV";
    case Cause::NoSmcDDev: return "NOSMCDDEV";
    case Cause::NoSmcRDev: return "NOSMCRDEV";
    case Cause::NoIsm2Supp: return "NOISM2SUPP";
    case Cause::NoV2Ext: return "NOV2EXT";
    case Cause::NoV2DExt: return "NOV2DEXT";
    case Cause::NoSeid: return "NOSEID";
    case Cause::NoSmcD2Dev: return "NOSMCD2DEV";
    case Cause::NoUeid: return "NOUEID";
    case Cause::ReleaseErr: return "RELEASEERR";
    case Cause::MaxConnErr: return "MAXCONNERR";
    case Cause::MaxLinkErr: return "MAXLINKERR";
    case Cause::AnolisVendorErr: return "VENDORERR";
    case Cause::ModeUnsupp: return "MODEUNSUPP";
    case Cause::RmbeEc: return "RMBE_EC";
    case Cause::OptUnsupp: return "OPTUNSUPP";
    case Cause::DiffPrefix: return "DIFFPREFIX";
    case Cause::GetVlanErr: return "GETVLANERR";
    case Cause::IsmVlanErr: return "ISMVLANERR";
    case Cause::NoActLink: return "NOACTLINK";
    case Cause::NoSrvLink: return "NOSRVLINK";
    case Cause::VersMismat: return "VERSMISMAT";
    case Cause::MaxDmb: return "MAX_DMB";
    case Cause::NoRoute: return "NOROUTE";
    case Cause::NoIndirect: return "NOINDIRECT";
    case Cause::SyncErr: return "SYNCERR";
    case Cause::PeerDecl: return "PEERDECL";
    case Cause::IntErr: return "INTERR";
    case Cause::ErrRtok: return "ERR_RTOK";
    case Cause::ErrRdyLnk: return "ERR_RDYLNK";
    case Cause::ErrRegBuf: return "ERR_REGBUF";
    case Cause::AnolisCreditsErr: return "CREDITSERR";
  }
  return "UNKNOWN";
}

}  // namespace smc::negotiation
