#include "protocol/socket/smc_socket_record.h"

namespace smc::socket {

const char* to_string(SocketState s) {
  switch (s) {
    case SocketState::Init: return "INIT";
    case SocketState::Listen: return "LISTEN";
    case SocketState::Active: return "ACTIVE";
    case SocketState::Closed: return "CLOSED";
  }
  return "?";
}

void SmcSocketRecord::switch_to_fallback(DeclineCode reason) {
  use_fallback_ = true;
  fallback_rsn_ = reason;
  ++switches_;
}

void SmcSocketRecord::record_peer_decline(DeclineCode peer_code) {
  peer_diagnosis_ = peer_code;
  switch_to_fallback(DeclineCode::PeerDeclined);
}

void SmcSocketRecord::set_smc_mode(bool smcd) {
  use_fallback_ = false;
  smcd_ = smcd;
}

DiagMode SmcSocketRecord::diag_mode() const {
  if (use_fallback_) return DiagMode::FallbackTcp;
  return smcd_ ? DiagMode::Smcd : DiagMode::Smcr;
}

diag::SmcssMode SmcSocketRecord::smcss() const {
  auto raw = [](const std::optional<DeclineCode>& c) { return c ? static_cast<std::uint32_t>(*c) : 0u; };
  return diag::SmcssMode{diag_mode(), raw(fallback_rsn_), raw(peer_diagnosis_)};
}

}  // namespace smc::socket
