// The §7.2 table with Linux's option numbers (include/uapi/asm-generic/socket.h,
// include/uapi/linux/tcp.h, in.h, in6.h; checked against the system headers by
// tests/profile/sockopt_test.cc). Grouped rows of §7.2 are expanded, one per number.
#include "protocol/sockopt/sockopt_support.h"

namespace smc::sockopt {

namespace {

constexpr int kEinval = 22;
constexpr int kEopnotsupp = 95;

using S = SupportClass;
using O = Outcome;

constexpr std::string_view kCopied = "copied SMC → TCP at connect/listen (§7.1); acts on the TCP socket only";
constexpr std::string_view kSmcOnly = "stays on the SMC socket, which carries no packets";
constexpr std::string_view kTcpOnly = "passed to TCP: handshake and fallback only";
constexpr std::string_view kFastOpen =
    "before connect/listen: fallback 0x03060000, descriptor becomes plain TCP; afterwards EINVAL, option applied";
constexpr std::string_view kAlias =
    "number aliases a Fast Open option: before connect/listen fallback 0x03060000 (§5 0x03060000 T4)";

constexpr SockoptRow kRows[] = {
    // SOL_SOCKET
    {"SO_DEBUG", kSolSocket, 1, S::Ineffective, O::AppliedToTcpOnly, kCopied},
    {"SO_REUSEADDR", kSolSocket, 2, S::Works, O::Applied, "copied at bind [lab 6.12: stays SMC-R]"},
    {"SO_TYPE", kSolSocket, 3, S::Works, O::Applied, "SOCK_STREAM"},
    {"SO_ERROR", kSolSocket, 4, S::Works, O::Applied, "carries handshake errors (ETIMEDOUT, EPROTO, ECONNRESET)"},
    {"SO_DONTROUTE", kSolSocket, 5, S::Ineffective, O::AppliedToTcpOnly, "copied; also restricts the route and so the device choice"},
    {"SO_BROADCAST", kSolSocket, 6, S::Ineffective, O::AppliedToTcpOnly, kCopied},
    {"SO_SNDBUF", kSolSocket, 7, S::Works, O::Applied, "sizes the SMC send buffer: half the kernel value, rounded to a size class, min 16 KiB [lab 6.12]"},
    {"SO_RCVBUF", kSolSocket, 8, S::Works, O::Applied, "sizes the RMB: half the kernel value, rounded to a size class, min 16 KiB [lab 6.12]"},
    {"SO_KEEPALIVE", kSolSocket, 9, S::Ineffective, O::AppliedToTcpOnly, "probes the TCP path, idle while data flows over RDMA"},
    {"SO_OOBINLINE", kSolSocket, 10, S::Works, O::Applied, "SMC supports urgent data"},
    {"SO_NO_CHECK", kSolSocket, 11, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_PRIORITY", kSolSocket, 12, S::Ineffective, O::AppliedToTcpOnly, "TCP packets (handshake, fallback) only"},
    {"SO_LINGER", kSolSocket, 13, S::Works, O::Applied, "SMC close waits for unsent data up to the linger time"},
    {"SO_REUSEPORT", kSolSocket, 15, S::Works, O::Applied, "copied at bind"},
    {"SO_PASSCRED", kSolSocket, 16, S::NotMeaningful, O::Applied, "not meaningful for stream inet sockets"},
    {"SO_PEERCRED", kSolSocket, 17, S::NotMeaningful, O::Applied, "not meaningful for stream inet sockets"},
    {"SO_RCVLOWAT", kSolSocket, 18, S::Works, O::Applied, "honoured by SMC receive"},
    {"SO_SNDLOWAT", kSolSocket, 19, S::Works, O::Applied, "not settable, as with TCP"},
    {"SO_RCVTIMEO_OLD", kSolSocket, 20, S::Works, O::Applied, "honoured by SMC receive and connect"},
    {"SO_SNDTIMEO_OLD", kSolSocket, 21, S::Works, O::Applied, "honoured by SMC send"},
    {"SO_BINDTODEVICE", kSolSocket, 25, S::Works, O::Applied, "copied; changes the egress netdev and so which RDMA/ISM device is chosen"},
    {"SO_ATTACH_FILTER", kSolSocket, 26, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_DETACH_FILTER", kSolSocket, 27, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_PEERNAME", kSolSocket, 28, S::Works, O::Applied, "read from the TCP socket"},
    {"SO_TIMESTAMP_OLD", kSolSocket, 29, S::Ineffective, O::AppliedToTcpOnly, "no timestamps for SMC data"},
    {"SO_ACCEPTCONN", kSolSocket, 30, S::Works, O::Applied, "SMC LISTEN equals TCP LISTEN numerically"},
    {"SO_PEERSEC", kSolSocket, 31, S::NotMeaningful, O::Applied, "same as TCP or unsupported"},
    {"SO_SNDBUFFORCE", kSolSocket, 32, S::Works, O::Applied, "as SO_SNDBUF"},
    {"SO_RCVBUFFORCE", kSolSocket, 33, S::Works, O::Applied, "as SO_RCVBUF"},
    {"SO_PASSSEC", kSolSocket, 34, S::NotMeaningful, O::Applied, "same as TCP or unsupported"},
    {"SO_TIMESTAMPNS_OLD", kSolSocket, 35, S::Ineffective, O::AppliedToTcpOnly, "no timestamps for SMC data"},
    {"SO_MARK", kSolSocket, 36, S::Ineffective, O::AppliedToTcpOnly, "TCP packets (handshake, fallback) only"},
    {"SO_TIMESTAMPING_OLD", kSolSocket, 37, S::Ineffective, O::AppliedToTcpOnly, "no timestamps for SMC data"},
    {"SO_PROTOCOL", kSolSocket, 38, S::Ineffective, O::AppliedToSmcSocketOnly, "reports 0/1 (SMC over IPv4/IPv6) or IPPROTO_SMC (256)"},
    {"SO_DOMAIN", kSolSocket, 39, S::Ineffective, O::AppliedToSmcSocketOnly, "reports AF_SMC (43); AF_INET after a fallback re-points the descriptor [lab 6.12]"},
    {"SO_RXQ_OVFL", kSolSocket, 40, S::Ineffective, O::AppliedToTcpOnly, kCopied},
    {"SO_WIFI_STATUS", kSolSocket, 41, S::Ineffective, O::AppliedToTcpOnly, kCopied},
    {"SO_PEEK_OFF", kSolSocket, 42, S::Unsupported, O::Refused, "not supported for this socket family", kEopnotsupp},
    {"SO_NOFCS", kSolSocket, 43, S::Ineffective, O::AppliedToTcpOnly, kCopied},
    {"SO_LOCK_FILTER", kSolSocket, 44, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_SELECT_ERR_QUEUE", kSolSocket, 45, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_BUSY_POLL", kSolSocket, 46, S::Ineffective, O::AppliedToSmcSocketOnly, "not passed to TCP; no effect on RDMA"},
    {"SO_MAX_PACING_RATE", kSolSocket, 47, S::Ineffective, O::AppliedToSmcSocketOnly, "not passed to TCP; no effect on RDMA"},
    {"SO_INCOMING_CPU", kSolSocket, 49, S::Ineffective, O::AppliedToSmcSocketOnly, "not passed to TCP; no effect on RDMA"},
    {"SO_ATTACH_BPF", kSolSocket, 50, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_ATTACH_REUSEPORT_CBPF", kSolSocket, 51, S::Ineffective, O::AppliedToSmcSocketOnly, "the reuseport group belongs to the TCP listener"},
    {"SO_ATTACH_REUSEPORT_EBPF", kSolSocket, 52, S::Ineffective, O::AppliedToSmcSocketOnly, "the reuseport group belongs to the TCP listener"},
    {"SO_CNX_ADVICE", kSolSocket, 53, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_MEMINFO", kSolSocket, 55, S::Ineffective, O::AppliedToSmcSocketOnly, "reports the SMC socket"},
    {"SO_INCOMING_NAPI_ID", kSolSocket, 56, S::Ineffective, O::AppliedToSmcSocketOnly, "reports the SMC socket"},
    {"SO_COOKIE", kSolSocket, 57, S::Ineffective, O::AppliedToSmcSocketOnly, "reports the SMC socket"},
    {"SO_ZEROCOPY", kSolSocket, 60, S::Unsupported, O::Refused, "EOPNOTSUPP: the family is not inet", kEopnotsupp},
    {"SO_TXTIME", kSolSocket, 61, S::Ineffective, O::AppliedToSmcSocketOnly, "not passed to TCP; no effect on RDMA"},
    {"SO_BINDTOIFINDEX", kSolSocket, 62, S::Works, O::Applied, "behaves like SO_BINDTODEVICE"},
    {"SO_TIMESTAMP_NEW", kSolSocket, 63, S::Ineffective, O::AppliedToTcpOnly, "no timestamps for SMC data"},
    {"SO_TIMESTAMPNS_NEW", kSolSocket, 64, S::Ineffective, O::AppliedToTcpOnly, "no timestamps for SMC data"},
    {"SO_TIMESTAMPING_NEW", kSolSocket, 65, S::Ineffective, O::AppliedToTcpOnly, "no timestamps for SMC data"},
    {"SO_RCVTIMEO_NEW", kSolSocket, 66, S::Works, O::Applied, "honoured by SMC receive and connect"},
    {"SO_SNDTIMEO_NEW", kSolSocket, 67, S::Works, O::Applied, "honoured by SMC send"},
    {"SO_DETACH_REUSEPORT_BPF", kSolSocket, 68, S::Ineffective, O::AppliedToSmcSocketOnly, "the reuseport group belongs to the TCP listener"},
    {"SO_PREFER_BUSY_POLL", kSolSocket, 69, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_BUSY_POLL_BUDGET", kSolSocket, 70, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_NETNS_COOKIE", kSolSocket, 71, S::Works, O::Applied, "as TCP"},
    {"SO_BUF_LOCK", kSolSocket, 72, S::Ineffective, O::AppliedToSmcSocketOnly, "decides whether SNDBUF/RCVBUF are copied to TCP (6.x)"},
    {"SO_RESERVE_MEM", kSolSocket, 73, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_TXREHASH", kSolSocket, 74, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_RCVMARK", kSolSocket, 75, S::Ineffective, O::AppliedToSmcSocketOnly, kSmcOnly},
    {"SO_PASSPIDFD", kSolSocket, 76, S::NotMeaningful, O::Applied, "not meaningful for stream inet sockets"},
    {"SO_PEERPIDFD", kSolSocket, 77, S::NotMeaningful, O::Applied, "not meaningful for stream inet sockets"},
    // SOL_TCP
    {"TCP_NODELAY", kSolTcp, 1, S::Works, O::Applied, "passed on; setting it pushes pending SMC data [lab 6.12: stays SMC-R]"},
    {"TCP_MAXSEG", kSolTcp, 2, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_CORK", kSolTcp, 3, S::Works, O::Applied,
     "SMC honours the cork; uncorking pushes [lab 6.12: corked data below the send buffer is never flushed: apps hang]"},
    {"TCP_KEEPIDLE", kSolTcp, 4, S::Ineffective, O::AppliedToTcpOnly, "TCP keepalive only [lab 6.12: stays SMC-R]"},
    {"TCP_KEEPINTVL", kSolTcp, 5, S::Ineffective, O::AppliedToTcpOnly, "TCP keepalive only"},
    {"TCP_KEEPCNT", kSolTcp, 6, S::Ineffective, O::AppliedToTcpOnly, "TCP keepalive only"},
    {"TCP_SYNCNT", kSolTcp, 7, S::Ineffective, O::AppliedToTcpOnly, "TCP only; does govern connect"},
    {"TCP_LINGER2", kSolTcp, 8, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_DEFER_ACCEPT", kSolTcp, 9, S::Ineffective, O::AppliedToTcpOnly, "emulated: accept() waits up to N s for data, then returns"},
    {"TCP_WINDOW_CLAMP", kSolTcp, 10, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_INFO", kSolTcp, 11, S::Ineffective, O::AppliedToTcpOnly, "reports the TCP socket (handshake bytes only in SMC mode)"},
    {"TCP_QUICKACK", kSolTcp, 12, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_CONGESTION", kSolTcp, 13, S::Ineffective, O::AppliedToTcpOnly, "TCP only; optlen < 4 returns EINVAL after applying"},
    {"TCP_MD5SIG", kSolTcp, 14, S::Ineffective, O::AppliedToTcpOnly, "consumes SYN option space; MD5 alone normally leaves room"},
    {"TCP_THIN_LINEAR_TIMEOUTS", kSolTcp, 16, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_THIN_DUPACK", kSolTcp, 17, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_USER_TIMEOUT", kSolTcp, 18, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_REPAIR", kSolTcp, 19, S::Unsupported, O::AppliedToTcpOnly, "passed to TCP; meaningless for SMC data"},
    {"TCP_REPAIR_QUEUE", kSolTcp, 20, S::Unsupported, O::AppliedToTcpOnly, "passed to TCP; meaningless for SMC data"},
    {"TCP_QUEUE_SEQ", kSolTcp, 21, S::Unsupported, O::AppliedToTcpOnly, "passed to TCP; meaningless for SMC data"},
    {"TCP_REPAIR_OPTIONS", kSolTcp, 22, S::Unsupported, O::AppliedToTcpOnly, "passed to TCP; meaningless for SMC data"},
    {"TCP_FASTOPEN", kSolTcp, 23, S::Unsupported, O::Fallback, kFastOpen},
    {"TCP_NOTSENT_LOWAT", kSolTcp, 25, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_CC_INFO", kSolTcp, 26, S::Ineffective, O::AppliedToTcpOnly, "reports the TCP socket"},
    {"TCP_SAVE_SYN", kSolTcp, 27, S::Ineffective, O::AppliedToTcpOnly, "works on the TCP socket"},
    {"TCP_SAVED_SYN", kSolTcp, 28, S::Ineffective, O::AppliedToTcpOnly, "works on the TCP socket"},
    {"TCP_REPAIR_WINDOW", kSolTcp, 29, S::Unsupported, O::AppliedToTcpOnly, "passed to TCP; meaningless for SMC data"},
    {"TCP_FASTOPEN_CONNECT", kSolTcp, 30, S::Unsupported, O::Fallback, kFastOpen},
    {"TCP_ULP", kSolTcp, 31, S::Unsupported, O::Refused, "EOPNOTSUPP (before ≈6.0: fallback as Fast Open)", kEopnotsupp},
    {"TCP_MD5SIG_EXT", kSolTcp, 32, S::Ineffective, O::AppliedToTcpOnly, "consumes SYN option space"},
    {"TCP_FASTOPEN_KEY", kSolTcp, 33, S::Unsupported, O::Fallback, kFastOpen},
    {"TCP_FASTOPEN_NO_COOKIE", kSolTcp, 34, S::Unsupported, O::Fallback, kFastOpen},
    {"TCP_ZEROCOPY_RECEIVE", kSolTcp, 35, S::Unsupported, O::AppliedToTcpOnly, "passed to TCP; meaningless for SMC data"},
    {"TCP_INQ", kSolTcp, 36, S::Ineffective, O::AppliedToTcpOnly, "reads TCP (the SIOCINQ ioctl is answered by SMC)"},
    {"TCP_TX_DELAY", kSolTcp, 37, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_AO_ADD_KEY", kSolTcp, 38, S::Ineffective, O::AppliedToTcpOnly, "with timestamps the SMC option may not fit (0x03010000)"},
    {"TCP_AO_DEL_KEY", kSolTcp, 39, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_AO_INFO", kSolTcp, 40, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_AO_GET_KEYS", kSolTcp, 41, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_AO_REPAIR", kSolTcp, 42, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_RTO_MAX_MS", kSolTcp, 44, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_RTO_MIN_US", kSolTcp, 45, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"TCP_DELACK_MAX_US", kSolTcp, 46, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    // SOL_IP
    {"IP_TOS", kSolIp, 1, S::Ineffective, O::AppliedToTcpOnly, "TCP only; a 1-byte optlen returns EINVAL after applying"},
    {"IP_MTU_DISCOVER", kSolIp, 10, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"IP_IPSEC_POLICY", kSolIp, 16, S::Ineffective, O::AppliedToTcpOnly, "per-socket IPsec: the handshake declines 0x03020000"},
    {"IP_XFRM_POLICY", kSolIp, 17, S::Ineffective, O::AppliedToTcpOnly, "per-socket IPsec: the handshake declines 0x03020000"},
    {"IP_CHECKSUM", kSolIp, 23, S::Ineffective, O::Fallback, kAlias},
    {"IP_MULTICAST_TTL", kSolIp, 33, S::Ineffective, O::Refused, "rejected for stream sockets, so no alias effect", kEinval},
    {"IP_MULTICAST_LOOP", kSolIp, 34, S::Ineffective, O::Fallback, kAlias},
    // SOL_IPV6
    {"IPV6_MTU_DISCOVER", kSolIpv6, 23, S::Ineffective, O::Fallback, kAlias},
    {"IPV6_V6ONLY", kSolIpv6, 26, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    {"IPV6_FLOWINFO_SEND", kSolIpv6, 33, S::Ineffective, O::Fallback, "aliases TCP_FASTOPEN_KEY [inferred: not tried in the lab]"},
    {"IPV6_IPSEC_POLICY", kSolIpv6, 34, S::Ineffective, O::Fallback,
     "aliases TCP_FASTOPEN_NO_COOKIE: 0x03060000 before connect, so 0x03020000 never appears [inferred]"},
    {"IPV6_XFRM_POLICY", kSolIpv6, 35, S::Ineffective, O::AppliedToTcpOnly, "per-socket IPsec: the handshake declines 0x03020000"},
    {"IPV6_TCLASS", kSolIpv6, 67, S::Ineffective, O::AppliedToTcpOnly, kTcpOnly},
    // SOL_SMC
    {"SMC_LIMIT_HS", kSolSmc, kSmcLimitHs, S::Works, O::Applied, "per-listener handshake limitation"},
};

}  // namespace

std::span<const SockoptRow> all_sockopt_rows() { return kRows; }

const SockoptRow* find_row(int level, int optname) {
  for (const auto& r : kRows) {
    if (r.level == level && r.optname == optname) return &r;
  }
  return nullptr;
}

const SockoptRow* find_row(std::string_view name) {
  for (const auto& r : kRows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace smc::sockopt
