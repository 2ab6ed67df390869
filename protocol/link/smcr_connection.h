#pragma once
// SmcrConnection: one SMC-R connection's share of the link layer (the kernel's smc_connection
// fields lgr, lnk, rmb_desc, sndbuf_desc, rtoken_idx, alert tokens). It is both
//   * the handshake's handshake::LinkLayer — it creates or reuses the link group, the link
//     and the buffers, and fills the Accept/Confirm link fields (fallback-causes.md C13–C19,
//     S9–S13 give the codes), and
//   * the data path's datapath::ConnectionLink — write_to_peer() copies into the local send
//     buffer and RDMA WRITEs it into the peer's RMB element with the peer's rtoken;
//     send_cdc() SENDs the CDC message; inbound CDC messages for our alert token go to the
//     handler set with set_cdc_handler(); the peer's writes land in rmb().
// It always uses the first Active link of its group, so when a link fails the connection
// moves to the survivor by itself.
//
// Codes (wire-format.md §6.2, fallback-causes.md §5):
//   link group / link creation      ENOMEM 0x01010000, else 0x09990000
//   RMB / send buffer               0x01010000 (after the size downgrade) or 0x09990003
//   rtoken table full               0x09990001
//   QP INIT/RTR/RTS                 0x09990002
//   reuse without a matching group  client 0x04000000 (out of sync); server 0x030a0000
//   reuse, server's link not found  client 0x030b0000
//   first-contact LLC               0x03050000 (eyecatcher), 0x02010000 (send failed), or
//                                   nothing, and the handshake's timer gives 0x02010000.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "protocol/cdc/cdc_message.h"
#include "protocol/datapath/connection_link.h"
#include "protocol/handshake/link_layer.h"
#include "protocol/link/link_group.h"

namespace smc::link {

class LinkManager;

class SmcrConnection final : public handshake::LinkLayer, public datapath::ConnectionLink {
 public:
  explicit SmcrConnection(LinkManager& manager);
  ~SmcrConnection() override;
  SmcrConnection(const SmcrConnection&) = delete;
  SmcrConnection& operator=(const SmcrConnection&) = delete;

  // handshake::LinkLayer
  std::optional<clc::DeclineCode> prepare_client(const negotiation::NegotiatedPath& path) override;
  std::optional<clc::DeclineCode> prepare_server(const negotiation::NegotiatedPath& path) override;
  handshake::LinkFieldsResult prepare_accept(const negotiation::NegotiatedPath& path,
                                             const handshake::SmcrLinkFields& proposal) override;
  handshake::LinkFieldsResult prepare_confirm(const negotiation::NegotiatedPath& path,
                                              const handshake::SmcrLinkFields& accept) override;
  std::optional<clc::DeclineCode> prepare_server_with(const negotiation::NegotiatedPath& path,
                                                      const handshake::SmcrLinkFields& confirm) override;
  void abandon() override;
  // Server reuse: the new RMB's Confirm RKey is on its way; the Accept waits for the
  // response (set_accept_ready_callback gets the result: nullopt, or 0x09990003).
  bool accept_pending() const override { return accept_pending_; }
  void set_accept_ready_callback(std::function<void(std::optional<clc::DeclineCode>)> f);
  // Anolis credits (§5 0x09990004): a reusing client announces its initial receive credits
  // over LLC before its Confirm; a failed announcement is 0x09990004.
  void set_announce_credits(bool on) { announce_credits_ = on; }
  // The peer's Decline carried the out-of-sync flag (§5 0x04000000): the link group this
  // connection matched is terminated, its other connections aborted (Linux
  // smc_lgr_terminate_sched on a Decline with SMC_FIRST_CONTACT_MASK).
  void peer_out_of_sync();

  // The handshake emitted StartLinkSetup: the server sends its Confirm Link request (the
  // client only waits for it). The result arrives through the setup callbacks.
  void start_link_setup();
  void set_setup_callbacks(std::function<void()> confirmed, std::function<void(clc::DeclineCode)> failed);
  // First contact, client: the server's first Add Link completed (a second link is Active):
  // the handshake's on_add_link_done() (C20).
  void set_add_link_callback(std::function<void()> done) { on_add_link_done_ = std::move(done); }

  // datapath::ConnectionLink
  Status<datapath::LinkError> write_to_peer(std::uint32_t offset, wire::ByteView data) override;
  Status<datapath::LinkError> send_cdc(const cdc::CdcMessage& message) override;
  void set_cdc_handler(std::function<void(const cdc::CdcMessage&)> handler) { on_cdc_ = std::move(handler); }
  // The link group terminated under the connection (no link left): it must abort.
  void set_group_lost_handler(std::function<void()> handler) { on_lost_ = std::move(handler); }

  // The connection's own RMB element: where the peer's RDMA WRITEs land. Empty without one;
  // stays valid (no more writes arrive) after the group is lost, until abandon()/destruction.
  std::span<std::uint8_t> rmb();
  std::uint32_t rmbe_size() const;
  std::uint32_t peer_rmbe_size() const { return peer_rmbe_size_; }
  std::uint32_t local_token() const { return local_token_; }
  std::uint32_t peer_token() const { return peer_token_; }
  LinkGroup* link_group() const;
  SmcLink* current_link() const;
  bool first_contact() const { return first_contact_; }

 private:
  // Both roles, after the link group and link are known: buffers, token, Accept/Confirm fields.
  handshake::LinkFieldsResult reserve_buffers(LinkGroup& g, SmcLink& link);
  handshake::SmcrLinkFields own_fields(const SmcLink& link) const;
  std::optional<clc::DeclineCode> learn_peer(LinkGroup& g, SmcLink& link, const handshake::SmcrLinkFields& peer);
  void on_first_contact_result(std::optional<clc::DeclineCode> result);
  void watch_add_link(LinkGroup& g);
  void release();
  void on_rkey_confirmed(bool ok);
  // Fault (§12 rows 59/60): the matched group's links go down before one is picked.
  void race_links_down(LinkGroup& g) const;

  LinkManager& manager_;
  std::uint64_t lgr_id_ = 0;
  std::uint8_t link_idx_ = 0;
  bool first_contact_ = false;
  bool established_ = false;
  RmbElement* rmb_ = nullptr;
  RmbElement* sndbuf_ = nullptr;
  std::shared_ptr<std::vector<std::uint8_t>> rmb_memory_;
  std::optional<std::uint8_t> rtoken_slot_;
  std::uint32_t local_token_ = 0;
  std::uint32_t peer_token_ = 0;
  std::uint32_t peer_rmbe_size_ = 0;
  std::function<void()> on_confirmed_;
  std::function<void(clc::DeclineCode)> on_failed_;
  std::function<void()> on_add_link_done_;
  std::function<void(const cdc::CdcMessage&)> on_cdc_;
  std::function<void()> on_lost_;
  std::optional<std::optional<clc::DeclineCode>> early_result_;  // arrived before the callbacks
  bool accept_pending_ = false;
  std::optional<std::optional<clc::DeclineCode>> accept_result_;  // arrived before the callback
  std::function<void(std::optional<clc::DeclineCode>)> on_accept_ready_;
  bool announce_credits_ = false;
  std::uint64_t matched_lgr_ = 0;  // the group this connection joined, kept after release
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::link
