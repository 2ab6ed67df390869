// Link-group reuse in the TCP world (docs/link-layer.md "Reuse in the world"): a second
// connection between the same two hosts decides from the LIVE link groups of its hosts and
// joins the first one's group (Accept with first contact 0, no second Confirm Link, the new
// RMB announced with LLC Confirm RKey, as upstream smcr_lgr_reg_rmbs does on every reuse);
// max_conns full → a new group; a one-RNIC pair is usable one LLC round trip after Confirm
// Link (the server's asymmetric Add Link offer is rejected at once, not waited out: 2 s + 1 s
// before); nothing of the link layer is left on the devices after the run.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "sim/world/tcp_world.h"
#include "tests/world/world_cases.h"

using namespace smc;
using namespace smc::world;

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kSecond = 1'000'000'000;

WorldSetup setup_of(const std::string& id) { return test::catalogue_setup(id); }

// The case's one connection, then n-1 more of the same client app, 1 ms apart (what
// `connections = n` gives).
WorldSetup repeated(WorldSetup s, int n) {
  REQUIRE(s.connections.size() == 1);
  ConnectionSetup first = s.connections[0];
  for (int i = 2; i <= n; ++i) {
    ConnectionSetup c = first;
    c.index = i;
    c.start_ns = first.start_ns + (i - 1) * kMs;
    s.connections.push_back(c);
  }
  return s;
}

long count(const MessageLog& log, const std::string& label) {
  return static_cast<long>(std::count_if(log.begin(), log.end(), [&](const MessageEvent& e) { return e.label == label; }));
}

struct LiveRun {
  explicit LiveRun(const WorldSetup& s) : sim(sim::Seed(s.seed)), world(sim, s) { outcomes = world.run(); }
  sim::Simulator sim;
  TcpWorld world;
  std::vector<ConnectionOutcome> outcomes;
};

}  // namespace

TEST_CASE("two sequential connections between one host pair share one link group") {
  for (const char* id : {"success/smcr-v2", "success/smcr-v1"}) {
    INFO(id);
    LiveRun run(repeated(setup_of(id), 2));
    REQUIRE(run.world.run_error() == "");
    REQUIRE(run.outcomes.size() == 2);
    for (const auto& o : run.outcomes) {
      CHECK(o.client_mode() == "SMCR");
      CHECK(o.server_mode() == "SMCR");
    }
    const auto& runs = run.world.runs();
    // First contact: LLC Confirm Link on the new link; reuse: none, the new RMB goes with
    // Confirm RKey (request and response) over the existing link.
    const MessageLog& first = runs[0]->messages();
    const MessageLog& second = runs[1]->messages();
    CHECK(count(first, "LLC Confirm Link") >= 1);
    CHECK(count(second, "LLC Confirm Link") == 0);
    // The reuse LLC runs over the first connection's link, whose QPs that run's ladder
    // watches: the Confirm RKey exchange shows there.
    long rkeys = 0;
    for (const auto& r : runs) rkeys += count(r->messages(), "LLC Confirm RKey") + count(r->messages(), "LLC Confirm RKey response");
    CHECK(rkeys >= 2);
    REQUIRE(runs[1]->smcr_session() != nullptr);
    // One link group, one link, on each host: one QP pair between the SimRnics.
    SmcrHostStack* client = run.world.smcr_host("client");
    SmcrHostStack* server = run.world.smcr_host("server");
    REQUIRE(client);
    REQUIRE(server);
    CHECK(client->link_group_count() == 1);
    CHECK(server->link_group_count() == 1);
    CHECK(client->link_count() == 1);
    CHECK(server->link_count() == 1);
    const auto groups = client->link_groups();
    REQUIRE(groups.size() == 1);
    CHECK_FALSE(groups[0].server_role);
    CHECK(server->link_groups().at(0).server_role);
  }
}

TEST_CASE("a one-RNIC pair is usable one LLC round trip after Confirm Link: no 2 s + 1 s Add Link wait") {
  LiveRun run(setup_of("success/smcr-v2"));
  REQUIRE(run.outcomes.size() == 1);
  const ConnectionOutcome& o = run.outcomes[0];
  CHECK(o.client_mode() == "SMCR");
  CHECK(o.data_intact);
  // The server still offers a second link on its only port (Linux: asymmetric local); the
  // client, with one port too, rejects it: one Add Link request, one reject, one link each.
  const MessageLog& log = run.world.runs()[0]->messages();
  CHECK(count(log, "LLC Add Link") == 1);
  CHECK(count(log, "LLC Add Link response") == 1);
  CHECK(o.client_done_ns < 1 * kMs);
  CHECK(run.world.smcr_host("client")->link_count() == 1);
  CHECK(run.world.smcr_host("server")->link_count() == 1);
}

TEST_CASE("§12 row 7: an Add Link that never comes leaves SMC-R with one link after 2 s + 1 s, no 0x02020000") {
  LiveRun run(setup_of("absent/0x02020000-no-add-link"));
  REQUIRE(run.outcomes.size() == 1);
  const ConnectionOutcome& o = run.outcomes[0];
  CHECK(o.client_mode() == "SMCR");
  CHECK(o.server_mode() == "SMCR");
  CHECK(o.client_done_ns >= 3 * kSecond);
  CHECK(o.client_done_ns < 3 * kSecond + 1 * kMs);
  CHECK(o.data_intact);
}

TEST_CASE("max_conns full: the next connection gets a new link group") {
  // SMC-Rv2.1 negotiates max_conns: the server's sysctl 16 (the smallest allowed) → 16
  // connections per group; the 17th starts a second group on both hosts.
  WorldSetup s = setup_of("success/smcr-v2");
  s.connections[0].server.sysctls.max_conns_per_lgr = 16;
  s.connections[0].send_bytes = 0;
  s.duration_ns = 1 * kSecond;
  LiveRun run(repeated(s, 17));
  REQUIRE(run.world.run_error() == "");
  REQUIRE(run.outcomes.size() == 17);
  for (const auto& o : run.outcomes) CHECK(o.client_mode() == "SMCR");
  long first_contacts = 0;
  for (const auto& r : run.world.runs()) first_contacts += count(r->messages(), "LLC Confirm Link") > 0 ? 1 : 0;
  // Connections that close give their slot back: at least the first group, and a second
  // only when 16 were open at once. Both hosts agree either way.
  const auto c = run.world.smcr_host("client")->link_group_count();
  const auto sv = run.world.smcr_host("server")->link_group_count();
  CHECK(c == sv);
  CHECK(static_cast<long>(sv) == first_contacts);
  CHECK(first_contacts >= 1);
}

TEST_CASE("nothing of the link layer is left on the devices after the run") {
  for (const char* id : {"success/smcr-v2", "success/smcr-v1"}) {
    INFO(id);
    sim::Simulator sim(sim::Seed(1));
    {
      TcpWorld world(sim, repeated(setup_of(id), 3));
      auto outcomes = world.run();
      for (const auto& o : outcomes) CHECK(o.client_mode() == "SMCR");
      for (const char* h : {"client", "server"}) {
        SmcrHostStack* st = world.smcr_host(h);
        REQUIRE(st);
        CHECK(st->link_group_count() == 1);
        st->links().shutdown();
        CHECK(st->link_group_count() == 0);
        CHECK(st->link_count() == 0);
        CHECK(st->connection_count() == 0);
        sim::SimRnic* r = st->rnic("roce0");
        REQUIRE(r);
        const auto left = r->resources();
        CHECK(left.qps == 0);
        CHECK(left.mrs == 0);
        CHECK(left.cqs == 0);
        CHECK(left.pds == 0);
      }
    }
  }
}

TEST_CASE("§12 row 71: the server waits the LLC wait (2 s) for the lost Confirm RKey response, then declines") {
  LiveRun run(setup_of("decline/0x09990003-confirm-rkey-lost"));
  REQUIRE(run.outcomes.size() == 2);
  const ConnectionOutcome& o = run.outcomes[1];  // cli2, started at 100 ms
  CHECK(o.server_mode() == "TCP 0x09990003");
  CHECK(o.server_done_ns >= 100 * kMs + 2 * kSecond);
  CHECK(o.server_done_ns < 100 * kMs + 2 * kSecond + 1 * kMs);
}

TEST_CASE("§12 row 65: the out-of-sync Decline makes the server terminate the stale link group") {
  LiveRun run(setup_of("decline/0x04000000-stale-lgr"));
  REQUIRE(run.outcomes.size() == 2);
  CHECK(run.outcomes[0].client_mode() == "SMCR");
  CHECK(run.outcomes[1].client_mode() == "TCP 0x04000000");
  // The client lost its group at 50 ms; the server's is terminated by the Decline: neither
  // host knows a link group at the end.
  CHECK(run.world.smcr_host("client")->link_group_count() == 0);
  CHECK(run.world.smcr_host("server")->link_group_count() == 0);
}

TEST_CASE("connections to one server host that start together: the LGR lock makes the later ones reuse") {
  // Three client connections started at the same instant: without the lock each would see
  // no group yet and create its own.
  WorldSetup s = repeated(setup_of("success/smcr-v2"), 3);
  for (auto& c : s.connections) c.start_ns = 0;
  LiveRun run(s);
  REQUIRE(run.outcomes.size() == 3);
  for (const auto& o : run.outcomes) CHECK(o.client_mode() == "SMCR");
  CHECK(run.world.smcr_host("client")->link_group_count() == 1);
  CHECK(run.world.smcr_host("server")->link_group_count() == 1);
}

TEST_CASE("§2.3: a client that declines at once is not held up by another handshake's server LGR lock") {
  // cli#1's first contact holds the server's LGR lock while the server waits (2 s) for the
  // Confirm Link response the client host's LLC never sends. cli#2 (IPsec policy, §2.2 C3)
  // sends a Decline instead of a Proposal at 1 ms. Linux reads that Decline in the listen
  // worker before it would take smc_server_lgr_pending (only a Proposal that passed its
  // checks does): the server records a peer decline at once, not a drop after waiting.
  WorldSetup s = repeated(setup_of("success/smcr-v2"), 2);
  s.connections[0].link_failures.llc.push_back(
      LlcFault{"client", llc::LlcType::ConfirmLink, true, LlcFaultAction::Drop});
  s.connections[1].client_conn.ipsec_policy = true;
  s.connections[1].send_bytes = 0;
  LiveRun run(s);
  REQUIRE(run.world.run_error() == "");
  REQUIRE(run.outcomes.size() == 2);
  // The lock really was held: cli#1's server gives up only after the 2 s Confirm Link wait.
  CHECK(run.outcomes[0].server_mode() != "SMCR");
  CHECK(run.outcomes[0].server_done_ns >= 2 * kSecond);
  const ConnectionOutcome& o = run.outcomes[1];
  CHECK(o.client_mode() == "TCP 0x03020000");
  CHECK_FALSE(o.server_dropped);
  CHECK(o.server_mode() == "TCP 0x05000000/0x03020000");
  REQUIRE(o.server.has_value());
  REQUIRE(o.server->peer_diagnosis().has_value());
  CHECK(*o.server->peer_diagnosis() == clc::DeclineCode::Ipsec);
  // One TCP round trip after the connect, not after the other handshake's 2 s.
  CHECK(o.server_done_ns < 2 * kMs);
}
