#pragma once
// The seam between the CLC handshake and the link layer (LLC, QPs, buffers), so the link part
// can be written separately. Synchronous local steps return a code; the first-contact LLC
// exchange is asynchronous: its result comes back as ClientHandshake/ServerHandshake
// on_link_confirmed() / on_link_failed(code) / on_add_link_done(), and its timeouts are the
// handshake's own timers (C19/C20, S13).
#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/clc_content.h"

namespace smc::handshake {

class LinkLayer {
 public:
  virtual ~LinkLayer() = default;
  // Client C13–C17 after the Accept passed its checks: link group create/reuse, buffers,
  // rtoken, QP to RTR, reuse registration. nullopt = ok; else the Decline code.
  virtual std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath& path) = 0;
  // Server S13 after the Confirm: rtoken, QP to RTR/RTS, RMB registration. nullopt = ok.
  virtual std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath& path) = 0;
};

// Everything succeeds: the default when no link layer is plugged in.
class NullLinkLayer final : public LinkLayer {
 public:
  std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath&) override { return std::nullopt; }
  std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath&) override { return std::nullopt; }
};

}  // namespace smc::handshake
