// The scenario's network in the TCP world (sim/world/tcp_world.h): segments give the cables
// their delay, bandwidth, packets-per-second cap and MTU; every network fault kind acts on the
// cables of its target in its direction and at its instant; RoCE follows the cables (a cut
// cable cuts RDMA, a one-way rdma-blackhole gives §12 row 6). Completion instants are computed
// from the frame sizes TCP puts on the wire (Ethernet 14 + IPv4 20 + TCP 20 + options + data)
// and the segment's bandwidth or packet rate, not read back from a run.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "conformance/scenario_network.h"
#include "conformance/scenario_world.h"
#include "scenarios/scenario_parser.h"
#include "sim/kernel/trace_sink.h"
#include "sim/world/tcp_world.h"

using namespace smc;
using namespace smc::world;

namespace {

struct Spec {
  std::string segments = "[[segment]]\nname = \"lan0\"\ndelay = \"5us\"\n";
  std::string client_segment = "lan0";
  std::string server_segment = "lan0";
  std::string mtu = "1500";
  std::string faults;
  std::string client_socket = "af_smc";
  std::string send = "64KiB";
  std::string duration = "30s";
  std::string server_sysctl;
};

std::string host(const std::string& name, const std::string& addr, const std::string& segment, const std::string& mtu,
                 const std::string& sysctl = {}) {
  return "[[host]]\nname = \"" + name + "\"\nueids = [\"SMC-TEST-UEID\"]\n" + sysctl +
         "  [[host.interface]]\n  name = \"eth0\"\n  segment = \"" + segment + "\"\n  addresses = [\"" + addr +
         "\"]\n  mtu = " + mtu +
         "\n  [[host.rnic]]\n  name = \"roce0\"\n  kind = \"mlx5\"\n  netdev = \"eth0\"\n"
         "  gids = [\"roce-v1\", \"roce-v2\"]\n";
}

WorldSetup setup_of(const Spec& s) {
  std::string text = "[scenario]\nid = \"test/net\"\ntitle = \"t\"\nduration = \"" + s.duration + "\"\n" + s.segments +
                     host("client", "10.0.0.1/24", s.client_segment, s.mtu) +
                     host("server", "10.0.0.2/24", s.server_segment, s.mtu, s.server_sysctl) + s.faults +
                     "[[app]]\nname = \"srv\"\nhost = \"server\"\nrole = \"server\"\nport = 5000\n"
                     "[[app]]\nname = \"cli\"\nhost = \"client\"\nrole = \"client\"\nconnect = \"server:5000\"\n"
                     "socket = \"" + s.client_socket + "\"\nsend = \"" + s.send + "\"\n";
  auto sc = scenarios::parse_scenario_text(text, "net.toml");
  REQUIRE_MESSAGE(sc.ok(), (sc.ok() ? "" : sc.error().to_string()));
  auto w = conformance::build_world_setup(*sc);
  REQUIRE_MESSAGE(w.ok(), (w.ok() ? "" : w.error()));
  return *w;
}

struct Traced {
  WorldRun run;
  std::vector<std::string> lines;
  const ConnectionOutcome& out() const { return run.connections.at(0); }
  std::size_t count(const std::string& needle) const {
    std::size_t n = 0;
    for (const auto& l : lines) n += l.find(needle) != std::string::npos;
    return n;
  }
  // The instant (ns) of the first line containing every needle; -1 if none.
  std::int64_t instant(const std::vector<std::string>& needles) const {
    for (const auto& l : lines) {
      bool all = true;
      for (const auto& n : needles) all = all && l.find(n) != std::string::npos;
      if (!all) continue;
      auto s = l.find_first_not_of(' ');
      auto dot = l.find('.', s);
      auto end = l.find('s', dot);
      return std::stoll(l.substr(s, dot - s)) * 1'000'000'000LL + std::stoll(l.substr(dot + 1, end - dot - 1));
    }
    return -1;
  }
};

Traced run(const Spec& s) {
  sim::CollectingTraceSink sink;
  Traced t;
  t.run = run_tcp_world(setup_of(s), &sink);
  t.lines = sink.take();
  return t;
}

std::string fault(const std::string& body) { return "[[fault]]\n" + body + "\n"; }

}  // namespace

TEST_CASE("a segment's delay, bandwidth, pps and MTU reach the cable, the NICs and TCP's MSS") {
  Spec s;
  s.segments = "[[segment]]\nname = \"lan0\"\ndelay = \"7us\"\nbandwidth = \"100Mbit\"\npps = 5000\nmtu = 9000\n";
  s.mtu = "9000";
  sim::Simulator sim(sim::Seed(1));
  TcpWorld world(sim, setup_of(s));
  auto* link = world.cable("client", "server");
  REQUIRE(link != nullptr);
  CHECK(link->params().delay.ns() == 7'000);
  CHECK(link->params().bandwidth_bps == 100'000'000);
  auto* eth = world.network().host("client")->init().find_interface("eth0");
  REQUIRE(eth != nullptr);
  CHECK(eth->pps_cap() == 5000);
  CHECK(eth->config().mtu == 9000);
  // The interface's own MTU caps the segment's: 1500 on a 9000 segment gives MSS 1460.
  Spec small = s;
  small.mtu = "1500";
  auto t = run(small);
  CHECK(t.count("[SYN] ") > 0);
  CHECK(t.count("opts=[mss=1460 ") > 0);
  auto jumbo = run(s);
  CHECK(jumbo.count("opts=[mss=8960 ") > 0);  // 9000 - 20 (IPv4) - 20 (TCP)
  CHECK(jumbo.out().data_intact);
}

TEST_CASE("hosts on two segments: one cable with the delays added and the smaller MTU") {
  Spec s;
  s.segments = "[[segment]]\nname = \"lan0\"\ndelay = \"5us\"\nmtu = 9000\n"
               "[[segment]]\nname = \"lan1\"\ndelay = \"20us\"\nmtu = 1500\n";
  s.server_segment = "lan1";
  s.mtu = "9000";
  sim::Simulator sim(sim::Seed(1));
  TcpWorld world(sim, setup_of(s));
  REQUIRE(world.cable("client", "server") != nullptr);
  CHECK(world.cable("client", "server")->params().delay.ns() == 25'000);
  CHECK(world.network().host("server")->init().find_interface("eth0")->config().mtu == 1500);
}

TEST_CASE("TCP over a 10 Mbit/s jumbo segment completes when the bandwidth arithmetic says") {
  Spec s;
  s.segments = "[[segment]]\nname = \"lan0\"\ndelay = \"5us\"\nbandwidth = \"10Mbit\"\nmtu = 9000\n";
  s.mtu = "9000";
  s.client_socket = "tcp";
  s.send = "100000";
  auto t = run(s);
  CHECK(t.out().data_intact);
  // SYN and SYN-ACK: 14 + 20 + 20 + 20 (MSS 4, SACK-permitted + timestamps 12, window scale 4)
  // = 74 bytes, 59.2 us each at 10 Mbit/s, plus 5 us each. Then the client's ACK (54 bytes,
  // 43.2 us) and 100000 bytes in 12 segments of at most 8960 (MSS at MTU 9000), each with 54
  // bytes of headers: 100648 bytes, 80518.4 us, back to back (the window is far larger than
  // the path's bandwidth-delay product). The last bit arrives 5 us after it left.
  const std::int64_t synack_at_client = 2 * (59'200 + 5'000);
  const std::int64_t expected = synack_at_client + 43'200 + 80'518'400 + 5'000;
  CHECK(t.instant({"server/srv", "app.read", "total=100000"}) == expected);
}

TEST_CASE("TCP from a NIC capped at 1000 packets per second completes at the packet rate") {
  Spec s;
  s.segments = "[[segment]]\nname = \"lan0\"\ndelay = \"5us\"\npps = 1000\nmtu = 9000\n";
  s.mtu = "9000";
  s.client_socket = "tcp";
  s.send = "100000";
  auto t = run(s);
  CHECK(t.out().data_intact);
  // The client's NIC sends one packet per millisecond: the SYN at 0, the ACK at 1 ms, the 12
  // data segments at 2 ... 13 ms; the last arrives 5 us later.
  CHECK(t.instant({"server/srv", "app.read", "total=100000"}) == 13'005'000);
}

TEST_CASE("loss-mask: exactly the numbered packets of each direction are lost; TCP recovers") {
  Spec s;
  s.faults = fault("kind = \"loss-mask\"\ntarget = \"lan0\"\ndirection = \"server-to-client\"\npackets = [1]") +
             fault("kind = \"loss-mask\"\ntarget = \"lan0\"\ndirection = \"client-to-server\"\npackets = [4]");
  auto t = run(s);
  CHECK(t.out().client_mode() == "SMCR");
  CHECK(t.out().server_mode() == "SMCR");
  CHECK(t.out().data_intact);
  CHECK(t.count("net.drop") == 2);
  // Server-to-client packet 1 is the SYN-ACK; client-to-server packets are the SYN, its
  // retransmission, the ACK and then the Proposal (a 164-byte v2 Proposal with the UEID).
  CHECK(t.count("net.drop id=2 reason=filter by=fault1:loss-mask") == 1);
  CHECK(t.instant({"net.drop", "fault2:loss-mask"}) == t.instant({"client net.tx", "[PSH,ACK]", "len=164"}));
  // Both losses cost an RTO: the handshake ends after 1 s.
  CHECK(t.out().client_done_ns > 1'000'000'000);
  // Replayable: the same run twice.
  CHECK(run(s).run.trace_hash == t.run.trace_hash);
}

TEST_CASE("loss: seeded loss both ways, recovered by TCP, and the same for the same seed") {
  Spec s;
  s.faults = fault("kind = \"loss\"\ntarget = \"lan0\"\nprobability = 0.05");
  s.client_socket = "tcp";
  s.send = "64KiB";
  auto t = run(s);
  CHECK(t.out().data_intact);
  CHECK(t.count("by=fault1:loss:c2s:") > 0);
  CHECK(t.count("by=fault1:loss:s2c:") > 0);
  CHECK(run(s).run.trace_hash == t.run.trace_hash);
}

TEST_CASE("delay: one direction gets the extra one-way delay") {
  Spec s;
  s.faults = fault("kind = \"delay\"\ntarget = \"lan0\"\ndirection = \"client-to-server\"\ndelay = \"1ms\"");
  auto t = run(s);
  CHECK(t.out().client_mode() == "SMCR");
  // The SYN: 5 us + 1 ms; the SYN-ACK back: 5 us only.
  CHECK(t.instant({"server net.rx id=1 "}) == 1'005'000);
  CHECK(t.instant({"client net.rx id=2 "}) == 1'010'000);
}

TEST_CASE("duplicate: every packet arrives twice; TCP and SMC do not care") {
  Spec s;
  s.faults = fault("kind = \"duplicate\"\ntarget = \"client/eth0\"");
  auto t = run(s);
  CHECK(t.count("server net.rx id=1 ") == 2);
  CHECK(t.count("client net.rx id=2 ") == 2);
  CHECK(t.out().client_mode() == "SMCR");
  CHECK(t.out().data_intact);
}

TEST_CASE("reorder: held packets are overtaken; the bytes still arrive in order") {
  Spec s;
  s.faults = fault("kind = \"reorder\"\ntarget = \"lan0\"\ndirection = \"client-to-server\"\nprobability = 0.5\ndelay = \"200us\"");
  s.client_socket = "tcp";
  s.send = "256KiB";
  auto t = run(s);
  CHECK(t.out().data_intact);
  CHECK(run(s).run.trace_hash == t.run.trace_hash);
}

TEST_CASE("partition and heal: nothing crosses until the heal, then SYN retransmission connects") {
  Spec s;
  s.faults = fault("kind = \"partition\"\ntarget = \"lan0\"") + fault("kind = \"heal\"\ntarget = \"lan0\"\nat = \"2s\"");
  auto t = run(s);
  // SYNs at 0 and 1 s are lost; the one at 3 s (RTO 1 s, then 2 s) gets through.
  CHECK(t.count("by=partition:c2s:") == 2);
  CHECK(t.instant({"server net.rx", "[SYN]"}) == 3'000'005'000);
  CHECK(t.out().client_mode() == "SMCR");
  CHECK(t.out().data_intact);
}

TEST_CASE("a partition also cuts RoCE: the LLC Confirm Link is lost, the server falls back 0x02010000") {
  Spec s;
  // SYN 0 → 5 us, SYN-ACK → 10 us, Proposal → 15 us, Accept → 20 us, Confirm → 25 us: at 22 us
  // the Confirm is in flight (it arrives), the server's LLC request over RoCE is not.
  s.faults = fault("kind = \"partition\"\ntarget = \"lan0\"\nat = \"22us\"") +
             fault("kind = \"heal\"\ntarget = \"lan0\"\nat = \"1s\"");
  auto t = run(s);
  CHECK(t.count("fabric.drop-cable") > 0);
  CHECK(t.out().server_mode() == "TCP 0x02010000");
  CHECK(t.out().data_intact);
}

TEST_CASE("link-down and link-up: the cable carries nothing while down") {
  Spec s;
  s.faults = fault("kind = \"link-down\"\ntarget = \"client/eth0\"") +
             fault("kind = \"link-up\"\ntarget = \"client/eth0\"\nat = \"2s\"");
  auto t = run(s);
  CHECK(t.count("reason=link-down") == 2);
  CHECK(t.out().client_mode() == "SMCR");
  CHECK(t.out().client_done_ns > 3'000'000'000);

  Spec dead;
  dead.faults = fault("kind = \"link-down\"\ntarget = \"lan0\"");
  dead.duration = "200s";
  auto d = run(dead);
  // Linux's tcp_syn_retries = 6: SYNs at 0, 1, 3, 7, 15, 31, 63 s, given up at 127 s.
  CHECK(d.out().client_mode() == "failed");
  REQUIRE(d.out().client_errno.has_value());
  CHECK(errno_name(*d.out().client_errno) == "ETIMEDOUT");
  CHECK(d.instant({"tcp.connect_failed"}) == 127'000'000'000LL);
}

TEST_CASE("rdma-blackhole client-to-server with max_links 1 on the server: §12 row 6") {
  Spec s;
  s.faults = fault("kind = \"rdma-blackhole\"\ntarget = \"lan0\"\ndirection = \"client-to-server\"");
  s.server_sysctl = "sysctl = { \"net.smc.smcr_max_links_per_lgr\" = 1 }\n";
  auto t = run(s);
  CHECK(t.out().client_mode() == "SMCR");
  CHECK(t.out().server_mode() == "TCP 0x02010000");
}

TEST_CASE("network faults the world cannot express are refused, not ignored") {
  scenarios::FaultSpec f;
  f.kind = "loss";
  CHECK(conformance::is_network_fault(f));
  f.kind = "rdma-blackhole";
  CHECK_FALSE(conformance::is_network_fault(f));  // both ways: a per-connection fault
  f.direction = "client-to-server";
  CHECK(conformance::is_network_fault(f));
  scenarios::Scenario sc;
  f.kind = "loss";
  f.target = "lan0";
  f.direction = "tx";
  f.probability = 0.1;
  sc.segments.push_back(scenarios::SegmentSpec{});
  sc.segments.back().name = "lan0";
  sc.faults.push_back(f);
  WorldSetup w;
  auto bad = conformance::apply_network(sc, w);
  REQUIRE(bad.has_value());
  CHECK(bad->find("direction 'tx'") != std::string::npos);
}
