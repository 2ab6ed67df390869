#pragma once
// A handshake::LinkLayer that stands in for the RDMA link layer in the handshake world and
// fails exactly where a scenario's resource fault says: the client's buffer allocation, QP
// creation or QP modify to RTR while it builds the Confirm (C13–C17: §12 rows 1, 67, 69), or
// the server's RMB registration after the Confirm (S13: row 70). Everything else succeeds
// with zero link fields, like NullLinkLayer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/handshake/link_layer.h"
#include "protocol/llc/llc_header.h"

namespace smc::world {

// A personality on the LLC messages one host's link layer sends (faults llc-drop, llc-fail,
// crafted-confirm-link; docs/scenario-format.md). Applied by the host's LinkManager to every
// matching message of every connection on that host.
enum class LlcFaultAction : std::uint8_t {
  Drop,               // lost on the way (never posted; the sender does not notice)
  Fail,               // the post fails (the sender sees the error)
  ClearNoEyecatcher,  // a non-Linux peer: Confirm Link without the "no RMBE eyecatcher" flag
};
struct LlcFault {
  std::string host;                    // whose sends
  llc::LlcType type = llc::LlcType::ConfirmLink;
  std::optional<bool> response;        // only responses (true) / requests (false); nullopt: both
  LlcFaultAction action = LlcFaultAction::Drop;
  bool operator==(const LlcFault&) const = default;
};
// A link-layer event on a host at a time (faults lgr-forget, rtoken-fill).
struct HostLinkEvent {
  std::string host;
  std::string kind;  // "lgr-forget" | "rtoken-fill"
  std::int64_t at_ns = 0;
  bool operator==(const HostLinkEvent&) const = default;
};

struct InjectedLinkFailures {
  std::optional<clc::DeclineCode> client_confirm;  // prepare_confirm / prepare_client
  std::optional<clc::DeclineCode> server_confirm;  // prepare_server (S13)
  // A buffer allocation failure hits SMC-D buffers too (§5 0x01010000, client trigger 4);
  // QP and MR failures exist on SMC-R paths only.
  bool client_smcd_too = false;
  // Faults on the real SMC-R link layer of the world's hosts (SmcrHostStack); the handshake
  // world (no link layer) ignores them.
  std::vector<LlcFault> llc;
  std::vector<HostLinkEvent> events;
  std::vector<std::string> reuse_race_hosts;  // §12 rows 59/60: links go down after the LGR match
  bool operator==(const InjectedLinkFailures&) const = default;
};

class InjectedLinkLayer final : public handshake::LinkLayer {
 public:
  InjectedLinkLayer(std::optional<clc::DeclineCode> on_client, std::optional<clc::DeclineCode> on_server,
                    bool smcd_too = false)
      : on_client_(on_client), on_server_(on_server), smcd_too_(smcd_too) {}
  std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath& path) override {
    return negotiation::is_smcd(path.kind) && !smcd_too_ ? std::nullopt : on_client_;
  }
  std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath& path) override {
    return negotiation::is_smcd(path.kind) ? std::nullopt : on_server_;
  }

 private:
  std::optional<clc::DeclineCode> on_client_;
  std::optional<clc::DeclineCode> on_server_;
  bool smcd_too_ = false;
};

}  // namespace smc::world
