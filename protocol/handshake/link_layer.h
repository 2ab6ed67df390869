#pragma once
// The seam between the CLC handshake and the link layer (LLC, QPs, buffers), so the link part
// can be written separately. Synchronous local steps return a code; the first-contact LLC
// exchange is asynchronous: its result comes back as ClientHandshake/ServerHandshake
// on_link_confirmed() / on_link_failed(code) / on_add_link_done(), and its timeouts are the
// handshake's own timers (C19/C20, S13).
//
// One LinkLayer serves ONE connection's handshake (protocol/link/smcr_connection.h is the
// real one): the calls carry no connection identity. The SMC-R link fields of the Accept and
// Confirm (wire-format.md §2.3: QP number, PSN, MTU, MAC, RMB rkey/address/size, alert token)
// come from the link layer and the peer's go back to it:
//   server  S9→S10  prepare_accept(path, proposal)  → the Accept's fields (LGR, link, RMB made)
//   client  C13–C17 prepare_confirm(path, accept)   → the Confirm's fields (QP at RTR, rtoken)
//   server  S13     prepare_server(path, confirm)    → rtoken, QP to RTR/RTS
//   either  abandon()                                → the handshake ended without SMC-R
// The defaults keep the pre-link-layer behaviour: every link field zero, everything succeeds,
// and prepare_confirm / prepare_server(path, fields) fall through to the older one-argument
// calls, which stay for link layers written against them.
#include <optional>

#include "protocol/clc/decline_code.h"
#include "protocol/common/result.h"
#include "protocol/negotiation/clc_content.h"

namespace smc::handshake {

// The SMC-R part of an Accept / Confirm that describes the sender's link end and RMB, and
// the sender's system ID (link-group matching). `mtu` and `rmbe_size` are the two nibbles
// of byte 50.
struct SmcrLinkFields {
  negotiation::SystemId peer_id{};
  negotiation::MacAddress mac{};
  std::uint32_t qpn = 0;
  std::uint32_t psn = 0;
  std::uint8_t mtu = 0;
  std::uint32_t rkey = 0;
  std::uint64_t rmb_addr = 0;
  std::uint8_t rmbe_size = 0;
  std::uint32_t token = 0;
  // The sender's GID on the link (Linux copies link->gid into the Accept/Confirm): on reuse
  // the existing link's, which may differ from the device search's choice. Unset: the
  // handshake's own (path.local_gid).
  std::optional<negotiation::IpAddress> gid;
  bool operator==(const SmcrLinkFields&) const = default;

  static SmcrLinkFields from(const negotiation::AcceptConfirmContent& m) {
    SmcrLinkFields f;
    f.peer_id = m.peer_id;
    f.mac = m.mac;
    f.qpn = m.qpn;
    f.psn = m.psn;
    f.mtu = static_cast<std::uint8_t>(m.size_mtu & 0x0f);
    f.rkey = m.rkey;
    f.rmb_addr = m.rmb_addr;
    f.rmbe_size = static_cast<std::uint8_t>(m.size_mtu >> 4);
    f.token = m.token;
    return f;
  }
  // Writes everything but peer_id (the handshake sets its own system ID).
  void fill(negotiation::AcceptConfirmContent& m) const {
    if (gid) m.gid = *gid;
    m.mac = mac;
    m.qpn = qpn;
    m.psn = psn;
    m.size_mtu = static_cast<std::uint8_t>((rmbe_size & 0x0f) << 4 | (mtu & 0x0f));
    m.rkey = rkey;
    m.rmb_addr = rmb_addr;
    m.token = token;
  }
};

using LinkFieldsResult = Result<SmcrLinkFields, clc::DeclineCode>;

class LinkLayer {
 public:
  virtual ~LinkLayer() = default;
  // Client C13–C17 after the Accept passed its checks: link group create/reuse, buffers,
  // rtoken, QP to RTR, reuse registration. nullopt = ok; else the Decline code.
  virtual std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath& path) = 0;
  // Server S13 after the Confirm: rtoken, QP to RTR/RTS, RMB registration. nullopt = ok.
  virtual std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath& path) = 0;

  // Server, SMC-R, after the device search and before the Accept: create (first contact) or
  // reuse the link group, the link, the RMB and the alert token. `proposal` carries the
  // Proposal's system ID and MAC (all else zero). An error is declined like an S9 failure.
  virtual LinkFieldsResult prepare_accept(const negotiation::NegotiatedPath& path, const SmcrLinkFields& proposal) {
    (void)path;
    (void)proposal;
    return SmcrLinkFields{};
  }
  // Client, SMC-R: prepare_client with the Accept's link fields; returns the Confirm's.
  virtual LinkFieldsResult prepare_confirm(const negotiation::NegotiatedPath& path, const SmcrLinkFields& accept) {
    (void)accept;
    if (auto c = prepare_client(path)) return smc::unexpected(*c);
    return SmcrLinkFields{};
  }
  // Server, SMC-R: prepare_server with the Confirm's link fields.
  virtual std::optional<clc::DeclineCode> prepare_server_with(const negotiation::NegotiatedPath& path,
                                                              const SmcrLinkFields& confirm) {
    (void)confirm;
    return prepare_server(path);
  }
  // The handshake ended without an SMC-R connection (fallback, drop, error) after a
  // prepare_* call: release what was reserved for this connection.
  virtual void abandon() {}
  // Server, SMC-R reuse, right after a successful prepare_accept: true when an exchange with
  // the peer (the new RMB's LLC Confirm RKey, §5 0x09990003) must end before the Accept goes
  // out; its result comes back as ServerHandshake::on_accept_ready(code).
  virtual bool accept_pending() const { return false; }
};

// Everything succeeds: the default when no link layer is plugged in.
class NullLinkLayer final : public LinkLayer {
 public:
  std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath&) override { return std::nullopt; }
  std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath&) override { return std::nullopt; }
};

}  // namespace smc::handshake
