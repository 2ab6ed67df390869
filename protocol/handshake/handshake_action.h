#pragma once
// What the handshake state machines emit (sans-I/O): bytes to send on the TCP connection,
// timers to arm or cancel (named, with the profile's duration), and the outcome.
#include <string>
#include <variant>
#include <vector>

#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/clc_content.h"
#include "protocol/negotiation/engine_profile.h"
#include "protocol/wire/bytes.h"

namespace smc::handshake {

using clc::DeclineCode;
using negotiation::Nanos;

enum class TimerName : std::uint8_t {
  ClcWait,           // 6 s: Proposal / Accept / Confirm
  FirstConfirmLink,  // client 4 s (2 s old/Anolis), server 2 s: LLC Confirm Link
  DeclineWait,       // 1 s: after an LLC timeout, look for a Decline that explains it
  AddLinkWait,       // client 2 s: optional first Add Link
};
const char* to_string(TimerName t);

enum class ClcKind : std::uint8_t { Proposal = 1, Accept = 2, Confirm = 3, Decline = 4 };
const char* to_string(ClcKind k);

struct SendClc {
  ClcKind kind;
  wire::Bytes bytes;
};
struct ArmTimer {
  TimerName name;
  Nanos after;
};
struct CancelTimer {
  TimerName name;
};
// The connection goes on as plain TCP. local is fallback_rsn; peer is peer_diagnosis (nullopt if
// no Decline was received).
struct FallBack {
  DeclineCode local;
  std::optional<DeclineCode> peer;
};
// Client: connect() fails with this errno.
struct HardError {
  int err;
};
// Server: the child is closed and never reaches accept(); reset = RST (unread bytes), else FIN.
struct DropConnection {
  bool reset;
};
// SMC-R first contact: the link layer runs the LLC Confirm Link exchange now.
struct StartLinkSetup {
  negotiation::NegotiatedPath path;
};
struct SmcEstablished {
  negotiation::NegotiatedPath path;
};

using Action = std::variant<SendClc, ArmTimer, CancelTimer, FallBack, HardError, DropConnection, StartLinkSetup,
                            SmcEstablished>;
using Actions = std::vector<Action>;

// Built one push at a time: brace-initialising a vector of this variant trips GCC 12's
// -Wmaybe-uninitialized false positive at -O2.
template <typename... A>
Actions actions_of(A&&... a) {
  Actions v;
  v.reserve(sizeof...(A) + 2);
  (v.emplace_back(std::forward<A>(a)), ...);
  return v;
}

// One line per action, for traces and test failure messages.
std::string describe(const Action& a);

}  // namespace smc::handshake
