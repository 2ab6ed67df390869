#pragma once
// The server (passive side) CLC handshake for one accepted child, fallback-causes.md §2.3
// S2–S13, sans-I/O.
//   established(child syn_smc off)  → S2 fallback 0x03010000, no CLC
//   Proposal wait (S4, 6 s)         → timeout / EOF / non-CLC bytes / invalid Proposal: the
//                                     connection is dropped (RST if unread bytes remain);
//                                     Decline: PEERDECL
//   S5 IPsec, S7, S8, S9 (§3.4)     → Decline with the Proposal's version
//   Accept, Confirm wait (S11)      → as S4; S12 FCE checks; S13 link prepare (LinkLayer)
//   SMC-R first contact             → LLC Confirm Link 2 s, then 1 s decline_wait:
//                                     0x02010000 or PEERDECL
#include "protocol/handshake/handshake_action.h"
#include "protocol/handshake/link_layer.h"
#include "protocol/negotiation/server_device_search.h"
#include "protocol/socket/smc_socket_record.h"

namespace smc::handshake {

class ServerHandshake {
 public:
  // WaitAcceptReady (SMC-R reuse): the link layer's Confirm RKey exchange runs before the
  // Accept goes out (LinkLayer::accept_pending); on_accept_ready() ends it.
  enum class State : std::uint8_t {
    WaitEstablished, WaitProposal, WaitConfirm, WaitLink, WaitDeclineAfterLink, Done, WaitAcceptReady
  };

  ServerHandshake(negotiation::HostSnapshot host, negotiation::ConnectionContext conn,
                  negotiation::EngineProfile profile, LinkLayer* link = nullptr,
                  negotiation::PathSetupOutcomes setup = {});

  Actions on_established(bool child_syn_smc);
  Actions on_bytes(wire::ByteView data);
  Actions on_timer(TimerName name);
  Actions on_eof();
  Actions on_reset();
  Actions on_link_confirmed();
  Actions on_link_failed(clc::DeclineCode code);
  // The exchange LinkLayer::accept_pending() announced ended: nullopt sends the held Accept,
  // a code declines with it (0x09990003 when the Confirm RKey response did not come).
  Actions on_accept_ready(std::optional<clc::DeclineCode> failure);
  // The world refreshes the host's link groups right before the Proposal is processed (S9
  // decides first contact or reuse from them; the kernel reads its LGR list there).
  void refresh_link_groups(std::vector<negotiation::LinkGroupSnapshot> groups) { host_.link_groups = std::move(groups); }

  State state() const { return state_; }
  const socket::SmcSocketRecord& record() const { return record_; }
  const negotiation::NegotiatedPath& path() const { return path_; }
  bool dropped() const { return dropped_; }
  const wire::Bytes& leftover() const { return rx_; }

 private:
  Actions fall_back(DeclineCode local, bool send_decline, Actions out = {});
  Actions peer_declined(const wire::Bytes& msg, Actions out);
  Actions drop(Actions out = {});
  Actions process_proposal();
  Actions process_confirm();
  Actions check_decline_buffer(Actions out);
  Actions established(Actions out);
  void release_link();

  negotiation::HostSnapshot host_;
  negotiation::ConnectionContext conn_;
  negotiation::EngineProfile profile_;
  NullLinkLayer null_link_;
  LinkLayer* link_;
  negotiation::PathSetupOutcomes setup_;
  State state_ = State::WaitEstablished;
  socket::SmcSocketRecord record_;
  negotiation::NegotiatedPath path_;
  std::uint8_t proposal_version_ = 1;
  bool dropped_ = false;
  bool link_prepared_ = false;  // a prepare_* call reserved link resources: abandon() on failure
  wire::Bytes rx_;
  std::optional<wire::Bytes> held_accept_;  // WaitAcceptReady: the encoded Accept
};

}  // namespace smc::handshake
