// The TCP world's own properties: the ladder of a plain SMC-R success (fallback-causes.md §2:
// SYN and SYN-ACK carry the option, then Proposal, Accept, Confirm on the stream), lost
// segments and retransmissions, middleboxes seen on the path, determinism, TCP loss that
// must not change any code, connect() giving up after Linux's SYN retries, and several
// connections sharing one listener.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/kernel/determinism.h"
#include "sim/world/handshake_world.h"
#include "sim/world/tcp_world.h"
#include "tests/world/world_cases.h"

using namespace smc;
using namespace smc::world;

namespace {

const std::vector<test::WorldCase>& cases() {
  static const std::vector<test::WorldCase> c = test::catalogue_cases();
  return c;
}

const WorldSetup& setup_of(const std::string& id) {
  const auto* c = test::find_case(cases(), id);
  REQUIRE_MESSAGE(c != nullptr, id);
  return c->setup;
}

// Index of the first event with this label at or after `from`, or -1.
long find_label(const MessageLog& log, const std::string& label, long from = 0) {
  for (long i = std::max(from, 0L); i < static_cast<long>(log.size()); ++i)
    if (log[static_cast<std::size_t>(i)].label == label) return i;
  return -1;
}

std::size_t count_if_label(const MessageLog& log, const std::string& prefix) {
  return static_cast<std::size_t>(std::count_if(log.begin(), log.end(), [&](const MessageEvent& e) {
    return e.label.rfind(prefix, 0) == 0;
  }));
}

std::string codes(const ConnectionOutcome& o) {
  return o.client_mode() + " / " + o.server_mode() + " / " + (o.client_errno ? errno_name(*o.client_errno) : "-") +
         " / " + o.wire_text();
}

}  // namespace

TEST_CASE("SMC-R v2 success: SYN, SYN-ACK, ACK, then Proposal, Accept, Confirm, in time order") {
  auto run = run_tcp_world(setup_of("success/smcr-v2"));
  REQUIRE(run.connections.size() == 1);
  const auto& o = run.connections[0];
  CHECK(o.client_mode() == "SMCR");
  CHECK(o.server_mode() == "SMCR");
  CHECK(o.data_intact);
  const MessageLog& log = o.messages;
  long syn = find_label(log, "SYN");
  long synack = find_label(log, "SYN-ACK", syn);
  long ack = find_label(log, "ACK", synack);
  long p = find_label(log, "CLC Proposal", ack);
  long a = find_label(log, "CLC Accept", p);
  long c = find_label(log, "CLC Confirm", a);
  CHECK(syn == 0);
  CHECK(synack > syn);
  CHECK(ack > synack);
  CHECK(p > ack);
  CHECK(a > p);
  CHECK(c > a);
  REQUIRE(c > 0);
  // The option both ways (wire-format.md §1), unchanged on a clean path.
  CHECK(log[static_cast<std::size_t>(syn)].detail.find("SMC") != std::string::npos);
  CHECK(log[static_cast<std::size_t>(synack)].detail.find("SMC") != std::string::npos);
  CHECK(log[static_cast<std::size_t>(syn)].detail.find("on path") == std::string::npos);
  CHECK(log[static_cast<std::size_t>(syn)].from == "client");
  CHECK(log[static_cast<std::size_t>(synack)].from == "server");
  CHECK(log[static_cast<std::size_t>(p)].layer == MessageLayer::Clc);
  CHECK(log[static_cast<std::size_t>(p)].detail.rfind("v2", 0) == 0);
  // First contact: the LLC stand-in, then SMC on both hosts; no fallback, no loss.
  CHECK(find_label(log, "LLC Confirm Link", c) > c);
  CHECK(count_if_label(log, "SMC established") == 2);
  CHECK(count_if_label(log, "fallback") == 0);
  CHECK(count_if_label(log, "CLC Decline") == 0);
  // The scenario's segment has a 5 us one-way delay: nothing arrives sooner, nothing is lost.
  for (std::size_t i = 0; i < log.size(); ++i) {
    INFO(i << " " << log[i].label);
    if (i) CHECK(log[i].sent_ns >= log[i - 1].sent_ns);
    if (log[i].layer == MessageLayer::Mark) continue;
    CHECK_FALSE(log[i].lost());
    CHECK(log[i].arrived_ns - log[i].sent_ns >= 5'000);
  }
  CHECK(count_if_label(log, "SYN retransmission") == 0);
}

TEST_CASE("a middlebox drops the client's payload: the Proposal is lost, TCP retransmits, ETIMEDOUT after 6 s") {
  auto run = run_tcp_world(setup_of("error/accept-timeout"));
  const auto& o = run.connections[0];
  CHECK(o.client_mode() == "failed");
  REQUIRE(o.client_errno);
  CHECK(errno_name(*o.client_errno) == "ETIMEDOUT");
  CHECK(o.server_mode() == "dropped");
  const MessageLog& log = o.messages;
  long p = find_label(log, "CLC Proposal");
  REQUIRE(p >= 0);
  CHECK(log[static_cast<std::size_t>(p)].lost());
  CHECK(count_if_label(log, "data retransmission") >= 2);
  for (const auto& e : log)
    if (e.label.rfind("data", 0) == 0 && e.from == "client") CHECK(e.lost());
  // C10: the Accept wait is 6 s (fallback-causes.md §2.2), counted from the Proposal.
  long err = find_label(log, "error ETIMEDOUT");
  REQUIRE(err > p);
  CHECK(log[static_cast<std::size_t>(err)].sent_ns - log[static_cast<std::size_t>(p)].sent_ns == 6'000'000'000);
  CHECK(find_label(log, "timer clc_wait expired") >= 0);
  // The client application closes its failed socket: a FIN goes out (nothing was unread).
  CHECK(find_label(log, "FIN", err) > err);
}

TEST_CASE("virtual time: the handshake world's instants where TCP adds no round trip of its own") {
  // fallback-causes.md §2.2 C10 and §12 row 4, 5 us per hop on lan0 (the catalogue test's
  // expectations for the handshake world): SYN + SYN-ACK, then the 6 s CLC wait; the server's
  // 2 s LLC wait + 1 s decline wait and the client's 4 s C19, from each side's last CLC step.
  auto timeout = run_tcp_world(setup_of("error/accept-timeout"));
  CHECK(timeout.connections[0].client_done_ns == 6'000'000'000LL + 10'000);
  auto dead = run_tcp_world(setup_of("decline/0x02010000-rdma-dead"));
  CHECK(dead.connections[0].server_done_ns == 3'000'000'000LL + 25'000);
  CHECK(dead.connections[0].client_done_ns == 4'000'000'000LL + 20'000);
  // With a bandwidth, serialization adds its nanoseconds; the codes stay.
  TcpWorldOptions tengig;
  tengig.bandwidth_bps = 10'000'000'000ULL;
  auto slow = run_tcp_world(setup_of("error/accept-timeout"), nullptr, tengig);
  CHECK(slow.connections[0].client_done_ns > 6'000'000'000LL + 10'000);
  CHECK(slow.connections[0].client_done_ns < 6'000'000'000LL + 11'000);
  CHECK(codes(slow.connections[0]) == codes(timeout.connections[0]));
}

TEST_CASE("middleboxes are seen on the path: stripped SYN option, echoed SYN-ACK option") {
  {
    auto run = run_tcp_world(setup_of("fallback/0x03010000-strip-syn"));
    const MessageLog& log = run.connections[0].messages;
    long syn = find_label(log, "SYN");
    REQUIRE(syn >= 0);
    CHECK(log[static_cast<std::size_t>(syn)].detail.find("SMC stripped on path") != std::string::npos);
    long synack = find_label(log, "SYN-ACK");
    REQUIRE(synack >= 0);
    CHECK(log[static_cast<std::size_t>(synack)].detail.find("SMC") == std::string::npos);
    CHECK(find_label(log, "fallback 0x03010000") >= 0);  // C2: no option in the SYN-ACK
  }
  {
    auto run = run_tcp_world(setup_of("error/option-echo"));
    const MessageLog& log = run.connections[0].messages;
    long synack = find_label(log, "SYN-ACK");
    REQUIRE(synack >= 0);
    CHECK(log[static_cast<std::size_t>(synack)].detail.find("SMC added on path") != std::string::npos);
    CHECK(find_label(log, "error EPROTO") > find_label(log, "CLC Proposal"));  // N1: the peer answers with data
  }
}

TEST_CASE("same seed, same trace: every catalogue case twice") {
  for (const auto& c : cases()) {
    INFO(c.id);
    auto a = run_tcp_world(c.setup);
    auto b = run_tcp_world(c.setup);
    CHECK(a.trace_records > 0);
    CHECK(a.trace_hash == b.trace_hash);
    CHECK(a.trace_records == b.trace_records);
    REQUIRE(a.connections.size() == b.connections.size());
    for (std::size_t i = 0; i < a.connections.size(); ++i) {
      CHECK(a.connections[i].messages.size() == b.connections[i].messages.size());
      CHECK(a.connections[i].client_port == b.connections[i].client_port);
    }
  }
}

TEST_CASE("TcpWorld on a caller's Simulator fits the kernel's determinism check (as smcsim run uses it)") {
  const WorldSetup& s = setup_of("success/smcr-v2");
  auto report = sim::check_determinism(sim::Seed(s.seed), [&](sim::Simulator& sim) {
    TcpWorld w(sim, s);
    w.run();
  });
  INFO(report.summary());
  CHECK(report.deterministic());
}

TEST_CASE("a lossy link changes timing, never codes: TCP retransmits and the data arrives intact") {
  const char* ids[] = {"success/smcr-v2", "success/smcr-v1", "decline/0x03030000-ueid-mismatch",
                       "fallback/0x03010000-peer-no-smc", "fallback/0x03010000-strip-syn",
                       "decline/0x02010000-rdma-dead"};
  std::size_t retransmissions = 0;
  for (const char* id : ids) {
    const WorldSetup& base = setup_of(id);
    auto clean = run_tcp_world(base);
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      INFO(id << " seed " << seed);
      WorldSetup s = base;
      s.seed = seed;
      TcpWorldOptions lossy;
      lossy.path_loss = 0.05;
      auto run = run_tcp_world(s, nullptr, lossy);
      auto again = run_tcp_world(s, nullptr, lossy);
      CHECK(run.trace_hash == again.trace_hash);  // seeded loss: the same drops every time
      REQUIRE(run.connections.size() == clean.connections.size());
      for (std::size_t i = 0; i < run.connections.size(); ++i) {
        const auto& o = run.connections[i];
        CHECK(codes(o) == codes(clean.connections[i]));
        CHECK(o.data_intact == clean.connections[i].data_intact);
        retransmissions += count_if_label(o.messages, "data retransmission") +
                           count_if_label(o.messages, "SYN retransmission") +
                           count_if_label(o.messages, "SYN-ACK retransmission");
      }
    }
  }
  CHECK(retransmissions > 0);  // the loss did hit something
}

TEST_CASE("a firewall drops SMC SYNs: connect() gives up after Linux's 6 SYN retries, 127 s") {
  // ip-sysctl: tcp_syn_retries = 6, initial RTO 1 s doubling: 1+2+4+8+16+32+64 s.
  WorldSetup s = setup_of("success/smcr-v2");
  s.duration_ns = 200'000'000'000LL;
  s.connections[0].drop_smc_syn = true;
  auto ideal = run_world(s);
  auto tcp = run_tcp_world(s);
  const auto& o = tcp.connections[0];
  REQUIRE(o.client_errno);
  CHECK(errno_name(*o.client_errno) == "ETIMEDOUT");
  CHECK(o.client_done_ns == 127'000'000'000LL);
  CHECK(codes(o) == codes(ideal.connections[0]));
  CHECK(count_if_label(o.messages, "SYN") == 7);  // the SYN and its 6 retransmissions
  for (const auto& e : o.messages)
    if (e.layer == MessageLayer::Tcp) CHECK(e.lost());
}

TEST_CASE("several connections to one listener: each its own port, all SMC-R, all intact") {
  WorldSetup s = setup_of("success/smcr-v2");
  for (int n = 2; n <= 4; ++n) {
    ConnectionSetup c = s.connections[0];
    c.index = n;
    c.start_ns = (n - 1) * 1'000'000;
    s.connections.push_back(c);
  }
  auto run = run_tcp_world(s);
  REQUIRE(run.connections.size() == 4);
  std::vector<std::uint16_t> ports;
  for (const auto& o : run.connections) {
    INFO(o.index);
    CHECK(o.client_mode() == "SMCR");
    CHECK(o.server_mode() == "SMCR");
    CHECK(o.data_intact);
    CHECK(o.wire_text() == "P,A,C");
    CHECK(find_label(o.messages, "SYN") == 0);  // each ladder holds its own flow only
    CHECK(count_if_label(o.messages, "SYN-ACK") == 1);
    ports.push_back(o.client_port);
  }
  std::sort(ports.begin(), ports.end());
  CHECK(std::unique(ports.begin(), ports.end()) == ports.end());
}
