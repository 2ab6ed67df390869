#pragma once
// What the TCP world does not have yet, in one replaceable piece: the SMC-R link layer's
// first-contact LLC exchange and the SMC data path. Both behave exactly as in the handshake
// world (sim/world/handshake_connection.cc): the server's LLC Confirm Link reaches the
// client one delay after both sides started link setup, the response the server after two,
// the optional Add Link the client after three; with RDMA blackholed nothing arrives and the
// handshake timers decide. SMC-mode application bytes travel in order with one delay.
//
// SMC-R between two engines on hosts with RDMA devices no longer comes here: it runs the
// real link layer and data path (SmcrHostStack, SmcrDataSession; see tcp_connection_run.h).
// What is left: SMC-D's data (no ISM device model in the TCP world yet) and SMC-R on a host
// the world gave no devices, which the negotiation never picks in practice.
#include <cstdint>
#include <functional>
#include <string>

#include "protocol/wire/bytes.h"
#include "sim/kernel/actor.h"
#include "sim/world/message_event.h"

namespace smc::world {

class SmcStandIn {
 public:
  struct Ends {
    sim::Actor* client = nullptr;  // events of the client side run under this actor
    sim::Actor* server = nullptr;
    std::string client_host;
    std::string server_host;
  };
  // What the first-contact exchange delivers, at the simulated arrival instant.
  struct LinkHooks {
    std::function<void()> confirm_link_at_client;   // LLC Confirm Link (request)
    std::function<void()> response_at_server;       // LLC Confirm Link (response)
    std::function<bool()> client_waits_add_link;    // asked when the server would send Add Link
    std::function<void()> add_link_at_client;
  };

  SmcStandIn(Ends ends, std::int64_t one_way_delay_ns, bool rdma_works, MessageLog& log)
      : ends_(std::move(ends)), delay_ns_(one_way_delay_ns), rdma_works_(rdma_works), log_(log) {}
  SmcStandIn(const SmcStandIn&) = delete;
  SmcStandIn& operator=(const SmcStandIn&) = delete;

  // Both sides asked for link setup (StartLinkSetup): run the first-contact exchange.
  void run_first_contact(LinkHooks hooks);
  // An SMC-mode write of `from_client ? client : server` app; `deliver` runs at the peer.
  // Returns the index of the App event it logged.
  std::size_t send_data(bool from_client, wire::Bytes bytes, std::string label,
                        std::function<void(const wire::Bytes&)> deliver);

 private:
  std::size_t log_llc(bool from_server, std::string label, bool lost);
  sim::SimDuration delay() const { return sim::ns(delay_ns_); }

  Ends ends_;
  std::int64_t delay_ns_;
  bool rdma_works_;
  MessageLog& log_;
};

}  // namespace smc::world
