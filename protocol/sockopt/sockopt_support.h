#pragma once
// Socket options on SMC sockets (fallback-causes.md §7): the Y/M/N support table of §7.2
// with Linux's option numbers, and classify(), which says what one setsockopt does on a
// given kernel at a given moment: applied, applied to the handshake TCP socket only,
// refused, or a switch to TCP with a cause code (Fast Open and the option numbers that
// alias it, §5 0x03060000 T1–T4).
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "protocol/profile/kernel_profile.h"

namespace smc::sockopt {

// Levels as Linux numbers them.
inline constexpr int kSolIp = 0;
inline constexpr int kSolSocket = 1;
inline constexpr int kSolTcp = 6;
inline constexpr int kSolIpv6 = 41;
inline constexpr int kSolSmc = 286;
inline constexpr int kSmcLimitHs = 1;  // SOL_SMC's only option

// §7.2 classes.
enum class SupportClass {
  Works,         // Y: as for TCP
  Ineffective,   // M: settable/readable, acts on the handshake/fallback TCP socket only, or differently
  Unsupported,   // N: refused, or forces fallback
  NotMeaningful, // —: not meaningful for stream inet sockets (same as TCP or unsupported)
};
const char* to_string(SupportClass c);
char class_letter(SupportClass c);  // 'Y', 'M', 'N', '-'

// When the call is made (§7.1: the SMC post-processing depends on the socket state).
enum class When {
  BeforeConnectOrListen,  // socket in INIT, no non-blocking connect pending
  AfterConnectOrListen,   // SMC connected (SMC mode) or listening
  OnFallbackSocket,       // the descriptor already points at the TCP socket
};

// The socket flavour matters on Anolis only: inet-SMC sockets (tcp2smc, IPPROTO_SMC alias)
// switch to "no SMC" instead of falling back with 0x03060000 (§7.2 last paragraph).
enum class SocketFlavor { AfSmc, InetSmc };

enum class Outcome {
  Applied,               // works as for TCP
  AppliedToTcpOnly,      // passed to the TCP socket; no effect on SMC data
  AppliedToSmcSocketOnly,// stays on the SMC socket, which carries no packets
  Fallback,              // applied to TCP, then the socket becomes plain TCP with `code`
  ErrorAfterApplied,     // applied to TCP, then an error (EINVAL) is returned
  Refused,               // error, nothing applied
};
const char* to_string(Outcome o);

struct SockoptEffect {
  SupportClass support = SupportClass::Works;
  Outcome outcome = Outcome::Applied;
  std::uint32_t fallback_code = 0;  // with Outcome::Fallback
  int error = 0;                    // errno with ErrorAfterApplied / Refused
  std::string_view option;          // "TCP_FASTOPEN_CONNECT", or "" if the number is not in the table
  std::string_view note;
};

struct SockoptRow {
  std::string_view name;
  int level;
  int optname;
  SupportClass support;
  Outcome outcome;        // what a successful call does in SMC mode
  std::string_view note;  // what happens with SMC (§7.2 text, shortened)
  int error = 0;          // errno when outcome is Refused
};

// Every row of the table, one per option number (grouped rows of §7.2 expanded).
std::span<const SockoptRow> all_sockopt_rows();
const SockoptRow* find_row(int level, int optname);
const SockoptRow* find_row(std::string_view name);

SockoptEffect classify(const profile::KernelProfile& profile, int level, int optname, When when,
                       SocketFlavor flavor = SocketFlavor::AfSmc);

// The sendmsg flag MSG_FASTOPEN (§7.2 row "MSG_FASTOPEN"): fallback 0x03060000 before
// connect, EINVAL after.
SockoptEffect classify_msg_fastopen(const profile::KernelProfile& profile, When when,
                                    SocketFlavor flavor = SocketFlavor::AfSmc);

}  // namespace smc::sockopt
