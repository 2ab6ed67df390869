#pragma once
// The client (active side) CLC handshake, fallback-causes.md §2.2 C2–C20, sans-I/O:
// events in (TCP established, bytes, timer, EOF/RST, link results), actions out.
//   established(no SYN-ACK option)  → C2 fallback 0x03010000, no CLC
//   established(option)             → C3 IPsec / C5–C8 offer → Decline (early version) or
//                                     Proposal + clc_wait
//   Accept wait (C10)               → timeout: ETIMEDOUT (EAGAIN on old profiles); EOF/RST:
//                                     ECONNRESET; non-CLC bytes: EPROTO; Decline: PEERDECL
//   Accept checks C11–C13, link prepare (LinkLayer) → Decline with the Accept's version
//   Confirm; SMC-R first contact: C19 first_confirm_link then 1 s decline_wait
//   (0x02010000 or PEERDECL); C20 add_link_wait (2 s + 1 s) when max_links > 1.
#include "protocol/handshake/handshake_action.h"
#include "protocol/handshake/link_layer.h"
#include "protocol/negotiation/client_offer.h"
#include "protocol/socket/smc_socket_record.h"

namespace smc::handshake {

class ClientHandshake {
 public:
  enum class State : std::uint8_t {
    WaitEstablished, WaitAccept, WaitLink, WaitDeclineAfterLink, WaitAddLink, WaitDeclineAfterAddLink, Done
  };

  ClientHandshake(negotiation::HostSnapshot host, negotiation::ConnectionContext conn,
                  negotiation::EngineProfile profile, LinkLayer* link = nullptr);

  Actions on_established(bool synack_had_option);
  Actions on_bytes(wire::ByteView data);
  Actions on_timer(TimerName name);
  Actions on_eof();
  Actions on_reset();
  Actions on_link_confirmed();
  Actions on_link_failed(clc::DeclineCode code);
  Actions on_add_link_done();
  // The world refreshes the host's link groups right before the Accept is processed (C13
  // decides reuse from them; the kernel reads its LGR list there).
  void refresh_link_groups(std::vector<negotiation::LinkGroupSnapshot> groups) { host_.link_groups = std::move(groups); }

  State state() const { return state_; }
  const socket::SmcSocketRecord& record() const { return record_; }
  const negotiation::NegotiatedPath& path() const { return path_; }
  // Bytes received after the handshake ended (application data on a fallback connection).
  const wire::Bytes& leftover() const { return rx_; }

 private:
  Actions fall_back(DeclineCode local, std::uint8_t decline_version, Actions out = {});
  Actions peer_declined(const wire::Bytes& msg, Actions out);
  Actions hard_error(int err, Actions out = {});
  Actions process_accept();
  Actions check_decline_buffer(Actions out);
  Actions established(Actions out);
  void release_link();

  negotiation::HostSnapshot host_;
  negotiation::ConnectionContext conn_;
  negotiation::EngineProfile profile_;
  NullLinkLayer null_link_;
  LinkLayer* link_;
  State state_ = State::WaitEstablished;
  socket::SmcSocketRecord record_;
  negotiation::ClientOffer offer_;
  negotiation::NegotiatedPath path_;
  std::uint8_t accept_version_ = 1;
  bool link_prepared_ = false;  // a prepare_* call reserved link resources: abandon() on failure
  wire::Bytes rx_;
};

}  // namespace smc::handshake
