#pragma once
// What a HandshakeWorld runs: one entry per TCP connection between a client application and a
// server application, each side already turned into the engine's inputs (HostSnapshot,
// ConnectionContext, EngineProfile) plus the path's personalities (middleboxes, faults) as
// the handshake slice can express them. Built from a scenario by conformance/scenario_world
// (sim/ cannot depend on scenarios/: smc_scenarios links smc_sim).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/negotiation/engine_profile.h"
#include "protocol/negotiation/host_snapshot.h"
#include "protocol/negotiation/server_device_search.h"
#include "protocol/socket/smc_socket_record.h"
#include "sim/world/injected_link_layer.h"
#include "sim/world/scripted_peer.h"

namespace smc::world {

// Deliberate world-level bugs, switched on only by tests that prove an invariant checker
// catches them (a fuzz campaign never sets them). Bits of ConnectionSetup::mutations.
enum class WorldMutation : std::uint32_t {
  None = 0,
  CorruptSmcData = 1u << 0,   // the SMC data path flips one byte of the application's data
  DuplicateSmcData = 1u << 1, // the SMC data path delivers its first chunk twice
  ServerForgetsFallback = 1u << 2,  // the server's record says SMC although the client fell back
};
constexpr bool has_mutation(std::uint32_t bits, WorldMutation m) {
  return (bits & static_cast<std::uint32_t>(m)) != 0;
}

// A non-SMC server application that receives the client's Proposal as request data (row 73).
// NeverReads: a plain socket handed out by a listener that fell back before listen() misses
// its wake-ups (kernel-lab.md, §5 0x03060000 T3): the application never sees the data.
enum class PlainPeer : std::uint8_t { None, RepliesData, Echoes, Closes, Silent, NeverReads };

// ---- lifecycle (issue 5; sim/world/smcr_data_session.h, sim/world/rdma_fault_schedule.h) ----
// What an application does to end its SMC connection (scenario AppSpec::close / close_at).
enum class AppClose : std::uint8_t {
  AfterData,      // client: once its data is written (and the echo read); server: at EOF
  AfterEof,       // waits for the peer's EOF, then closes
  Never,          // never closes
  Abort,          // closes while data it has not read waits: the kernel sends an abort
  ShutdownWrite,  // shutdown(SHUT_WR) after its data, reads to EOF, then closes
};
struct AppClosePlan {
  AppClose action = AppClose::Never;
  std::optional<std::int64_t> at_ns;  // the action happens at this time instead
};
// An RDMA fault at a time on one host's device: "port-down" (every port of the device goes
// down: PORT_ERR) or "qp-error" (the QP of the host's first link on the device goes to ERR).
struct TimedRdmaFault {
  std::string kind;
  std::string host;
  std::string device;
  std::int64_t at_ns = 0;
  bool operator==(const TimedRdmaFault&) const = default;
};
// ---- end lifecycle ----

struct ConnectionSetup {
  std::string client_app;   // application names: actors are client/<app>/conn<N>
  std::string server_app;
  std::string client_host = "client";
  std::string server_host = "server";
  int index = 1;            // 1-based connection number of the client app
  std::uint16_t server_port = 0;
  negotiation::HostSnapshot client;
  negotiation::HostSnapshot server;
  negotiation::ConnectionContext client_conn;
  negotiation::ConnectionContext server_conn;
  negotiation::EngineProfile client_profile;
  negotiation::EngineProfile server_profile;
  negotiation::PathSetupOutcomes server_setup;
  bool client_smc = true;       // the client socket asks for SMC (sends the SYN option)
  bool server_smc = true;       // the listener is SMC
  bool strip_syn = false;       // middlebox removes the option from the SYN
  bool strip_synack = false;    // ... from the SYN-ACK
  bool echo_option = false;     // a middlebox or the plain server reflects the SYN option
  bool drop_smc_syn = false;    // a middlebox drops SYNs carrying the option
  bool drop_client_data = false;  // a middlebox drops client→server payload (row 74)
  PlainPeer plain_peer = PlainPeer::None;
  bool rdma_works = true;       // the first-contact LLC exchange gets through
  std::int64_t send_bytes = 0;  // the client app sends this much once connected
  bool server_echo = false;     // the server app echoes what it reads
  std::int64_t one_way_delay_ns = 10'000;
  std::int64_t start_ns = 0;
  std::uint32_t mutations = 0;  // WorldMutation bits; tests only
  // The client's socket() failed (EAFNOSUPPORT, EPROTONOSUPPORT): no connection is attempted.
  int client_socket_errno = 0;
  // The client's SMC socket fell back before connect() (Fast Open option, MSG_FASTOPEN, an
  // aliased option number, Anolis "no SMC"): the connection runs as plain TCP (client_smc is
  // false) and this record is what smcss -a shows for the SMC socket left behind.
  std::optional<socket::SmcSocketRecord> client_early_record;
  // Resource faults in the link layer's steps (the stand-in for RDMA resources).
  InjectedLinkFailures link_failures;
  // One side is a scripted peer instead of the engine (its is_client says which side); the
  // engine runs the other side. A scripted side is SMC-capable at the TCP level: its SYN or
  // SYN-ACK carries the option.
  std::optional<ScriptedSide> scripted;
  // ---- lifecycle (issue 5): how each app ends the SMC connection; RDMA faults at a time.
  // Defaults keep the connection open, as before.
  AppClosePlan client_close;
  AppClosePlan server_close;
  std::vector<TimedRdmaFault> rdma_faults;
};

// The network a TcpWorld builds (sim/world/tcp_world.h): the scenario's L2 segments, which
// host is plugged into which, and the world-level faults on them. Empty segments: one cable per
// host pair with the first connection's one_way_delay_ns, as before segments existed.
struct NetworkSegment {
  std::string name;
  std::int64_t delay_ns = 10'000;   // one-way propagation
  std::uint64_t bandwidth_bps = 0;  // 0: no serialization time
  std::uint64_t pps = 0;            // packets-per-second cap of every NIC on it (0: none)
  std::uint32_t mtu = 9000;         // largest frame payload
};

// A host's interface plugged into a segment (its own MTU may be smaller than the segment's).
struct NetworkPort {
  std::string host;
  std::string ifname;
  std::string segment;
  std::uint32_t mtu = 1500;
};

enum class NetworkFaultKind : std::uint8_t {
  LossMask, Loss, Delay, Duplicate, Reorder, Partition, Heal, LinkDown, LinkUp, RdmaBlackhole
};
// Relative to the connections on the cable: client-to-server is the direction in which the
// cable's first connection's client sends.
enum class FaultDirection : std::uint8_t { Both, ClientToServer, ServerToClient };

struct NetworkFault {
  NetworkFaultKind kind = NetworkFaultKind::Loss;
  std::string segment;  // "" with a host: every cable of the host
  std::string host;     // "": every cable on the segment
  FaultDirection direction = FaultDirection::Both;
  std::int64_t at_ns = 0;          // when it starts (or, heal/link-up/partition/link-down, happens)
  double probability = 1.0;        // loss, duplicate, reorder
  std::vector<std::uint64_t> packets;  // loss-mask, 1-based
  std::int64_t delay_ns = 0;       // delay: extra one-way; reorder: how long a packet is held
};

struct NetworkSetup {
  std::vector<NetworkSegment> segments;
  std::vector<NetworkPort> ports;
  std::vector<NetworkFault> faults;
};

struct WorldSetup {
  std::uint64_t seed = 1;
  std::int64_t duration_ns = 30'000'000'000LL;
  std::vector<ConnectionSetup> connections;
  NetworkSetup network;  // TcpWorld only; HandshakeWorld ignores it
};

}  // namespace smc::world
