// classify(): §7.1's routing rules applied to one setsockopt.
#include "protocol/sockopt/sockopt_support.h"

namespace smc::sockopt {

namespace {

constexpr int kEinval = 22;
constexpr int kEopnotsupp = 95;
constexpr int kEnoprotoopt = 92;
constexpr int kTcpUlp = 31;

// §7.1 / §5 T4: the SMC post-processing looks at the option *number* only: these are the
// Fast Open numbers (TCP_FASTOPEN 23, _CONNECT 30, _KEY 33, _NO_COOKIE 34).
bool is_fastopen_number(int optname) { return optname == 23 || optname == 30 || optname == 33 || optname == 34; }

bool anolis_inet(const profile::KernelProfile& p, SocketFlavor f) {
  return p.vendor == profile::Vendor::Anolis && f == SocketFlavor::InetSmc;
}

SockoptEffect base(const SockoptRow* row) {
  SockoptEffect e;
  if (row) {
    e.support = row->support;
    e.outcome = row->outcome;
    e.error = row->error;
    e.option = row->name;
    e.note = row->note;
  }
  return e;
}

// The Fast Open switch (T1/T4) or its refusal after connect.
SockoptEffect fastopen_effect(SockoptEffect e, const profile::KernelProfile& p, When when, SocketFlavor f) {
  e.support = SupportClass::Unsupported;
  if (when == When::BeforeConnectOrListen) {
    e.outcome = Outcome::Fallback;
    if (anolis_inet(p, f)) {
      e.fallback_code = 0x03010001;  // §5 0x03010001 cause 2: inet-SMC "no SMC" state
      e.note = "Anolis inet-SMC socket switches to 'no SMC': 0x03010001 at connect";
    } else {
      e.fallback_code = 0x03060000;
      if (!p.fastopen_repoints_descriptor) {
        e.note = "quirk Q1: fallback flag only, the SYN still carries the SMC option (N2) [inferred]";
      }
    }
  } else if (anolis_inet(p, f)) {
    e.outcome = Outcome::Refused;
    e.error = kEopnotsupp;
    e.note = "Anolis inet-SMC socket after connect: EOPNOTSUPP";
  } else {
    e.outcome = Outcome::ErrorAfterApplied;
    e.error = kEinval;
    e.note = "after connect/listen: EINVAL, but the TCP option is already applied";
  }
  return e;
}

}  // namespace

const char* to_string(SupportClass c) {
  switch (c) {
    case SupportClass::Works: return "works";
    case SupportClass::Ineffective: return "settable but ineffective";
    case SupportClass::Unsupported: return "unsupported";
    case SupportClass::NotMeaningful: return "not meaningful";
  }
  return "?";
}

char class_letter(SupportClass c) {
  switch (c) {
    case SupportClass::Works: return 'Y';
    case SupportClass::Ineffective: return 'M';
    case SupportClass::Unsupported: return 'N';
    case SupportClass::NotMeaningful: return '-';
  }
  return '?';
}

const char* to_string(Outcome o) {
  switch (o) {
    case Outcome::Applied: return "applied";
    case Outcome::AppliedToTcpOnly: return "applied to the TCP socket only";
    case Outcome::AppliedToSmcSocketOnly: return "applied to the SMC socket only";
    case Outcome::Fallback: return "fallback";
    case Outcome::ErrorAfterApplied: return "error after applying";
    case Outcome::Refused: return "refused";
  }
  return "?";
}

SockoptEffect classify(const profile::KernelProfile& p, int level, int optname, When when, SocketFlavor flavor) {
  const SockoptRow* row = find_row(level, optname);
  SockoptEffect e = base(row);

  if (level == kSolSmc) {
    if (!row) {
      e.support = SupportClass::Unsupported;
      e.outcome = Outcome::Refused;
      e.error = kEnoprotoopt;
    }
    return e;
  }
  // §7.1: once the descriptor points at the TCP socket, every call is plain TCP.
  if (when == When::OnFallbackSocket) {
    e.support = SupportClass::Works;
    e.outcome = row && row->outcome == Outcome::Refused && level != kSolSocket ? Outcome::Refused : Outcome::Applied;
    e.note = "the descriptor is a plain TCP socket";
    return e;
  }
  if (level == kSolSocket) {
    if (!row) e.outcome = Outcome::AppliedToSmcSocketOnly;
    return e;
  }
  // Everything else goes to the TCP socket first, then SMC looks at the number.
  if (level == kSolTcp && optname == kTcpUlp) {
    if (p.tcp_ulp_forces_fallback) return fastopen_effect(e, p, when, flavor);  // §9: before ≈6.0
    if (anolis_inet(p, flavor) && when == When::BeforeConnectOrListen) return fastopen_effect(e, p, when, flavor);
    return e;  // EOPNOTSUPP before being passed on
  }
  if (row && row->outcome == Outcome::Refused) return e;  // the IP layer refused: no SMC step
  if (is_fastopen_number(optname)) {
    // The alias acts for any level; unknown numbers at SOL_IP/SOL_IPV6 are assumed refused
    // by the IP layer (only the §5 T4 candidates are known to succeed).
    if (row || level == kSolTcp) return fastopen_effect(e, p, when, flavor);
  }
  if (!row) {
    e.support = SupportClass::Ineffective;
    e.outcome = Outcome::AppliedToTcpOnly;
    e.note = "not in the table: passed to the TCP socket";
  }
  return e;
}

SockoptEffect classify_msg_fastopen(const profile::KernelProfile& p, When when, SocketFlavor flavor) {
  SockoptEffect e;
  e.option = "MSG_FASTOPEN";
  e.note = "sendmsg flag: before connect a plain TCP Fast Open connect follows";
  if (when == When::OnFallbackSocket) {
    e.support = SupportClass::Works;
    e.outcome = Outcome::Applied;
    return e;
  }
  e = fastopen_effect(e, p, when, flavor);
  if (when == When::AfterConnectOrListen && !anolis_inet(p, flavor)) {
    e.outcome = Outcome::Refused;  // §5 T2: MSG_FASTOPEN on a connected SMC socket, EINVAL
  }
  return e;
}

}  // namespace smc::sockopt
