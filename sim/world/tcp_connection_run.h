#pragma once
// One ConnectionSetup run over real simulated TCP (sim/tcp on sim/net): the client app
// connects through its host's TcpStack with the SMC SYN option when it asks for SMC, the
// server side is handed the accepted child by the world's listener, and the CLC state
// machines (ClientHandshake / ServerHandshake) read and write the TCP byte streams. Actions
// mean what they mean in sim/world/handshake_connection.cc, now with real segments:
//   SendClc        -> bytes on the stream          HardError      -> errno; the app closes
//   ArmTimer       -> SimTimerService              DropConnection -> RST (reset) or FIN
//   FallBack       -> application bytes on TCP     SmcEstablished -> application bytes on the
//   StartLinkSetup -> the link layer's first                         SMC data path
//                     contact (LLC Confirm Link)
// SMC-R with both ends engines on hosts with simulated RDMA devices (SmcrStacks) is real end
// to end: each handshake's LinkLayer is a link::SmcrConnection from its host's LinkManager
// (behind the scenario's injected resource faults, WorldLinkLayer), StartLinkSetup starts the
// LLC exchange over the SimRnics, and the application bytes go through a ConnectionDataPath
// on each side (SmcrDataSession); the LLC, CDC and RDMA WRITE messages join the ladder
// (RdmaLadder). SMC-D, and SMC-R without devices to run on, keep the SmcStandIn.
// A non-SMC server is a plain application (PlainPeer) reading the same stream; a scripted peer
// (setup.scripted) plays one side instead of the engine, SMC-capable at the TCP level.
//
// Actors: client/<app>/conn<N> and server/<app>/<client app>/conn<N> (the handshake world's
// names), each with a timer service "<actor>/timers". Neither copyable nor movable.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"
#include "protocol/ports/stream_transport.h"
#include "sim/kernel/actor.h"
#include "sim/world/connection_outcome.h"
#include "sim/world/injected_link_layer.h"
#include "sim/world/rdma_ladder.h"
#include "sim/world/smcr_data_session.h"
#include "sim/world/smcr_host_stack.h"
#include "sim/world/world_link_layer.h"
#include "sim/world/world_roce_fabric.h"
#include "sim/world/scripted_peer.h"
#include "sim/world/sim_timer_service.h"
#include "sim/world/tcp_world_smc_stand_in.h"
#include "sim/world/world_setup.h"

namespace smc::world {

// Where a run's SMC-R connections live: the two hosts' stacks and the world's RDMA fabric.
// All null (or a host without devices): the SmcStandIn plays the RDMA part.
struct SmcrStacks {
  SmcrHostStack* client = nullptr;
  SmcrHostStack* server = nullptr;
  WorldRoceFabric* fabric = nullptr;
};

class TcpConnectionRun {
 public:
  // Called once the client's socket has its local endpoint (right after connect()), so the
  // world can route the listener's SYN and accept to this run and tap the flow.
  using BoundFn = std::function<void(TcpConnectionRun&, const ports::Endpoint& client)>;

  TcpConnectionRun(sim::Simulator& sim, ConnectionSetup setup, ports::StreamTransport& client_tcp, BoundFn bound,
                   SmcrStacks smcr = {});
  TcpConnectionRun(const TcpConnectionRun&) = delete;
  TcpConnectionRun& operator=(const TcpConnectionRun&) = delete;
  ~TcpConnectionRun();

  const ConnectionSetup& setup() const { return setup_; }
  // The name of a side's column in the ladder: its host, or on a connection within one host
  // "<host> (<app>)", as the ladder draws the two ends (conformance/ladder).
  const std::string& column(bool client) const { return columns_[client ? kClient : kServer]; }
  MessageLog& messages() { return out_.messages; }
  // Schedules the connect() at setup.start_ns.
  void start();
  // The listener's SynPolicy for this run's SYN: the SMC option iff the listener is SMC and
  // the SYN (as it arrived) carried it.
  ports::TcpOptions synack_options(const ports::SynInfo& syn) const;
  // The listener accepted this run's connection.
  void accepted(std::unique_ptr<ports::StreamConnection> conn);
  ConnectionOutcome outcome() const;
  // The real SMC-R data path, once the handshake chose SMC-R on real devices (else null).
  const SmcrDataSession* smcr_session() const { return smcr_session_.get(); }
  const RdmaLadder* rdma_ladder() const { return ladder_.get(); }

 private:
  enum Role : int { kClient = 0, kServer = 1 };

  struct Side final : sim::Actor {
    Side(sim::Simulator& s, std::string n) : Actor(s, n), timers(s, n + "/timers") {}
    SimTimerService timers;
    std::map<handshake::TimerName, ports::TimerId> armed;
    std::unique_ptr<ports::StreamConnection> tcp;
    bool done = false;
    bool tcp_mode = false;  // ended as (fallback) TCP: application bytes use the TCP stream
    bool smc = false;       // ended in SMC mode
    bool link_started = false;
    bool closing = false;   // close/reset requested: the stream is no longer read or written
    bool eof = false;
    wire::Bytes app_rx;     // application bytes this side's app has read
    wire::Bytes tx_backlog; // bytes the stream did not take yet (send buffer full)
    std::uint64_t queued = 0;    // stream bytes handed to send_stream, in order
    std::uint64_t received = 0;  // stream bytes read from the TCP stream
    // Ladder events of messages this side wrote on its stream: (log index, end offset).
    std::deque<std::pair<std::size_t, std::uint64_t>> in_stream;
  };

  void connect();
  void client_connected(const ports::TcpOptions& synack);
  void client_error(ports::StreamError e);
  void readable(Role r);
  void apply(Role r, const handshake::Actions& acts);
  void arm(Role r, handshake::TimerName name, std::int64_t after_ns);
  void cancel_all(Role r);
  void send_stream(Role from, const wire::Bytes& bytes, std::optional<std::size_t> log_index = std::nullopt);
  void flush(Role from);
  void close_stream(Role r, bool reset);
  void on_tcp_bytes(Role to, const wire::Bytes& bytes);
  void on_tcp_eof(Role to, bool reset);
  void plain_peer_reads(const wire::Bytes& bytes);
  void app_reads(Role to, const wire::Bytes& bytes);
  void maybe_start_link();
  void start_real_link(Role r);
  // Live link groups (docs/link-layer.md "Reuse in the world"): the deciding side takes its
  // host's LGR lock and refreshes its handshake's HostSnapshot::link_groups from the host's
  // LinkManager right before it decides. False: the bytes wait for the lock.
  bool decide_with_live_groups(Role r, const wire::Bytes& bytes);
  void release_lgr_lock(Role r);
  void install_link_faults(const SmcrStacks& smcr);
  bool real_smcr(Role r) const {
    return smcr_session_ && (r == kClient ? client_link_ : server_link_).engaged();
  }
  void maybe_send_app_data();
  void apply_script(Role r, const ScriptedPeer::Output& out);
  bool scripted(Role r) const { return script_ && setup_.scripted->is_client == (r == kClient); }
  void mark(Role r, std::string label, std::string detail = {});
  std::size_t log_clc(Role from, const wire::Bytes& bytes);
  std::size_t log_app(Role from, std::size_t len, const char* label, const char* path = "tcp");
  void check_app_arrival(Role to);
  Side& side(Role r) { return *sides_[r]; }
  const std::string& host(Role r) const { return columns_[r]; }

  sim::Simulator& sim_;
  ConnectionSetup setup_;
  ports::StreamTransport& client_tcp_;
  BoundFn bound_;
  std::array<std::string, 2> columns_;
  std::array<std::unique_ptr<Side>, 2> sides_;
  std::unique_ptr<SmcStandIn> stand_in_;
  WorldRoceFabric* fabric_ = nullptr;
  // The real SMC-R connections (null without SmcrStacks), then the handshakes' link layers:
  // those, failing first where the setup's resource faults say.
  std::unique_ptr<link::SmcrConnection> client_smcr_;
  std::unique_ptr<link::SmcrConnection> server_smcr_;
  WorldLinkLayer client_link_;
  WorldLinkLayer server_link_;
  std::unique_ptr<RdmaLadder> ladder_;
  std::unique_ptr<SmcrDataSession> smcr_session_;
  std::vector<std::pair<ports::Gid, std::uint32_t>> watched_;  // QPs the fabric reports to ladder_
  std::array<SmcrHostStack*, 2> stacks_{};  // the two hosts' SMC-R stacks (real SMC-R runs)
  std::array<bool, 2> holds_lock_{};
  std::array<wire::Bytes, 2> held_rx_;      // stream bytes waiting for the LGR lock
  std::optional<handshake::ClientHandshake> client_;
  std::optional<handshake::ServerHandshake> server_;
  std::optional<ScriptedPeer> script_;  // plays one side instead of the engine (setup.scripted)
  ConnectionOutcome out_;
  wire::Bytes payload_;       // what the client app sends once connected
  bool data_started_ = false;
  bool plain_replied_ = false;
  bool client_connected_ = false;
  bool echo_logged_ = false;
  bool smc_echo_logged_ = false;
  // App events awaiting their arrival: (log index, app bytes the receiver must have read).
  std::array<std::optional<std::pair<std::size_t, std::size_t>>, 2> app_arrival_;
  // ---- lifecycle (issue 5; tcp_connection_run_app.cc, rdma_fault_schedule.cc) ----------
 public:
  // The SMC-R data path, for the RDMA fault schedule to tell it to watch its links.
  SmcrDataSession* smcr_session_for_faults() { return smcr_session_.get(); }

 private:
  // Both apps' close rules (setup.client_close / server_close) into the SMC-R data path.
  void configure_smc_close();
  // ---- end lifecycle ---------------------------------------------------------------------
};

}  // namespace smc::world
