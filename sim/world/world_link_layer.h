#pragma once
// The LinkLayer a TcpConnectionRun hands its handshake machine: the real SMC-R link layer
// (link::SmcrConnection from the host's LinkManager) for an SMC-R path, nothing for SMC-D
// (the handshake needs no link fields there), and in front of both the scenario's injected
// resource faults (InjectedLinkFailures: §12 rows 1, 67, 69, 70), which fail the step where
// the kernel meets the fault whatever the devices could do. Without a real connection (a
// host without simulated devices) it is exactly InjectedLinkLayer.
#include <optional>

#include "protocol/handshake/link_layer.h"
#include "protocol/link/smcr_connection.h"

namespace smc::world {

class WorldLinkLayer final : public handshake::LinkLayer {
 public:
  // smcd_too: the client's injected failure (a buffer allocation) also hits SMC-D buffers;
  // QP and MR failures exist on SMC-R paths only (InjectedLinkFailures).
  WorldLinkLayer(std::optional<clc::DeclineCode> on_client, std::optional<clc::DeclineCode> on_server,
                 link::SmcrConnection* real, bool smcd_too = false)
      : on_client_(on_client), on_server_(on_server), real_(real), smcd_too_(smcd_too) {}

  std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath& path) override {
    return client_fault(path);
  }
  std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath& path) override {
    return negotiation::is_smcd(path.kind) ? std::nullopt : on_server_;
  }

  handshake::LinkFieldsResult prepare_accept(const negotiation::NegotiatedPath& path,
                                             const handshake::SmcrLinkFields& proposal) override {
    if (!uses_real(path)) return handshake::SmcrLinkFields{};
    engaged_ = true;
    return real_->prepare_accept(path, proposal);
  }
  handshake::LinkFieldsResult prepare_confirm(const negotiation::NegotiatedPath& path,
                                              const handshake::SmcrLinkFields& accept) override {
    if (auto f = client_fault(path)) return smc::unexpected(*f);
    if (!uses_real(path)) return handshake::SmcrLinkFields{};
    engaged_ = true;
    return real_->prepare_confirm(path, accept);
  }
  std::optional<clc::DeclineCode> prepare_server_with(const negotiation::NegotiatedPath& path,
                                                      const handshake::SmcrLinkFields& confirm) override {
    if (on_server_ && !negotiation::is_smcd(path.kind)) return on_server_;
    if (!uses_real(path)) return std::nullopt;
    engaged_ = true;
    return real_->prepare_server_with(path, confirm);
  }
  void abandon() override {
    if (engaged_) real_->abandon();
    engaged_ = false;
  }
  bool accept_pending() const override { return engaged_ && real_->accept_pending(); }

  // The real link layer took part in this handshake (an SMC-R path was prepared).
  bool engaged() const { return engaged_; }
  link::SmcrConnection* real() const { return real_; }

 private:
  std::optional<clc::DeclineCode> client_fault(const negotiation::NegotiatedPath& path) const {
    return negotiation::is_smcd(path.kind) && !smcd_too_ ? std::nullopt : on_client_;
  }
  bool uses_real(const negotiation::NegotiatedPath& path) const {
    return real_ && (path.kind == negotiation::PathKind::SmcRv1 || path.kind == negotiation::PathKind::SmcRv2);
  }

  std::optional<clc::DeclineCode> on_client_;
  std::optional<clc::DeclineCode> on_server_;
  link::SmcrConnection* real_;
  bool smcd_too_ = false;
  bool engaged_ = false;
};

}  // namespace smc::world
