#include "protocol/socket/smc_socket_record.h"

namespace smc::socket {

const char* to_string(DiagMode m) {
  switch (m) {
    case DiagMode::Smcr: return "SMCR";
    case DiagMode::Tcp: return "TCP";
    case DiagMode::Smcd: return "SMCD";
  }
  return "?";
}

const char* to_string(SocketState s) {
  switch (s) {
    case SocketState::Init: return "INIT";
    case SocketState::Listen: return "LISTEN";
    case SocketState::Active: return "ACTIVE";
    case SocketState::Closed: return "CLOSED";
  }
  return "?";
}

void SmcSocketRecord::switch_to_fallback(Cause reason) {
  use_fallback_ = true;
  fallback_rsn_ = reason;
  ++switches_;
}

void SmcSocketRecord::record_peer_decline(Cause peer_code) {
  peer_diagnosis_ = peer_code;
  switch_to_fallback(Cause::PeerDecl);
}

void SmcSocketRecord::set_smc_mode(bool smcd) {
  use_fallback_ = false;
  smcd_ = smcd;
}

DiagMode SmcSocketRecord::diag_mode() const {
  if (use_fallback_) return DiagMode::Tcp;
  return smcd_ ? DiagMode::Smcd : DiagMode::Smcr;
}

std::string SmcSocketRecord::smcss_mode() const {
  if (!use_fallback_) return to_string(diag_mode());
  std::string s = "TCP " + negotiation::to_hex(fallback_rsn_);
  if (peer_diagnosis_ != Cause::None) s += "/" + negotiation::to_hex(peer_diagnosis_);
  return s;
}

}  // namespace smc::socket
