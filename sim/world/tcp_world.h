#pragma once
// TcpWorld: every connection of a WorldSetup over real simulated TCP on a simulated network,
// with the same contract as HandshakeWorld (sim/world/handshake_world.h): the outcomes in
// setup order and a WorldRun.
//
// The network: one host per distinct host name of the setup (each with its TcpStack) and a
// point-to-point cable between every pair of hosts that has a connection (no routers, no
// switches: a pair on two segments joined by a router gets one cable with both segments'
// properties, see below). Each connection's addresses sit on the cable's interfaces with host
// routes to the peer, so the scenario's own subnetting (already judged by the handshake
// decisions) never stops the packets. A connection whose client and server share a host goes
// over loopback.
//
// A cable's properties come from the setup's network (WorldSetup::network): the segment both
// hosts are plugged into (the first of the client's ports whose segment the server also has)
// gives its one-way delay, bandwidth, per-NIC packets-per-second cap and MTU (the smaller of the
// segment's and the two interfaces'; TCP's MSS follows it). Hosts sharing no segment (a routed
// path) get the client's first segment and the server's first segment in series: delays add,
// bandwidth, pps and MTU are the smaller. Without segments: the first connection's
// one_way_delay_ns and TcpWorldOptions::bandwidth_bps.
//
// Network faults (NetworkFault) act on every cable whose segments include the target segment
// (and that touches the target host, when one is named), in the fault's direction: filters on
// the cable (sim/net faults) installed at `at`, partitions and heals and link state switched at
// `at`. Packets are counted per fault, in the order they are offered to the cable's
// transmitter after the filters added before it (middleboxes, partitions): a loss mask with
// direction "both" counts both directions together, from the instant it is installed.
//
// The middleboxes a ConnectionSetup names are real packet filters on its cable (sim/middlebox,
// sim/net faults), in the order a SYN meets them: strip from SYN, drop SMC SYNs, echo SYN
// options, strip from SYN-ACK, drop client payload. One listener per (server host, port),
// shared by the connections to it; a run is found by its client's endpoint.
//
// RDMA: every host of a connection gets an SmcrHostStack (a SimRnic per RDMA device of its
// snapshot, a LinkManager) on one WorldRoceFabric that follows the cables: their delay and
// bandwidth, cut while the cable is down or partitioned that way. Host pairs are blackholed
// where a connection says !rdma_works (rdma-blackhole, rxe outside init_net) or one way by an
// rdma-blackhole network fault. SMC-R connections between two engines run the real link layer
// and data path over them (TcpConnectionRun).
#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <tuple>
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
#include "sim/net/faults.h"

namespace smc::world {

struct TcpWorldOptions {
  // Cable bandwidth when the setup has no segments (a segment's own bandwidth wins). A
  // WorldSetup without segments names no bandwidth, so by default there is no serialization
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
  // Whether the cable from host `from` to host `to` carries frames that way now (up, not
  // partitioned); false without a cable.
  bool cable_open(const std::string& from, const std::string& to) const;
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
  void install_middleboxes(sim::net::Link& link, const ConnectionSetup& c);  // once per cable
  void install_connection_filters(sim::net::Link& link, const ConnectionSetup& c);  // per connection
  struct CablePlan;
  CablePlan plan_cable(const ConnectionSetup& c) const;
  // tcp_world_faults.cc
  void schedule_fault(const NetworkFault& f, std::size_t index);
  void apply_fault(const NetworkFault& f, std::size_t index);
  ServerPort& server_port(const ConnectionSetup& c);
  void accept_all(const PortKey& key);
  SmcrHostStack& smcr_stack(const std::string& host, const negotiation::HostSnapshot& snapshot);

  sim::Simulator& sim_;
  std::int64_t duration_ns_;
  TcpWorldOptions options_;
  std::string run_error_;
  NetworkSetup net_setup_;
  sim::net::Network network_;
  std::map<std::string, std::unique_ptr<sim::tcp::TcpStack>> stacks_;  // by host name
  struct Cable {
    sim::net::Link* link = nullptr;
    std::map<std::string, std::string> ifname;  // host name -> its interface on this cable
    std::string client;  // the first connection's client: its end is end 0 (client-to-server)
    std::string server;
    std::vector<std::string> segments;  // the segments it stands for (none without a network)
    // The world's partition switch per direction, first in each chain: partition/heal faults.
    std::array<std::shared_ptr<sim::net::Partition>, 2> partition;
  };
  std::map<std::pair<std::string, std::string>, Cable> cables_;  // by (host, host) in name order
  SegmentTap tap_;  // outlives the runs: their sockets close through it
  std::unique_ptr<PcapTap> capture_;  // options.capture set
  // Outlive the runs too: their SMC-R connections live in the hosts' link managers.
  std::unique_ptr<WorldRoceFabric> fabric_;
  std::map<std::string, std::unique_ptr<SmcrHostStack>> smcr_hosts_;  // by host name
  std::map<PortKey, std::unique_ptr<ServerPort>> servers_;
  // (client address, server address, server port) whose client data a filter drops already.
  std::set<std::tuple<std::string, std::string, std::uint16_t>> drop_data_installed_;
  std::vector<std::unique_ptr<TcpConnectionRun>> runs_;
};

// A fresh Simulator seeded with setup.seed running a TcpWorld; `sink` (optional) receives
// the trace. The hash covers the run itself, not the world's teardown.
WorldRun run_tcp_world(const WorldSetup& setup, sim::TraceSink* sink = nullptr, const TcpWorldOptions& options = {});

}  // namespace smc::world
