#include "sim/world/tcp_world_smc_stand_in.h"

namespace smc::world {

std::size_t SmcStandIn::log_llc(bool from_server, std::string label, bool lost) {
  MessageEvent e;
  e.sent_ns = ends_.server->now().ns();
  e.arrived_ns = lost ? -1 : e.sent_ns + delay_ns_;
  e.from = from_server ? ends_.server_host : ends_.client_host;
  e.to = from_server ? ends_.client_host : ends_.server_host;
  e.layer = MessageLayer::Llc;
  e.label = std::move(label);
  e.detail = "stand-in";
  log_.push_back(std::move(e));
  return log_.size() - 1;
}

void SmcStandIn::run_first_contact(LinkHooks hooks) {
  sim::Actor& s = *ends_.server;
  sim::Actor& c = *ends_.client;
  if (!rdma_works_) {
    // rdma-blackhole: the request never arrives, so no response either.
    s.trace("llc.lost");
    log_llc(true, "LLC Confirm Link", true);
    return;
  }
  s.trace("llc.confirm_link_tx");
  log_llc(true, "LLC Confirm Link", false);
  c.schedule_after(delay(), [this, hooks] {
    // The client answers at once; the response reaches the server one delay later.
    log_llc(false, "LLC Confirm Link response", false);
    if (hooks.confirm_link_at_client) hooks.confirm_link_at_client();
  });
  s.schedule_after(delay() + delay(), [this, hooks] {
    if (hooks.client_waits_add_link && hooks.client_waits_add_link()) log_llc(true, "LLC Add Link", false);
    if (hooks.response_at_server) hooks.response_at_server();
  });
  c.schedule_after(delay() + delay() + delay(), [hooks] {
    if (hooks.add_link_at_client) hooks.add_link_at_client();
  });
}

std::size_t SmcStandIn::send_data(bool from_client, wire::Bytes bytes, std::string label,
                                  std::function<void(const wire::Bytes&)> deliver) {
  sim::Actor& me = from_client ? *ends_.client : *ends_.server;
  MessageEvent e;
  e.sent_ns = me.now().ns();
  e.from = from_client ? ends_.client_host : ends_.server_host;
  e.to = from_client ? ends_.server_host : ends_.client_host;
  e.layer = MessageLayer::App;
  e.label = std::move(label);
  e.detail = "len=" + std::to_string(bytes.size()) + " path=smc (stand-in)";
  log_.push_back(std::move(e));
  me.schedule_after(delay(), [deliver = std::move(deliver), b = std::move(bytes)] { deliver(b); });
  return log_.size() - 1;
}

}  // namespace smc::world
