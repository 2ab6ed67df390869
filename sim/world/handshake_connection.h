#pragma once
// One TCP connection between a client and a server application, run on the simulation
// kernel: the §2.1 SYN option rendezvous, the two CLC state machines (ClientHandshake /
// ServerHandshake) with their timers as simulator events, every byte travelling with the
// segment's one-way delay, the first-contact LLC exchange as a delayed confirmation (or
// nothing at all when RDMA is blackholed), and the application's bytes afterwards.
//
// Two actors trace it: client/<app>/conn<N> and server/<app>/conn<N>. Neither copyable nor
// movable (the simulator's events point into it).
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"
#include "sim/kernel/actor.h"
#include "sim/world/connection_outcome.h"
#include "sim/world/world_setup.h"

namespace smc::world {

class HandshakeConnection {
 public:
  HandshakeConnection(sim::Simulator& sim, ConnectionSetup setup);
  HandshakeConnection(const HandshakeConnection&) = delete;
  HandshakeConnection& operator=(const HandshakeConnection&) = delete;

  // Schedules the connect() at setup.start_ns.
  void start();
  ConnectionOutcome outcome() const;

 private:
  enum Role : int { kClient = 0, kServer = 1 };

  struct Side final : sim::Actor {
    Side(sim::Simulator& s, std::string n) : Actor(s, std::move(n)) {}
    std::map<handshake::TimerName, sim::EventId> timers;
    bool done = false;
    bool tcp = false;     // ended as (fallback) TCP: application bytes use the TCP pipe
    bool smc = false;     // ended in SMC mode
    bool link_started = false;
    wire::Bytes app_rx;   // application bytes this side's app has read
  };

  void connect();
  void apply(Role r, const handshake::Actions& acts);
  void arm(Role r, handshake::TimerName name, std::int64_t after_ns);
  void cancel_all(Role r);
  void send_tcp(Role from, wire::Bytes bytes);
  void send_eof(Role from, bool reset);
  void on_tcp_bytes(Role to, const wire::Bytes& bytes);
  void on_tcp_eof(Role to, bool reset);
  void plain_peer_reads(const wire::Bytes& bytes);
  void app_reads(Role to, const wire::Bytes& bytes);
  void maybe_start_link();
  void maybe_send_app_data();
  void apply_script(Role r, const ScriptedPeer::Output& out);
  bool scripted(Role r) const { return script_ && setup_.scripted->is_client == (r == kClient); }
  Side& side(Role r) { return *sides_[r]; }
  sim::SimDuration delay() const { return sim::ns(setup_.one_way_delay_ns); }

  sim::Simulator& sim_;
  ConnectionSetup setup_;
  std::array<std::unique_ptr<Side>, 2> sides_;
  InjectedLinkLayer client_link_;
  InjectedLinkLayer server_link_;
  std::optional<handshake::ClientHandshake> client_;
  std::optional<handshake::ServerHandshake> server_;
  std::optional<ScriptedPeer> script_;
  ConnectionOutcome out_;
  wire::Bytes payload_;       // what the client app sends once connected
  bool data_started_ = false;
  bool plain_replied_ = false;
};

}  // namespace smc::world
