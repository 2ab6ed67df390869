#pragma once
// A handshake::LinkLayer that stands in for the RDMA link layer in the handshake world and
// fails exactly where a scenario's resource fault says: the client's buffer allocation, QP
// creation or QP modify to RTR while it builds the Confirm (C13–C17: §12 rows 1, 67, 69), or
// the server's RMB registration after the Confirm (S13: row 70). Everything else succeeds
// with zero link fields, like NullLinkLayer.
#include <optional>

#include "protocol/handshake/link_layer.h"

namespace smc::world {

struct InjectedLinkFailures {
  std::optional<clc::DeclineCode> client_confirm;  // prepare_confirm / prepare_client
  std::optional<clc::DeclineCode> server_confirm;  // prepare_server (S13)
  // A buffer allocation failure hits SMC-D buffers too (§5 0x01010000, client trigger 4);
  // QP and MR failures exist on SMC-R paths only.
  bool client_smcd_too = false;
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
