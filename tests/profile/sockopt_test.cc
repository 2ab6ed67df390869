// Rows of fallback-causes.md §7.2 (classes), §5 0x03060000 T1–T4 (Fast Open and the
// aliased numbers 23/30/33/34), and the option numbers checked against the system headers.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <set>
#include <utility>

#include "protocol/sockopt/sockopt_support.h"

using namespace smc::sockopt;
using smc::profile::profile_by_name;

namespace {
const smc::profile::KernelProfile& p618() {
  static const auto p = *profile_by_name("linux-6.18");
  return p;
}
char letter(const char* name) {
  const SockoptRow* r = find_row(name);
  REQUIRE_MESSAGE(r != nullptr, name);
  return class_letter(r->support);
}
}  // namespace

TEST_CASE("option numbers agree with the system's headers") {
  auto num = [](const char* name) {
    const SockoptRow* r = find_row(name);
    REQUIRE_MESSAGE(r != nullptr, name);
    return r->optname;
  };
  CHECK(num("SO_SNDBUF") == SO_SNDBUF);
  CHECK(num("SO_RCVBUF") == SO_RCVBUF);
  CHECK(num("SO_KEEPALIVE") == SO_KEEPALIVE);
  CHECK(num("SO_LINGER") == SO_LINGER);
  CHECK(num("SO_BINDTODEVICE") == SO_BINDTODEVICE);
  CHECK(num("SO_MARK") == SO_MARK);
  CHECK(num("SO_DOMAIN") == SO_DOMAIN);
  CHECK(num("SO_PEEK_OFF") == SO_PEEK_OFF);
  CHECK(num("SO_ZEROCOPY") == SO_ZEROCOPY);
  CHECK(num("TCP_NODELAY") == TCP_NODELAY);
  CHECK(num("TCP_CORK") == TCP_CORK);
  CHECK(num("TCP_DEFER_ACCEPT") == TCP_DEFER_ACCEPT);
  CHECK(num("TCP_CONGESTION") == TCP_CONGESTION);
  CHECK(num("TCP_FASTOPEN") == TCP_FASTOPEN);
  CHECK(num("TCP_ULP") == TCP_ULP);
#ifdef TCP_FASTOPEN_CONNECT
  CHECK(num("TCP_FASTOPEN_CONNECT") == TCP_FASTOPEN_CONNECT);
#endif
#ifdef TCP_FASTOPEN_KEY
  CHECK(num("TCP_FASTOPEN_KEY") == TCP_FASTOPEN_KEY);
#endif
#ifdef TCP_FASTOPEN_NO_COOKIE
  CHECK(num("TCP_FASTOPEN_NO_COOKIE") == TCP_FASTOPEN_NO_COOKIE);
#endif
  CHECK(num("IP_CHECKSUM") == IP_CHECKSUM);
  CHECK(num("IP_MULTICAST_LOOP") == IP_MULTICAST_LOOP);
  CHECK(num("IP_MULTICAST_TTL") == IP_MULTICAST_TTL);
  CHECK(num("IPV6_MTU_DISCOVER") == IPV6_MTU_DISCOVER);
  CHECK(num("IPV6_IPSEC_POLICY") == IPV6_IPSEC_POLICY);
  CHECK(kSolTcp == SOL_TCP);
  CHECK(kSolSocket == SOL_SOCKET);
  CHECK(kSolIp == SOL_IP);
  CHECK(kSolIpv6 == SOL_IPV6);
#ifdef SOL_SMC
  CHECK(kSolSmc == SOL_SMC);
#endif
}

TEST_CASE("the aliases of §5 T4 are the numbers the reference gives") {
  // §5 0x03060000 T4: IPv4 IP_CHECKSUM(23), IP_MULTICAST_LOOP(34); IPv6 IPV6_MTU_DISCOVER(23),
  // IPV6_FLOWINFO_SEND(33), IPV6_IPSEC_POLICY(34); Fast Open numbers 23, 30, 33, 34.
  CHECK(find_row("IP_CHECKSUM")->optname == 23);
  CHECK(find_row("IP_MULTICAST_LOOP")->optname == 34);
  CHECK(find_row("IPV6_MTU_DISCOVER")->optname == 23);
  CHECK(find_row("IPV6_FLOWINFO_SEND")->optname == 33);
  CHECK(find_row("IPV6_IPSEC_POLICY")->optname == 34);
  CHECK(find_row("TCP_FASTOPEN")->optname == 23);
  CHECK(find_row("TCP_FASTOPEN_CONNECT")->optname == 30);
  CHECK(find_row("TCP_FASTOPEN_KEY")->optname == 33);
  CHECK(find_row("TCP_FASTOPEN_NO_COOKIE")->optname == 34);
}

TEST_CASE("support classes match §7.2 rows") {
  CHECK(letter("SO_SNDBUF") == 'Y');
  CHECK(letter("SO_RCVTIMEO_OLD") == 'Y');
  CHECK(letter("SO_KEEPALIVE") == 'M');
  CHECK(letter("SO_LINGER") == 'Y');
  CHECK(letter("SO_BINDTODEVICE") == 'Y');
  CHECK(letter("SO_MARK") == 'M');
  CHECK(letter("SO_ZEROCOPY") == 'N');
  CHECK(letter("SO_PEEK_OFF") == 'N');
  CHECK(letter("SO_DOMAIN") == 'M');
  CHECK(letter("SO_PASSCRED") == '-');
  CHECK(letter("TCP_NODELAY") == 'Y');
  CHECK(letter("TCP_CORK") == 'Y');
  CHECK(letter("TCP_DEFER_ACCEPT") == 'M');
  CHECK(letter("TCP_FASTOPEN") == 'N');
  CHECK(letter("TCP_ULP") == 'N');
  CHECK(letter("TCP_MD5SIG") == 'M');
  CHECK(letter("TCP_KEEPIDLE") == 'M');
  CHECK(letter("TCP_CONGESTION") == 'M');
  CHECK(letter("TCP_REPAIR") == 'N');
  CHECK(letter("SMC_LIMIT_HS") == 'Y');
}

TEST_CASE("rows are unique per (level, number) and per name") {
  std::set<std::pair<int, int>> keys;
  std::set<std::string_view> names;
  for (const auto& r : all_sockopt_rows()) {
    CHECK_MESSAGE(keys.insert({r.level, r.optname}).second, r.name);
    CHECK_MESSAGE(names.insert(r.name).second, r.name);
  }
}

TEST_CASE("Fast Open before connect falls back 0x03060000; afterwards EINVAL (§5 T1)") {
  for (int opt : {23, 30, 33, 34}) {
    CAPTURE(opt);
    auto before = classify(p618(), kSolTcp, opt, When::BeforeConnectOrListen);
    CHECK(before.outcome == Outcome::Fallback);
    CHECK(before.fallback_code == 0x03060000u);
    auto after = classify(p618(), kSolTcp, opt, When::AfterConnectOrListen);
    CHECK(after.outcome == Outcome::ErrorAfterApplied);
    CHECK(after.error == 22);
  }
  auto m = classify_msg_fastopen(p618(), When::BeforeConnectOrListen);
  CHECK(m.outcome == Outcome::Fallback);
  CHECK(m.fallback_code == 0x03060000u);
  CHECK(classify_msg_fastopen(p618(), When::AfterConnectOrListen).error == 22);
}

TEST_CASE("aliased IP numbers act like Fast Open (§5 T4, lab 6.12)") {
  auto e = classify(p618(), kSolIp, 23, When::BeforeConnectOrListen);  // IP_CHECKSUM
  CHECK(e.outcome == Outcome::Fallback);
  CHECK(e.fallback_code == 0x03060000u);
  CHECK(classify(p618(), kSolIp, 34, When::BeforeConnectOrListen).fallback_code == 0x03060000u);
  CHECK(classify(p618(), kSolIpv6, 23, When::BeforeConnectOrListen).fallback_code == 0x03060000u);
  // IP_MULTICAST_TTL(33) is rejected for stream sockets: no alias effect.
  auto ttl = classify(p618(), kSolIp, 33, When::BeforeConnectOrListen);
  CHECK(ttl.outcome == Outcome::Refused);
  CHECK(ttl.fallback_code == 0u);
  // A non-alias IP option is passed to TCP only.
  CHECK(classify(p618(), kSolIp, 1, When::BeforeConnectOrListen).outcome == Outcome::AppliedToTcpOnly);
}

TEST_CASE("TCP_ULP: EOPNOTSUPP on ≥6.0, fallback before (§9)") {
  auto now = classify(p618(), kSolTcp, 31, When::BeforeConnectOrListen);
  CHECK(now.outcome == Outcome::Refused);
  CHECK(now.error == 95);
  auto old = classify(*profile_by_name("linux-5.10"), kSolTcp, 31, When::BeforeConnectOrListen);
  CHECK(old.outcome == Outcome::Fallback);
  CHECK(old.fallback_code == 0x03060000u);
}

TEST_CASE("Anolis inet-SMC sockets get 0x03010001 before connect, EOPNOTSUPP after (§7.2)") {
  const auto a = *profile_by_name("anolis-5.10.134");
  auto before = classify(a, kSolTcp, 30, When::BeforeConnectOrListen, SocketFlavor::InetSmc);
  CHECK(before.outcome == Outcome::Fallback);
  CHECK(before.fallback_code == 0x03010001u);
  auto after = classify(a, kSolTcp, 30, When::AfterConnectOrListen, SocketFlavor::InetSmc);
  CHECK(after.outcome == Outcome::Refused);
  CHECK(after.error == 95);
  // An AF_SMC socket on the same kernel follows the upstream rule.
  CHECK(classify(a, kSolTcp, 30, When::BeforeConnectOrListen).fallback_code == 0x03060000u);
  // Upstream IPPROTO_SMC sockets are AF_SMC-like [lab 6.12: 0x03060000].
  CHECK(classify(p618(), kSolTcp, 30, When::BeforeConnectOrListen, SocketFlavor::InetSmc).fallback_code ==
        0x03060000u);
}

TEST_CASE("other levels and states") {
  CHECK(classify(p618(), kSolSmc, kSmcLimitHs, When::BeforeConnectOrListen).outcome == Outcome::Applied);
  CHECK(classify(p618(), kSolSmc, 99, When::BeforeConnectOrListen).outcome == Outcome::Refused);
  CHECK(classify(p618(), kSolSocket, 60, When::BeforeConnectOrListen).error == 95);  // SO_ZEROCOPY
  CHECK(classify(p618(), kSolTcp, 1, When::AfterConnectOrListen).outcome == Outcome::Applied);
  // On a descriptor that already fell back, Fast Open is just TCP.
  auto fb = classify(p618(), kSolTcp, 30, When::OnFallbackSocket);
  CHECK(fb.outcome == Outcome::Applied);
  CHECK(fb.fallback_code == 0u);
  // Quirk Q1 on 4.x: still a 0x03060000 fallback, with the note.
  auto q1 = classify(*profile_by_name("linux-4.19"), kSolTcp, 23, When::BeforeConnectOrListen);
  CHECK(q1.fallback_code == 0x03060000u);
  CHECK(q1.note.find("Q1") != std::string_view::npos);
}
