// smcss formatting against fallback-causes.md §1.3 and the seed's smcss -a example.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "protocol/diag/smcss_table.h"

using namespace smc::diag;

namespace {
std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}
SocketDiag active(std::string la, std::uint16_t lp, std::string pa, std::uint16_t pp) {
  SocketDiag s;
  s.state = SmcState::Active;
  s.local = {std::move(la), lp};
  s.peer = {std::move(pa), pp};
  return s;
}
}  // namespace

TEST_CASE("Mode column: SMCR, SMCD, TCP code and code/peer code (§1.3)") {
  CHECK(format_smcss_mode({DiagMode::Smcr, 0, 0}) == "SMCR");
  CHECK(format_smcss_mode({DiagMode::Smcd, 0, 0}) == "SMCD");
  CHECK(format_smcss_mode({DiagMode::FallbackTcp, 0x03010000, 0}) == "TCP 0x03010000");
  CHECK(format_smcss_mode({DiagMode::FallbackTcp, 0x05000000, 0x03030000}) == "TCP 0x05000000/0x03030000");
}

TEST_CASE("Mode strings parse back, including the unpadded form") {
  CHECK(parse_smcss_mode("TCP 0x05000000/0x03030000") == SmcssMode{DiagMode::FallbackTcp, 0x05000000, 0x03030000});
  CHECK(parse_smcss_mode("TCP 0x3030000") == SmcssMode{DiagMode::FallbackTcp, 0x03030000, 0});
  CHECK(parse_smcss_mode("  SMCR ") == SmcssMode{DiagMode::Smcr, 0, 0});
  CHECK(parse_smcss_mode("smcd") == SmcssMode{DiagMode::Smcd, 0, 0});
  CHECK(parse_smcss_mode("TCP 0x05000000 / 0x0303000a") == SmcssMode{DiagMode::FallbackTcp, 0x05000000, 0x0303000a});
  CHECK_FALSE(parse_smcss_mode("TCP 0x123456789").has_value());
  CHECK_FALSE(parse_smcss_mode("TCP 03030000").has_value());
  CHECK_FALSE(parse_smcss_mode("TCP 0x05000000/").has_value());
  CHECK_FALSE(parse_smcss_mode("TCPx").has_value());
  CHECK_FALSE(parse_smcss_mode("SMCRX").has_value());
  CHECK_FALSE(parse_smcss_mode("").has_value());
  for (auto m : {SmcssMode{DiagMode::FallbackTcp, 0x05000000, 0x09990003}, SmcssMode{DiagMode::Smcd, 0, 0},
                 SmcssMode{DiagMode::FallbackTcp, 0x03060000, 0}}) {
    CHECK(parse_smcss_mode(format_smcss_mode(m)) == m);
  }
  CHECK(parse_code("0x03030004") == 0x03030004u);
  CHECK(parse_code("0X3030004") == 0x03030004u);
  CHECK(parse_code("03030004") == 0x03030004u);
  CHECK_FALSE(parse_code("3").has_value());
  CHECK_FALSE(parse_code("0xZZ").has_value());
}

TEST_CASE("rows match the seed's smcss -a example word for word") {
  SocketDiag fb = active("192.168.99.21", 60188, "192.168.99.22", 8090);
  fb.inode = 156721;
  fb.mode = DiagMode::FallbackTcp;
  fb.fallback_rsn = 0x03010000;
  SocketDiag ok = active("172.16.4.189", 44780, "172.16.4.190", 1811);
  ok.inode = 1202539;
  SmcssOptions a;
  a.all = true;
  const std::string out = format_smcss({fb, ok}, a);
  std::istringstream lines(out);
  std::string header, l1, l2;
  std::getline(lines, header);
  std::getline(lines, l1);
  std::getline(lines, l2);
  CHECK(words(header) == words("State UID Inode Local Address Peer Address Intf Mode"));
  CHECK(words(l1) == words("ACTIVE 00000 0156721 192.168.99.21:60188 192.168.99.22:8090 0000 TCP 0x03010000"));
  CHECK(words(l2) == words("ACTIVE 00000 1202539 172.16.4.189:44780 172.16.4.190:1811 0000 SMCR"));
}

TEST_CASE("a peer-declined socket shows both codes") {
  SocketDiag s = active("10.0.0.2", 8090, "10.0.0.1", 40000);
  s.mode = DiagMode::FallbackTcp;
  s.fallback_rsn = 0x05000000;
  s.peer_diagnosis = 0x03030000;
  auto row = smcss_row(s, {});
  CHECK(row.size() >= 25);
  CHECK(row.substr(row.size() - 25) == "TCP 0x05000000/0x03030000");
}

TEST_CASE("INIT and LISTEN: hidden without -a; with -a no mode or code (§1.3)") {
  SocketDiag init;
  init.state = SmcState::Init;
  init.inode = 42;
  init.mode = DiagMode::FallbackTcp;
  init.fallback_rsn = 0x03060000;  // raw diag carries it [lab 6.12]; smcss does not print it
  init.local = {"10.0.0.1", 5555};
  SocketDiag listen;
  listen.state = SmcState::Listen;
  listen.local = {"0.0.0.0", 8090};
  CHECK(smcss_row(init, {}).empty());
  CHECK(smcss_row(listen, {}).empty());
  SmcssOptions a;
  a.all = true;
  CHECK(words(smcss_row(init, a)) == words("INIT 00000 0000042"));
  CHECK(words(smcss_row(listen, a)) == words("LISTEN 00000 0000000 0.0.0.0:8090"));
  SmcssOptions l;
  l.listening = true;
  CHECK_FALSE(smcss_row(listen, l).empty());
  CHECK(smcss_row(active("1.1.1.1", 1, "2.2.2.2", 2), l).empty());
}

TEST_CASE("state names as smcss(8) lists them") {
  CHECK(smcss_state_name(SmcState::PeerCloseWait1) == "PEERCLW1");
  CHECK(smcss_state_name(SmcState::PeerCloseWait2) == "PEERCLW2");
  CHECK(smcss_state_name(SmcState::AppCloseWait1) == "APPLCLW1");
  CHECK(smcss_state_name(SmcState::AppCloseWait2) == "APPLCLW2");
  CHECK(smcss_state_name(SmcState::AppFinCloseWait) == "APPFINCLW");
  CHECK(smcss_state_name(SmcState::PeerFinCloseWait) == "PEERFINCLW");
  CHECK(smcss_state_name(SmcState::PeerAbortWait) == "PEERABORTW");
  CHECK(smcss_state_name(SmcState::ProcessAbort) == "PROCESSABORT");
  CHECK(smcss_state_name(SmcState::Closed) == "CLOSED");
  CHECK(static_cast<int>(SmcState::Listen) == 10);
}

TEST_CASE("long IPv6 addresses are shortened with '..' unless wide") {
  Endpoint e{"2001:db8:1234:5678:9abc:def0:1234:5678", 443};
  auto shortened = smcss_address(e, false);
  CHECK(shortened.size() == 23);
  CHECK(shortened.substr(shortened.size() - 6) == "..:443");
  CHECK(smcss_address(e, true) == "2001:db8:1234:5678:9abc:def0:1234:5678:443");
  CHECK(smcss_address({"10.0.0.1", 80}, false) == "10.0.0.1:80");
}

TEST_CASE("-R lists SMC-R sockets with link group columns; -d adds buffers") {
  SocketDiag s = active("10.0.0.1", 40000, "10.0.0.2", 8090);
  s.lgr = LinkGroupInfo{false, "rxe0", 1, 1, "fe80::1", "fe80::2"};
  s.conn = ConnInfo{};
  s.conn->sndbuf_size = 65536;
  s.conn->rmbe_size = 65536;
  s.conn->peer_rmbe_size = 16384;
  SocketDiag fb = s;
  fb.mode = DiagMode::FallbackTcp;
  fb.fallback_rsn = 0x03010000;
  SmcssOptions r;
  r.smcr = true;
  auto row = smcss_row(s, r);
  auto w = words(row);
  REQUIRE(w.size() >= 13);
  CHECK(w[7] == "CLNT");
  CHECK(w[8] == "rxe0");
  CHECK(w[9] == "01");
  CHECK(w[10] == "01");
  CHECK(smcss_row(fb, r).empty());  // -R shows SMC-R sockets only
  SmcssOptions d;
  d.details = true;
  auto dw = words(smcss_row(s, d));
  REQUIRE(dw.size() >= 13);
  CHECK(dw[7] == "<->");
  CHECK(dw[9] == "00010000");   // Sndbuf 65536
  CHECK(dw[11] == "00004000");  // Peerbuf 16384
  // Fallback sockets print nothing past the mode, even with -d.
  CHECK(words(smcss_row(fb, d)).back() == "0x03010000");
}
