// Each invariant checker catches a deliberately broken engine (a mutation switched on only
// here: world::WorldMutation, negotiation::EngineMutation, or a broken timer), and stays
// silent on the same scenario without it. The scenarios are catalogue rows whose outcome
// fallback-causes.md §12 fixes.
#include "campaign_test_support.h"

#include "conformance/campaign/campaign.h"
#include "conformance/campaign/invariants.h"
#include "conformance/scenario_world.h"
#include "conformance/campaign/campaign_world.h"
#include "sim/world/tcp_world.h"

using namespace smc;
using namespace smc::conformance::campaign;

namespace {

const char* kBaseline = "scenarios/catalogue/success/row-00a-smcr-v2.toml";    // row 0a: SMCR both
const char* kServerNoDev = "scenarios/catalogue/decline/row-29-server-no-device.toml";  // row 29
const char* kAcceptTimeout = "scenarios/catalogue/error/row-74-accept-timeout.toml";    // row 74

CampaignRun run(const scenarios::Scenario& s, const SetupMutator& mutate = {}, const CampaignWorldOptions& wo = {}) {
  auto setup = conformance::build_world_setup(s);
  REQUIRE(setup.ok());
  if (mutate) mutate(*setup);
  return run_campaign_world(*setup, wo);
}

// A deliberate leak on the client host's first device, as a link layer that forgot its
// teardown would leave it: a PD, a CQ, a QP and an MR nobody frees.
std::vector<std::uint8_t> g_leaked_memory(4096);
CampaignWorldOptions leak_qp_and_mr(const std::string& host, const std::string& device) {
  CampaignWorldOptions wo;
  wo.after_run = [host, device](world::TcpWorld& w) {
    world::SmcrHostStack* st = w.smcr_host(host);
    REQUIRE(st != nullptr);
    sim::SimRnic* rnic = st->rnic(device);
    REQUIRE(rnic != nullptr);
    auto pd = rnic->alloc_pd();
    REQUIRE(pd.ok());
    auto cq = rnic->create_cq(16);
    REQUIRE(cq.ok());
    ports::QpCreate qc;
    qc.pd = *pd;
    qc.send_cq = qc.recv_cq = *cq;
    qc.cap.max_send_wr = qc.cap.max_recv_wr = 4;
    qc.cap.max_send_sge = qc.cap.max_recv_sge = 1;
    REQUIRE(rnic->create_qp(qc).ok());
    REQUIRE(rnic->reg_mr(*pd, g_leaked_memory, ports::kAccessLocalWrite).ok());
  };
  return wo;
}

SetupMutator world_mutation(world::WorldMutation m) {
  return [m](world::WorldSetup& w) {
    for (auto& c : w.connections) c.mutations |= static_cast<std::uint32_t>(m);
  };
}

SetupMutator engine_mutation(negotiation::EngineMutation m) {
  return [m](world::WorldSetup& w) {
    for (auto& c : w.connections) {
      c.client_profile.test_mutations |= static_cast<std::uint32_t>(m);
      c.server_profile.test_mutations |= static_cast<std::uint32_t>(m);
    }
  };
}

}  // namespace

TEST_CASE("the unmutated catalogue rows break no invariant") {
  for (const char* f : {kBaseline, kServerNoDev, kAcceptTimeout}) {
    auto s = campaign_test::load(f);
    auto r = run(s);
    auto v = check_run(s, r, {});
    INFO(f << ": " << (v.empty() ? "" : v.front().to_string()));
    // The link layer came to rest and the devices are empty once the groups are freed.
    CHECK(r.settled);
    for (const auto& h : r.hosts)
      for (const auto& d : h.devices) CHECK(d.empty());
    CHECK(v.empty());
    auto setup = conformance::build_world_setup(s);
    CHECK_FALSE(check_determinism(*setup, r).has_value());
  }
}

TEST_CASE("agreement catches a server that forgets its fallback") {
  auto s = campaign_test::load(kServerNoDev);
  auto v = check_agreement(run(s, world_mutation(world::WorldMutation::ServerForgetsFallback)).run.connections);
  REQUIRE(v.size() == 1);
  CHECK(v[0].invariant == Invariant::Agreement);
  CHECK(v[0].message.find("0x05000000/0x03030000") != std::string::npos);
  CHECK(check_agreement(run(s).run.connections).empty());
}

TEST_CASE("oracle catches a server whose device search always fails") {
  auto s = campaign_test::load(kBaseline);
  auto v = check_oracle(s, run(s, engine_mutation(negotiation::EngineMutation::ServerDeclinesAlways)).run.connections);
  REQUIRE_FALSE(v.empty());
  CHECK(v[0].invariant == Invariant::Oracle);
  CHECK(v[0].message.find("baseline pair") != std::string::npos);
  CHECK(check_oracle(s, run(s).run.connections).empty());
}

TEST_CASE("data catches corruption and duplication on the SMC data path") {
  auto s = campaign_test::load(kBaseline);
  for (auto m : {world::WorldMutation::CorruptSmcData, world::WorldMutation::DuplicateSmcData}) {
    auto v = check_data(s, run(s, world_mutation(m)).run.connections);
    REQUIRE(v.size() == 1);
    CHECK(v[0].invariant == Invariant::Data);
    CHECK(v[0].connection == "cli#1");
  }
  CHECK(check_data(s, run(s).run.connections).empty());
}

TEST_CASE("resources catches a server whose Proposal timer never fires") {
  // Row 74: the Proposal is dropped; the server must give up after its 6 s CLC wait. With the
  // timer broken (a wait longer than the run) the server is left inside its handshake.
  auto s = campaign_test::load(kAcceptTimeout);
  auto broken = [](world::WorldSetup& w) {
    for (auto& c : w.connections) c.server_profile.clc_wait = 3600LL * 1'000'000'000LL;
  };
  auto v = check_resources(s, run(s, broken));
  REQUIRE(v.size() == 1);
  CHECK(v[0].message.find("server is still in its handshake") != std::string::npos);
  CHECK(check_resources(s, run(s)).empty());
}

TEST_CASE("resources catches a QP, an MR, a CQ and a PD left on a device") {
  // Row 0a: SMC-R, a link group on each host; everything the link layer created goes with the
  // groups. A verbs user that forgets its teardown leaves objects on the device.
  auto s = campaign_test::load(kBaseline);
  auto setup = conformance::build_world_setup(s);
  REQUIRE(setup.ok());
  const auto& c = setup->connections.front();
  REQUIRE_FALSE(c.client.rdma.empty());
  auto clean = run(s);
  CHECK(check_resources(s, clean).empty());
  std::size_t devices = 0;
  for (const auto& h : clean.hosts) devices += h.devices.size();
  CHECK(devices >= 2);  // the check saw both hosts' devices
  auto leaky = run(s, {}, leak_qp_and_mr(c.client_host, c.client.rdma.front().name));
  auto v = check_resources(s, leaky);
  REQUIRE(v.size() == 1);
  CHECK(v[0].invariant == Invariant::Resources);
  CHECK(v[0].message == c.client_host + "/" + c.client.rdma.front().name +
                            ": 1 PDs, 1 MRs, 1 CQs, 1 QPs left once every link group was freed");
}

TEST_CASE("resources: an SMC-R run ends with link groups that still carry their connections") {
  auto s = campaign_test::load(kBaseline);
  auto r = run(s);
  std::size_t groups = 0;
  for (const auto& h : r.hosts) {
    groups += h.link_groups;
    CHECK(h.terminated_groups == 0);
    CHECK(h.group_connections <= h.smcr_sides);
    CHECK(h.group_links == h.device_links);
  }
  CHECK(groups >= 2);  // one per role: the accounting looked inside the link managers
}

TEST_CASE("budget catches a run over its event budget and a run that never started") {
  auto s = campaign_test::load(kBaseline);
  auto r = run(s).run;
  CHECK(check_budget(r, {}).empty());
  InvariantOptions tight;
  tight.budget_base = 1;
  tight.budget_per_connection = 1;
  auto v = check_budget(r, tight);
  REQUIRE(v.size() == 1);
  CHECK(v[0].invariant == Invariant::Budget);
  world::WorldRun dead = r;
  dead.events = 0;
  auto d = check_budget(dead, {});
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("refused") != std::string::npos);
}

TEST_CASE("determinism catches hidden state outside the seed") {
  auto s = campaign_test::load(kBaseline);
  auto setup = conformance::build_world_setup(s);
  REQUIRE(setup.ok());
  engine_mutation(negotiation::EngineMutation::NondeterministicOffer)(*setup);
  auto first = run_campaign_world(*setup);
  auto v = check_determinism(*setup, first);
  REQUIRE(v.has_value());
  CHECK(v->invariant == Invariant::Determinism);
}
