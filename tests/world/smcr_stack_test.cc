// SMC-R in the TCP world on the real link layer and data path (sim/world/smcr_host_stack.h,
// smcr_data_session.h): the catalogue's SMC-R success case moves 1 MiB each way through
// ConnectionDataPath over SmcrConnection over SimRnic, byte for byte; its ladder has the LLC
// Confirm Link exchange, RDMA WRITEs and CDCs at their real instants; a blackholed RDMA path
// still gives fallback-causes.md §12 row 4 (server 0x02010000 after 2 s + 1 s, client
// 0x05000000/0x02010000 after 4 s); SMC-D keeps the stand-in; same seed, same trace.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/world/tcp_world.h"
#include "tests/world/world_cases.h"

using namespace smc;
using namespace smc::world;

namespace {

constexpr std::int64_t kMiB = 1 << 20;
constexpr std::int64_t kUs = 1'000;
constexpr std::int64_t kSecond = 1'000'000'000;

WorldSetup setup_of(const std::string& id) { return test::catalogue_setup(id); }

WorldSetup with_bytes(WorldSetup s, std::int64_t bytes) {
  REQUIRE(s.connections.size() == 1);
  s.connections[0].send_bytes = bytes;
  s.connections[0].server_echo = true;
  return s;
}

long find(const MessageLog& log, const std::string& label, long from = 0) {
  for (long i = std::max(from, 0L); i < static_cast<long>(log.size()); ++i)
    if (log[static_cast<std::size_t>(i)].label == label) return i;
  return -1;
}

std::size_t count_layer(const MessageLog& log, MessageLayer layer) {
  return static_cast<std::size_t>(
      std::count_if(log.begin(), log.end(), [&](const MessageEvent& e) { return e.layer == layer; }));
}

const MessageEvent& at(const MessageLog& log, long i) {
  REQUIRE(i >= 0);
  return log[static_cast<std::size_t>(i)];
}

// The run on a caller's simulator, so the world (its runs, fabric, stacks) can be inspected.
struct LiveRun {
  explicit LiveRun(const WorldSetup& s) : sim(sim::Seed(s.seed)), world(sim, s) { outcomes = world.run(); }
  sim::Simulator sim;
  TcpWorld world;
  std::vector<ConnectionOutcome> outcomes;
};

}  // namespace

TEST_CASE("SMC-R: 1 MiB each way through the real data path, every byte in order, through a 64 KiB RMB") {
  // Both success rows: SMC-Rv2 (row 0a) and SMC-Rv1 (row 0b).
  for (const char* id : {"success/smcr-v2", "success/smcr-v1"}) {
    INFO(id);
    LiveRun run(with_bytes(setup_of(id), kMiB));
    REQUIRE(run.world.run_error() == "");
    REQUIRE(run.outcomes.size() == 1);
    const ConnectionOutcome& o = run.outcomes[0];
    CHECK(o.client_mode() == "SMCR");
    CHECK(o.server_mode() == "SMCR");
    CHECK(o.data_sent);
    // The receiving applications' bytes are compared with the pattern the client wrote
    // (server: 1 MiB; client: the 1 MiB echo).
    CHECK(o.data_intact);

    const TcpConnectionRun& r = *run.world.runs()[0];
    const SmcrDataSession* session = r.smcr_session();
    REQUIRE(session != nullptr);
    CHECK(session->bytes_sent(true) == static_cast<std::uint64_t>(kMiB));
    CHECK(session->bytes_sent(false) == static_cast<std::uint64_t>(kMiB));
    CHECK_FALSE(session->error(true));
    CHECK_FALSE(session->error(false));
    // Linux's default RMB is 64 KiB (link_config.h, half of the 128 KiB rmem default):
    // 1 MiB through it is exactly 16 turns of the ring, nothing left over.
    const auto* cdp = session->data_path(true);
    const auto* sdp = session->data_path(false);
    REQUIRE(cdp);
    REQUIRE(sdp);
    CHECK(cdp->peer_ring_size() == 65536);
    CHECK(sdp->ring_size() == 65536);
    CHECK(cdp->tx_producer().wrap == 16);
    CHECK(cdp->tx_producer().count == 0);
    CHECK(sdp->tx_producer().wrap == 16);
    CHECK(sdp->tx_consumer().wrap == 16);  // the server read everything the client wrote
    CHECK(cdp->tx_consumer().wrap == 16);  // and the client everything echoed
    // Every byte crossed the RDMA fabric (2 MiB of writes plus the LLC and CDC messages).
    CHECK(run.world.roce_fabric().counters().bytes_delivered > 2u * static_cast<std::uint64_t>(kMiB));
    CHECK(run.world.roce_fabric().counters().messages_dropped == 0);
    // The ladder drew the bulk bounded: RDMA WRITEs both ways, at least 16 (one per ring turn).
    const RdmaLadder* ladder = r.rdma_ladder();
    REQUIRE(ladder);
    CHECK(ladder->messages(MessageLayer::Rdma) >= 32);
    CHECK(ladder->messages(MessageLayer::Cdc) >= ladder->messages(MessageLayer::Rdma) / 2);
    CHECK(count_layer(o.messages, MessageLayer::Rdma) <= 2 * (RdmaLadder::kShownPerLayer + 1));
    CHECK(count_layer(o.messages, MessageLayer::Cdc) <= 2 * (RdmaLadder::kShownPerLayer + 1));
  }
}

TEST_CASE("SMC-R: a byte the data path corrupts is caught (data_intact is earned, not assumed)") {
  WorldSetup s = with_bytes(setup_of("success/smcr-v2"), 256 * 1024);
  s.connections[0].mutations = static_cast<std::uint32_t>(WorldMutation::CorruptSmcData);
  auto run = run_tcp_world(s);
  REQUIRE(run.connections.size() == 1);
  CHECK(run.connections[0].client_mode() == "SMCR");
  CHECK(run.connections[0].data_sent);
  CHECK_FALSE(run.connections[0].data_intact);
}

TEST_CASE("SMC-R ladder: CLC Confirm, LLC Confirm Link and its response, then RDMA WRITE + CDC per write") {
  auto run = run_tcp_world(setup_of("success/smcr-v2"));
  REQUIRE(run.connections.size() == 1);
  const ConnectionOutcome& o = run.connections[0];
  CHECK(o.client_mode() == "SMCR");
  CHECK(o.data_intact);
  const MessageLog& log = o.messages;
  long confirm = find(log, "CLC Confirm");
  long cl = find(log, "LLC Confirm Link", confirm);
  long resp = find(log, "LLC Confirm Link response", cl);
  REQUIRE(confirm >= 0);
  REQUIRE(cl > confirm);
  REQUIRE(resp > cl);
  // wire-format.md §6.2: the server sends the request, the client answers; each over the
  // 5 us segment of the scenario.
  CHECK(at(log, cl).layer == MessageLayer::Llc);
  CHECK(at(log, cl).from == "server");
  CHECK(at(log, cl).to == "client");
  CHECK(at(log, cl).arrived_ns - at(log, cl).sent_ns == 5 * kUs);
  CHECK(at(log, resp).from == "client");
  CHECK(at(log, resp).arrived_ns - at(log, resp).sent_ns == 5 * kUs);
  // v2 link group (row 0a is SMC-Rv2): the LLC version nibble is 2 (wire-format.md §6).
  CHECK(at(log, cl).detail.rfind("v2", 0) == 0);
  // The response is sent when the request arrives.
  CHECK(at(log, resp).sent_ns == at(log, cl).arrived_ns);
  CHECK(at(log, cl).detail.find("stand-in") == std::string::npos);

  // The data: the client's 64 KiB (send = "64KiB") as RDMA WRITEs into the server's RMB,
  // each announced by a CDC after it (RC ordering); then the echo the other way.
  long write = find(log, "RDMA WRITE", resp);
  REQUIRE(write > resp);
  CHECK(at(log, write).layer == MessageLayer::Rdma);
  CHECK(at(log, write).from == "client");
  long cdc = find(log, "CDC", write);
  REQUIRE(cdc > write);
  CHECK(at(log, cdc).layer == MessageLayer::Cdc);
  CHECK(at(log, cdc).from == "client");
  CHECK(at(log, cdc).detail.rfind("seq=1 ", 0) == 0);  // the first CDC of the connection
  CHECK(at(log, cdc).arrived_ns >= at(log, write).arrived_ns);
  bool echo_write = false;
  for (const auto& e : log) echo_write = echo_write || (e.layer == MessageLayer::Rdma && e.from == "server");
  CHECK(echo_write);
  // Both SMC established marks come before the first write; nothing RDMA was lost.
  long est = find(log, "SMC established");
  long est2 = find(log, "SMC established", est + 1);
  CHECK(est2 > est);
  CHECK(est2 < write);
  for (const auto& e : log)
    if (e.layer == MessageLayer::Llc || e.layer == MessageLayer::Cdc || e.layer == MessageLayer::Rdma) {
      INFO(e.label << " " << e.detail);
      CHECK_FALSE(e.lost());
      CHECK(e.arrived_ns - e.sent_ns >= 5 * kUs);
    }
  // One RNIC per host: the server offers an asymmetric second link on its only port and the
  // client, with one port too, rejects it (docs/link-layer.md, Linux smc_llc_cli_add_link):
  // C20 ends one LLC round trip after Confirm Link, not 2 s + 1 s later.
  CHECK(find(log, "LLC Add Link") > find(log, "LLC Confirm Link"));
  CHECK(o.client_done_ns < 1000 * kUs);
}

TEST_CASE("RDMA blackholed: §12 row 4 at the catalogue's instants, the LLC Confirm Link lost with its retries") {
  LiveRun run(setup_of("decline/0x02010000-rdma-dead"));
  REQUIRE(run.outcomes.size() == 1);
  const ConnectionOutcome& o = run.outcomes[0];
  CHECK(o.server_mode() == "TCP 0x02010000");
  CHECK(o.client_mode() == "TCP 0x05000000/0x02010000");
  CHECK(o.data_intact);  // over TCP after the fallback
  // fallback-causes.md §2: server 2 s LLC wait + 1 s Decline wait, client 4 s, from each
  // side's last CLC step (5 us per hop: Confirm sent at 20 us, read at 25 us).
  CHECK(o.server_done_ns == 3 * kSecond + 25 * kUs);
  CHECK(o.client_done_ns == 4 * kSecond + 20 * kUs);
  const MessageLog& log = o.messages;
  long cl = find(log, "LLC Confirm Link");
  REQUIRE(cl >= 0);
  CHECK(at(log, cl).from == "server");
  CHECK(at(log, cl).lost());
  CHECK(at(log, cl).sent_ns == 25 * kUs);
  // The RC transport retransmits it (ACK timeout), every copy vanishes.
  long again = find(log, "LLC Confirm Link (retransmission)", cl);
  REQUIRE(again > cl);
  CHECK(at(log, again).lost());
  CHECK(find(log, "LLC Confirm Link response") < 0);
  CHECK(count_layer(log, MessageLayer::Cdc) == 0);
  CHECK(count_layer(log, MessageLayer::Rdma) == 0);
  CHECK(run.world.roce_fabric().counters().messages_delivered == 0);
  CHECK(run.world.roce_fabric().counters().messages_dropped >= 2);
  // Both first-contact link groups were given up with the fallback.
  run.sim.run_for(sim::ms(1)).value();
  REQUIRE(run.world.smcr_host("server"));
  CHECK(run.world.smcr_host("server")->links().link_groups().empty());
  CHECK(run.world.smcr_host("client")->links().link_groups().empty());
}

TEST_CASE("SMC-D keeps the stand-in: no LLC, CDC or RDMA arrows, no SMC-R session") {
  LiveRun run(setup_of("success/smcd-loopback"));
  REQUIRE(run.outcomes.size() == 1);
  CHECK(run.outcomes[0].client_mode() == "SMCD");
  CHECK(run.outcomes[0].data_intact);
  CHECK(count_layer(run.outcomes[0].messages, MessageLayer::Llc) == 0);
  CHECK(count_layer(run.outcomes[0].messages, MessageLayer::Rdma) == 0);
  CHECK(run.world.roce_fabric().counters().messages_delivered == 0);
}

TEST_CASE("SMC-R on the real stack: same seed, same trace hash; another seed, same outcome") {
  WorldSetup s = with_bytes(setup_of("success/smcr-v1"), kMiB);
  auto a = run_tcp_world(s);
  auto b = run_tcp_world(s);
  CHECK(a.trace_hash == b.trace_hash);
  CHECK(a.events == b.events);
  REQUIRE(a.connections.size() == 1);
  CHECK(a.connections[0].data_intact);
  s.seed = 99;
  auto c = run_tcp_world(s);
  REQUIRE(c.connections.size() == 1);
  CHECK(c.connections[0].client_mode() == a.connections[0].client_mode());
  CHECK(c.connections[0].data_intact);
}
