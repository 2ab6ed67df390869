// TcpConnectionRun's own entries in the connection's ladder (MessageLog): CLC messages as the
// handshake machines write them, application writes, and the marks on one host's column.
// The TCP segments are the SegmentTap's; their arrival instants and those of the CLC messages
// come from the byte stream (see readable()).
#include "sim/world/tcp_connection_run.h"

#include "protocol/clc/clc_message.h"
#include "protocol/clc/decline_code.h"

namespace smc::world {

void TcpConnectionRun::mark(Role r, std::string label, std::string detail) {
  MessageEvent e;
  e.sent_ns = sim_.now().ns();
  e.from = e.to = host(r);
  e.layer = MessageLayer::Mark;
  e.label = std::move(label);
  e.detail = std::move(detail);
  out_.messages.push_back(std::move(e));
}

std::size_t TcpConnectionRun::log_clc(Role from, const wire::Bytes& b) {
  MessageEvent e;
  e.sent_ns = sim_.now().ns();
  e.from = host(from);
  e.to = host(from == kClient ? kServer : kClient);
  e.layer = MessageLayer::Clc;
  static const char* const kNames[] = {"CLC ?", "CLC Proposal", "CLC Accept", "CLC Confirm", "CLC Decline"};
  std::uint8_t type = b.size() > 4 && b[4] <= 4 ? b[4] : 0;
  e.label = kNames[type];
  if (b.size() >= 8) {
    e.detail = "v" + std::to_string(b[7] >> 4) + (b[3] == 0xc4 ? " SMC-D" : "");
    if (type == 4) {
      if (auto d = clc::ClcDecline::decode(b)) {
        e.detail += " " + clc::to_smcss_hex(d->peer_diagnosis);
        if (d->out_of_sync) e.detail += " oos";
      }
    }
    e.detail += " len=" + std::to_string(b.size());
  }
  out_.messages.push_back(std::move(e));
  return out_.messages.size() - 1;
}

std::size_t TcpConnectionRun::log_app(Role from, std::size_t len, const char* label, const char* path) {
  MessageEvent e;
  e.sent_ns = sim_.now().ns();
  e.from = host(from);
  e.to = host(from == kClient ? kServer : kClient);
  e.layer = MessageLayer::App;
  e.label = label;
  e.detail = "len=" + std::to_string(len) + " path=" + path;
  out_.messages.push_back(std::move(e));
  return out_.messages.size() - 1;
}

void TcpConnectionRun::check_app_arrival(Role to) {
  auto& pending = app_arrival_[to];
  if (pending && side(to).app_rx.size() >= pending->second) {
    out_.messages[pending->first].arrived_ns = sim_.now().ns();
    pending.reset();
  }
}

}  // namespace smc::world
