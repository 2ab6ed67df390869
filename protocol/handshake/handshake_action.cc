#include "protocol/handshake/handshake_action.h"

namespace smc::handshake {

const char* to_string(TimerName t) {
  switch (t) {
    case TimerName::ClcWait: return "clc_wait";
    case TimerName::FirstConfirmLink: return "first_confirm_link";
    case TimerName::DeclineWait: return "decline_wait";
    case TimerName::AddLinkWait: return "add_link_wait";
  }
  return "?";
}

const char* to_string(ClcKind k) {
  switch (k) {
    case ClcKind::Proposal: return "Proposal";
    case ClcKind::Accept: return "Accept";
    case ClcKind::Confirm: return "Confirm";
    case ClcKind::Decline: return "Decline";
  }
  return "?";
}

std::string describe(const Action& a) {
  struct V {
    std::string operator()(const SendClc& s) const {
      return std::string("send ") + to_string(s.kind) + " (" + std::to_string(s.bytes.size()) + " bytes)";
    }
    std::string operator()(const ArmTimer& t) const {
      return std::string("arm ") + to_string(t.name) + " " + std::to_string(t.after / 1'000'000) + " ms";
    }
    std::string operator()(const CancelTimer& t) const { return std::string("cancel ") + to_string(t.name); }
    std::string operator()(const FallBack& f) const {
      return "fallback " + clc::to_smcss_hex(f.local) + "/" + clc::to_smcss_hex(f.peer ? static_cast<std::uint32_t>(*f.peer) : 0u);
    }
    std::string operator()(const HardError& e) const { return "hard error errno " + std::to_string(e.err); }
    std::string operator()(const DropConnection& d) const { return d.reset ? "drop (RST)" : "drop (FIN)"; }
    std::string operator()(const StartLinkSetup& s) const {
      return std::string("start link setup ") + negotiation::to_string(s.path.kind);
    }
    std::string operator()(const SmcEstablished& s) const {
      return std::string("established ") + negotiation::to_string(s.path.kind);
    }
  };
  return std::visit(V{}, a);
}

}  // namespace smc::handshake
