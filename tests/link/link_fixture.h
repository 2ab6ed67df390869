#pragma once
// Two hosts, each with one simulated RNIC ("roce0", ConnectX-like: RoCEv1 and RoCEv2 GIDs)
// on a DirectRoceFabric, a LinkManager each, and the NegotiatedPath the CLC negotiation would
// hand the link layer. The addresses and MACs are those of the handshake tests' baseline pair
// (client 10.0.0.1 / 02:00:00:00:00:01, server 10.0.0.2 / ...:02), so a handshake built on
// baseline_host() lands on these devices.
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "protocol/link/link_manager.h"
#include "protocol/link/smcr_connection.h"
#include "sim/kernel/simulator.h"
#include "sim/rnic/rnic_profiles.h"
#include "sim/rnic/roce_fabric.h"
#include "sim/rnic/sim_rnic.h"
#include "tests/link/counting_rnic.h"
#include "tests/link/sim_timer_service.h"

namespace smc::link::testing {

inline negotiation::SystemId system_id(int n) { return {0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(n), 0, 0}; }
inline ports::MacAddress mac(int n) { return {0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(n)}; }
inline std::string ipv4(int n) { return "10.0.0." + std::to_string(n); }
// fe80:: + modified EUI-64 of 02:00:00:00:00:0n, the RoCEv1 GID of the port.
inline ports::IpAddress v1_gid(int n) { return *ports::IpAddress::parse("fe80::ff:fe00:" + std::to_string(n)); }
inline ports::IpAddress v2_gid(int n) { return *ports::IpAddress::parse(ipv4(n)); }

struct SimHost {
  std::unique_ptr<sim::SimRnic> rnic;
  std::unique_ptr<CountingRnic> counted;
  std::unique_ptr<sim::SimRnic> rnic2;  // optional second device ("roce1")
  std::unique_ptr<CountingRnic> counted2;
  std::unique_ptr<LinkManager> links;
};

using AttributeTweak = std::function<void(int side, ports::RnicAttributes&)>;

struct LinkFixture {
  static constexpr int kClient = 1;
  static constexpr int kServer = 2;

  explicit LinkFixture(LinkConfig config = {}, const AttributeTweak& tweak = {}, std::uint64_t seed = 7)
      : sim(sim::Seed{seed}), timers(sim), fabric(sim, "rdma-fabric", sim::us(5)) {
    make(client, kClient, config, tweak);
    make(server, kServer, config, tweak);
  }

  void make(SimHost& h, int n, const LinkConfig& config, const AttributeTweak& tweak) {
    sim::RnicNetdev nd;
    nd.name = "eth0";
    nd.mac = mac(n);
    nd.ipv4 = {ipv4(n)};
    auto attrs = sim::make_rnic_attributes(ports::RnicType::Mlx5, "roce0", nd);
    if (tweak) tweak(n, attrs);
    const std::string actor = (n == kClient ? "client" : "server") + std::string("/roce0");
    h.rnic = std::make_unique<sim::SimRnic>(sim, actor, fabric, attrs);
    h.counted = std::make_unique<CountingRnic>(*h.rnic);
    LinkConfig c = config;
    c.psn_seed = config.psn_seed + static_cast<std::uint64_t>(n);
    h.links = std::make_unique<LinkManager>(timers, c);
    h.links->add_device(*h.counted);
  }

  SimHost& host(int n) { return n == kClient ? client : server; }

  // A second RNIC "roce1" on side n (10.0.1.n, MAC 02:00:00:00:01:0n): an alternate port
  // for a second link.
  void add_second_device(int n) {
    SimHost& h = host(n);
    sim::RnicNetdev nd;
    nd.name = "eth1";
    nd.mac = {0x02, 0, 0, 0, 0x01, static_cast<std::uint8_t>(n)};
    nd.ipv4 = {"10.0.1." + std::to_string(n)};
    auto attrs = sim::make_rnic_attributes(ports::RnicType::Mlx5, "roce1", nd);
    const std::string actor = (n == kClient ? "client" : "server") + std::string("/roce1");
    h.rnic2 = std::make_unique<sim::SimRnic>(sim, actor, fabric, attrs);
    h.counted2 = std::make_unique<CountingRnic>(*h.rnic2);
    h.links->add_device(*h.counted2);
  }

  // What the negotiation hands the link layer on side n.
  static negotiation::NegotiatedPath path(int n, negotiation::PathKind kind = negotiation::PathKind::SmcRv1,
                                          bool first_contact = true) {
    negotiation::NegotiatedPath p;
    p.kind = kind;
    p.device = "roce0";
    p.port = 1;
    const int peer = n == kClient ? kServer : kClient;
    const bool v2 = kind == negotiation::PathKind::SmcRv2;
    p.local_gid = v2 ? v2_gid(n) : v1_gid(n);
    p.peer_gid = v2 ? v2_gid(peer) : v1_gid(peer);
    p.first_contact = first_contact;
    p.release = v2 ? 1 : 0;
    return p;
  }

  void run(sim::SimDuration d) { (void)sim.run_for(d); }

  // Declaration order is destruction order reversed: hosts go before the fabric and simulator.
  sim::Simulator sim;
  SimTimerService timers;
  sim::DirectRoceFabric fabric;
  SimHost client;
  SimHost server;
};

// One SMC-R connection set up through the LinkLayer seam the way the handshakes drive it:
// server prepare_accept → client prepare_confirm → server prepare_server_with → both
// start_link_setup; the setup results are recorded.
struct ConnectionPair {
  std::unique_ptr<SmcrConnection> server;
  std::unique_ptr<SmcrConnection> client;
  std::optional<handshake::LinkFieldsResult> accept;
  std::optional<handshake::LinkFieldsResult> confirm;
  std::optional<clc::DeclineCode> server_prepare_error;
  int server_confirmed = 0, client_confirmed = 0;
  std::optional<clc::DeclineCode> server_failed, client_failed;

  // Stops after the first failing step (as the handshake would, with a Decline).
  bool setup(LinkFixture& f, negotiation::PathKind kind = negotiation::PathKind::SmcRv1, bool first_contact = true,
             bool start = true) {
    server = f.server.links->create_connection();
    client = f.client.links->create_connection();
    server->set_setup_callbacks([this] { ++server_confirmed; }, [this](clc::DeclineCode c) { server_failed = c; });
    client->set_setup_callbacks([this] { ++client_confirmed; }, [this](clc::DeclineCode c) { client_failed = c; });
    handshake::SmcrLinkFields hello;
    hello.peer_id = system_id(LinkFixture::kClient);
    hello.mac = mac(LinkFixture::kClient);
    accept = server->prepare_accept(LinkFixture::path(LinkFixture::kServer, kind, first_contact), hello);
    if (!*accept) return false;
    handshake::SmcrLinkFields a = **accept;
    a.peer_id = system_id(LinkFixture::kServer);
    confirm = client->prepare_confirm(LinkFixture::path(LinkFixture::kClient, kind, first_contact), a);
    if (!*confirm) return false;
    handshake::SmcrLinkFields c = **confirm;
    c.peer_id = system_id(LinkFixture::kClient);
    server_prepare_error = server->prepare_server_with(LinkFixture::path(LinkFixture::kServer, kind, first_contact), c);
    if (server_prepare_error) return false;
    if (start) {
      server->start_link_setup();
      client->start_link_setup();
    }
    return true;
  }
};

}  // namespace smc::link::testing
