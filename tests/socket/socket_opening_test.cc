// How an application's socket starts: fallback-causes.md §5 0x03060000 (T1–T4), §6 N8, §7,
// kernel-lab.md (IPPROTO_SMC on 6.1 vs 6.12), and the seed (smc_run / tcp2smc / OFED).
#include <doctest/doctest.h>

#include "protocol/socket/socket_opening.h"

using namespace smc;
using namespace smc::socket;

namespace {

profile::KernelProfile kernel(const char* name) {
  auto p = profile::profile_by_name(name);
  REQUIRE(p.has_value());
  return *p;
}

SocketOptionCall option(int level, int optname, sockopt::When when = sockopt::When::BeforeConnectOrListen) {
  SocketOptionCall c;
  c.level = level;
  c.optname = optname;
  c.when = when;
  c.label = "opt";
  return c;
}

constexpr int kSolTcp = 6, kSolIp = 0, kSolIpv6 = 41, kSolSocket = 1;
constexpr int kTcpNodelay = 1, kTcpFastopen = 23, kTcpFastopenConnect = 30, kSoKeepalive = 9;

}  // namespace

TEST_CASE("an AF_SMC socket without options stays SMC") {
  SocketRequest r;
  auto o = open_socket(kernel("linux-6.12"), r);
  CHECK(o.kind == SocketKind::Smc);
  CHECK_FALSE(o.early_code.has_value());
}

TEST_CASE("smc_run does nothing for a static binary (N8) and works for a dynamic one") {
  SocketRequest r;
  r.api = SocketApi::SmcRun;
  r.static_binary = true;
  CHECK(open_socket(kernel("linux-6.18"), r).kind == SocketKind::PlainTcp);
  r.static_binary = false;
  CHECK(open_socket(kernel("linux-6.18"), r).kind == SocketKind::Smc);
}

TEST_CASE("without the SMC module: AF_SMC fails with EAFNOSUPPORT, smc_run keeps TCP") {
  SocketRequest r;
  r.smc_module_loaded = false;
  auto o = open_socket(kernel("anolis-5.10.134"), r);
  CHECK(o.kind == SocketKind::Failed);
  CHECK(o.socket_errno == 97);
  r.api = SocketApi::SmcRun;
  CHECK(open_socket(kernel("anolis-5.10.134"), r).kind == SocketKind::PlainTcp);
}

TEST_CASE("IPPROTO_SMC: EPROTONOSUPPORT on 6.1, an SMC socket on 6.12 (kernel-lab.md)") {
  SocketRequest r;
  r.api = SocketApi::IpprotoSmc;
  auto old = open_socket(kernel("linux-6.1"), r);
  CHECK(old.kind == SocketKind::Failed);
  CHECK(old.socket_errno == 93);
  CHECK(open_socket(kernel("linux-6.12"), r).kind == SocketKind::Smc);
}

TEST_CASE("tcp2smc exists on Anolis only and needs the sysctl") {
  SocketRequest r;
  r.api = SocketApi::Tcp2Smc;
  r.static_binary = true;  // the point of tcp2smc: it works for static binaries
  r.tcp2smc_sysctl = true;
  CHECK(open_socket(kernel("anolis-5.10.134"), r).kind == SocketKind::Smc);
  CHECK(open_socket(kernel("linux-6.18"), r).kind == SocketKind::PlainTcp);
  r.tcp2smc_sysctl = false;
  CHECK(open_socket(kernel("anolis-5.10.134"), r).kind == SocketKind::PlainTcp);
}

TEST_CASE("Fast Open options before connect fall back with 0x03060000, leaving the socket in INIT (T1)") {
  for (int optname : {kTcpFastopen, kTcpFastopenConnect}) {
    SocketRequest r;
    r.options.push_back(option(kSolTcp, optname));
    auto o = open_socket(kernel("linux-6.12"), r);
    CHECK(o.kind == SocketKind::FellBackEarly);
    REQUIRE(o.early_code.has_value());
    CHECK(static_cast<std::uint32_t>(*o.early_code) == 0x03060000u);
  }
}

TEST_CASE("option numbers alias Fast Open at SOL_IP and SOL_IPV6 (T4, lab 6.12)") {
  for (auto [level, optname] : {std::pair{kSolIp, 23}, std::pair{kSolIp, 34}, std::pair{kSolIpv6, 23}}) {
    SocketRequest r;
    r.options.push_back(option(level, optname));
    auto o = open_socket(kernel("linux-6.12"), r);
    CHECK(o.kind == SocketKind::FellBackEarly);
  }
}

TEST_CASE("Fast Open after connect returns EINVAL and keeps SMC") {
  SocketRequest r;
  r.options.push_back(option(kSolTcp, kTcpFastopenConnect, sockopt::When::AfterConnectOrListen));
  auto o = open_socket(kernel("linux-6.12"), r);
  CHECK(o.kind == SocketKind::Smc);
  REQUIRE(o.option_errors.size() == 1);
  CHECK(o.option_errors[0] == 22);
}

TEST_CASE("Y and M options keep SMC (lab 6.12: TCP_NODELAY, SO_KEEPALIVE)") {
  SocketRequest r;
  r.options.push_back(option(kSolTcp, kTcpNodelay));
  r.options.push_back(option(kSolSocket, kSoKeepalive));
  auto o = open_socket(kernel("linux-6.12"), r);
  CHECK(o.kind == SocketKind::Smc);
  CHECK(o.option_errors == std::vector<int>{0, 0});
}

TEST_CASE("MSG_FASTOPEN on an unconnected SMC socket falls back (T2); a listener ignores it") {
  SocketRequest r;
  r.msg_fastopen = true;
  auto o = open_socket(kernel("linux-6.12"), r);
  CHECK(o.kind == SocketKind::FellBackEarly);
  r.listener = true;
  CHECK(open_socket(kernel("linux-6.12"), r).kind == SocketKind::Smc);
}

TEST_CASE("Anolis inet-SMC sockets switch to 'no SMC' (0x03010001) instead of INIT") {
  SocketRequest r;
  r.api = SocketApi::Tcp2Smc;
  r.tcp2smc_sysctl = true;
  r.options.push_back(option(kSolTcp, kTcpFastopenConnect));
  auto o = open_socket(kernel("anolis-5.10.134"), r);
  CHECK(o.kind == SocketKind::Smc);
  CHECK(o.active_no_smc);
}

TEST_CASE("options after the early fallback are plain TCP options") {
  SocketRequest r;
  r.options.push_back(option(kSolTcp, kTcpFastopenConnect));
  r.options.push_back(option(kSolTcp, kTcpFastopen, sockopt::When::AfterConnectOrListen));
  auto o = open_socket(kernel("linux-6.12"), r);
  CHECK(o.kind == SocketKind::FellBackEarly);
  CHECK(o.option_errors == std::vector<int>{0, 0});  // the second one went to TCP: no EINVAL
}
