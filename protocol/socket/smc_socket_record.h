#pragma once
// The per-socket SMC record as the kernel keeps it and sock_diag reports it
// (fallback-causes.md §1.1, §1.2): use_fallback, fallback_rsn (last write wins),
// peer_diagnosis (only from a received Decline, and then fallback_rsn is 0x05000000),
// the diag mode byte and the socket state.
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/clc/decline_code.h"
#include "protocol/diag/smcss_mode.h"

namespace smc::socket {

using clc::DeclineCode;
using diag::DiagMode;

enum class SocketState : std::uint8_t { Init, Listen, Active, Closed };

const char* to_string(SocketState s);

class SmcSocketRecord {
 public:
  // Every switch to fallback writes the reason; the last write wins.
  void switch_to_fallback(DeclineCode reason);
  // A Decline arrived: peer_diagnosis is its code (raw: it may be one DeclineCode does not
  // name) and the local reason becomes PEERDECL.
  void record_peer_decline(DeclineCode peer_code);
  void set_smc_mode(bool smcd);
  void set_state(SocketState s) { state_ = s; }

  bool use_fallback() const { return use_fallback_; }
  // nullopt where the kernel's field is still 0: never fell back / no Decline received.
  std::optional<DeclineCode> fallback_rsn() const { return fallback_rsn_; }
  std::optional<DeclineCode> peer_diagnosis() const { return peer_diagnosis_; }
  DiagMode diag_mode() const;
  SocketState state() const { return state_; }
  unsigned fallback_switches() const { return switches_; }  // tracepoint count

  // The record as smcss's Mode column sees it (codes 0 when absent).
  diag::SmcssMode smcss() const;
  // What smcss prints in its Mode column for an ACTIVE socket: "SMCR", "SMCD",
  // "TCP 0x03010000" or "TCP 0x05000000/0x03030000".
  std::string smcss_mode() const { return diag::format_smcss_mode(smcss()); }

 private:
  bool use_fallback_ = false;
  bool smcd_ = false;
  std::optional<DeclineCode> fallback_rsn_;
  std::optional<DeclineCode> peer_diagnosis_;
  SocketState state_ = SocketState::Init;
  unsigned switches_ = 0;
};

}  // namespace smc::socket
