#pragma once
// The per-socket SMC record as the kernel keeps it and sock_diag reports it
// (fallback-causes.md §1.1, §1.2): use_fallback, fallback_rsn (last write wins),
// peer_diagnosis (only from a received Decline, and then fallback_rsn is 0x05000000),
// the diag mode byte and the socket state.
#include <cstdint>
#include <string>

#include "protocol/negotiation/cause.h"

namespace smc::socket {

using negotiation::Cause;

// The diag mode byte: SMC-R 0, fallback TCP 1, SMC-D 2.
enum class DiagMode : std::uint8_t { Smcr = 0, Tcp = 1, Smcd = 2 };
enum class SocketState : std::uint8_t { Init, Listen, Active, Closed };

const char* to_string(DiagMode m);
const char* to_string(SocketState s);

class SmcSocketRecord {
 public:
  // Every switch to fallback writes the reason; the last write wins.
  void switch_to_fallback(Cause reason);
  // A Decline arrived: peer_diagnosis is its code and the local reason becomes PEERDECL.
  void record_peer_decline(Cause peer_code);
  void set_smc_mode(bool smcd);
  void set_state(SocketState s) { state_ = s; }

  bool use_fallback() const { return use_fallback_; }
  Cause fallback_rsn() const { return fallback_rsn_; }
  Cause peer_diagnosis() const { return peer_diagnosis_; }
  DiagMode diag_mode() const;
  SocketState state() const { return state_; }
  unsigned fallback_switches() const { return switches_; }  // tracepoint count

  // What smcss prints in its Mode column for an ACTIVE socket: "SMCR", "SMCD",
  // "TCP 0x03010000" or "TCP 0x05000000/0x03030000".
  std::string smcss_mode() const;

 private:
  bool use_fallback_ = false;
  bool smcd_ = false;
  Cause fallback_rsn_ = Cause::None;
  Cause peer_diagnosis_ = Cause::None;
  SocketState state_ = SocketState::Init;
  unsigned switches_ = 0;
};

}  // namespace smc::socket
