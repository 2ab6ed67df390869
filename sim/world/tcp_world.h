#pragma once
// TcpWorld: every connection of a WorldSetup over real simulated TCP on a simulated network,
// with the same contract as HandshakeWorld (sim/world/handshake_world.h): the outcomes in
// setup order and a WorldRun.
//
// The network: one host per distinct host name of the setup (each with its TcpStack), a
// cable between every pair of hosts that has a connection, whose one-way delay is the first
// such connection's one_way_delay_ns; each connection's addresses sit on the cable's
// interfaces with host routes to the peer, so the scenario's own subnetting (already judged
// by the handshake decisions) never stops the packets. A connection whose client and server
// share a host goes over loopback. The middleboxes a ConnectionSetup names are real packet
// filters on its cable (sim/middlebox, sim/net faults), in the order a SYN meets them:
// strip from SYN, drop SMC SYNs, echo SYN options, strip from SYN-ACK, drop client payload.
// One listener per (server host, port), shared by the connections to it; a run is found by
// its client's endpoint.
//
// RDMA: every host of a connection gets an SmcrHostStack (a SimRnic per RDMA device of its
// snapshot, a LinkManager) on one WorldRoceFabric, whose host pairs have their cable's delay
// and are blackholed where a connection says !rdma_works (rdma-blackhole, rxe outside
// init_net). SMC-R connections between two engines run the real link layer and data path
// over them (TcpConnectionRun).
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel/simulator.h"
#include "sim/net/network.h"
#include "sim/tcp/tcp_stack.h"
#include "sim/world/connection_outcome.h"
#include "sim/world/handshake_world.h"
#include "sim/world/smcr_host_stack.h"
#include "sim/world/tcp_connection_run.h"
#include "sim/world/tcp_world_tap.h"
#include "sim/pcap/pcap_writer.h"
#include "sim/world/world_setup.h"
#include "sim/world/pcap_tap.h"

namespace smc::world {

struct TcpWorldOptions {
  // Cable bandwidth. A WorldSetup names no bandwidth, so by default there is no serialization
  // time: a segment arrives exactly one_way_delay_ns after it left, as in the handshake world,
  // and the two worlds' instants agree wherever TCP adds no round trips of its own.
  std::uint64_t bandwidth_bps = 0;
  // Seeded random loss on every cable, both directions (sim::net::RandomLoss named
  // "loss:<link>"): TCP must retransmit; the handshake's outcome must not change.
  double path_loss = 0.0;
  // When set, every packet a host sends is written here (sim/world/pcap_tap.h): what tcpdump
  // on the hosts would see. RDMA traffic is not in it, as on a real host.
  pcap::PcapWriter* capture = nullptr;
};

class TcpWorld {
 public:
  TcpWorld(sim::Simulator& sim, const WorldSetup& setup, const TcpWorldOptions& options = {});
  ~TcpWorld();
  TcpWorld(const TcpWorld&) = delete;
  TcpWorld& operator=(const TcpWorld&) = delete;

  // Runs the simulator for the setup's duration; outcomes in setup order.
  std::vector<ConnectionOutcome> run();

  // Why the run stopped short (a set-up mistake, an exhausted event budget); empty if it did not.
  const std::string& run_error() const { return run_error_; }
  sim::net::Network& network() { return network_; }
  // The cable between two hosts (either order), or nullptr.
  sim::net::Link* cable(const std::string& a, const std::string& b) const;
  // The host's SMC-R stack (nullptr: no such host) and the RDMA fabric.
  SmcrHostStack* smcr_host(const std::string& name) const;
  WorldRoceFabric& roce_fabric() { return *fabric_; }
  // The runs, in setup order.
  const std::vector<std::unique_ptr<TcpConnectionRun>>& runs() const { return runs_; }

 private:
  struct ServerPort {
    std::unique_ptr<ports::StreamListener> listener;
    std::map<ports::Endpoint, TcpConnectionRun*> by_client;
  };
  using PortKey = std::pair<std::string, std::uint16_t>;

  sim::net::Netns& host_ns(const std::string& name);
  void wire_connection(const ConnectionSetup& c);
  void add_address(sim::net::Netns& ns, const std::string& ifname, const ports::IpAddress& a);
  void add_host_route(sim::net::Netns& ns, const std::string& ifname, const ports::IpAddress& to,
                      const ports::IpAddress& from);
  void install_middleboxes(sim::net::Link& link, const ConnectionSetup& c);
  ServerPort& server_port(const ConnectionSetup& c);
  void accept_all(const PortKey& key);
  SmcrHostStack& smcr_stack(const std::string& host, const negotiation::HostSnapshot& snapshot);

  sim::Simulator& sim_;
  std::int64_t duration_ns_;
  TcpWorldOptions options_;
  std::string run_error_;
  sim::net::Network network_;
  std::map<std::string, std::unique_ptr<sim::tcp::TcpStack>> stacks_;  // by host name
  struct Cable {
    sim::net::Link* link = nullptr;
    std::map<std::string, std::string> ifname;  // host name -> its interface on this cable
  };
  std::map<std::pair<std::string, std::string>, Cable> cables_;  // by (host, host) in name order
  SegmentTap tap_;  // outlives the runs: their sockets close through it
  std::unique_ptr<PcapTap> capture_;  // options.capture set
  // Outlive the runs too: their SMC-R connections live in the hosts' link managers.
  std::unique_ptr<WorldRoceFabric> fabric_;
  std::map<std::string, std::unique_ptr<SmcrHostStack>> smcr_hosts_;  // by host name
  std::map<PortKey, std::unique_ptr<ServerPort>> servers_;
  std::vector<std::unique_ptr<TcpConnectionRun>> runs_;
};

// A fresh Simulator seeded with setup.seed running a TcpWorld; `sink` (optional) receives
// the trace. The hash covers the run itself, not the world's teardown.
WorldRun run_tcp_world(const WorldSetup& setup, sim::TraceSink* sink = nullptr, const TcpWorldOptions& options = {});

}  // namespace smc::world
