#pragma once
// LinkGroup: the links between two peers and everything they share (the kernel's smc_link_group):
// up to 3 links (Linux uses 2), the buffer pool, the table of the peer's RMBs (rtokens, 255
// slots), the connections by alert token, and the LLC protocol that runs over the links.
//
// LLC handled here (wire-format.md §3, §6):
//   Confirm Link  first contact: the server sends the request on the new link, the client
//                 checks the "no RMBE eyecatcher" flag (0x03050000), moves its QP to RTS
//                 (0x09990002) and answers (a failed send: 0x02010000); the result goes to the
//                 connection that created the group, and from there to its handshake.
//   Test Link     answered; sent after test_link_interval without receiving anything, and
//                 no response within llc_wait puts the link down.
//   Add Link      server: after first contact with max_links > 1, a second link on an
//                 alternate port, or on the same one when it has no other (asymmetric
//                 local, as Linux: link_add_link.cc); client: answers on its alternate port
//                 (or the same one: asymmetric), or rejects (no alternate path: the server's
//                 new end is its existing one and the client has no other port either).
//   Delete Link   a deleted link goes; "all" or the last link terminates the group.
//   Confirm RKey  a request adds the peer's new RMB to the rtoken table and is echoed back
//                 (negative + retry when no slot is free).
//   Delete RKey   a request removes the rtokens and is echoed back.
// A link going down moves its connections to a surviving link and tells the peer with
// Delete Link (orderly, lost path); without a survivor the group terminates.
// Destruction is always deferred (LinkManager reaps terminated groups from a timer), so no
// handler ever runs on a link that has been freed under it.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "protocol/clc/decline_code.h"
#include "protocol/link/rmb_pool.h"
#include "protocol/link/smc_link.h"
#include "protocol/llc/llc_delete_link.h"
#include "protocol/llc/llc_message.h"
#include "protocol/negotiation/host_snapshot.h"
#include "protocol/ports/clock.h"

namespace smc::cdc { struct CdcMessage; }

namespace smc::link {

class LinkManager;
class LinkDevice;

enum class LgrRole : std::uint8_t { Client, Server };

// The peer's RMB as seen through each link (link index → rkey, address).
struct Rtoken {
  std::map<std::uint8_t, std::pair<std::uint32_t, std::uint64_t>> by_link;
};

// What a connection registers under its alert token.
struct ConnectionHooks {
  std::function<void(const cdc::CdcMessage&)> on_cdc;
  std::function<void()> on_group_lost;  // the group terminated: no link remains
};

class LinkGroup final : public SmcLinkObserver {
 public:
  static constexpr std::size_t kMaxLinks = 3;

  LinkGroup(LinkManager& manager, std::uint64_t id, LgrRole role, bool v2, negotiation::SystemId peer_id);
  ~LinkGroup() override;
  LinkGroup(const LinkGroup&) = delete;
  LinkGroup& operator=(const LinkGroup&) = delete;

  std::uint64_t id() const { return id_; }
  LgrRole role() const { return role_; }
  bool v2() const { return v2_; }
  const negotiation::SystemId& peer_id() const { return peer_id_; }
  std::uint8_t max_links() const { return max_links_; }
  std::uint8_t max_conns() const { return max_conns_; }
  void set_limits(std::uint8_t max_links, std::uint8_t max_conns) { max_links_ = max_links; max_conns_ = max_conns; }
  bool terminated() const { return terminated_; }
  // Still in the host's link group list: not terminated and not silently forgotten.
  bool known() const { return !terminated_ && !forgotten_; }
  // Fault (§12 row 65): the host loses the group from its list without telling the peer.
  void forget() { forgotten_ = true; }
  // Fault (§12 row 68): every free rtoken slot taken by a distinct foreign RMB.
  void fill_rtokens();
  std::size_t rtoken_count() const;

  // A new link in the next free slot; the server numbers links (first = 1).
  Result<SmcLink*, clc::DeclineCode> add_link(LinkDevice& device, std::uint8_t port, std::uint32_t sgid_index,
                                              std::uint8_t link_num);
  SmcLink* link(std::uint8_t idx) const { return idx < kMaxLinks ? links_[idx].get() : nullptr; }
  std::vector<SmcLink*> links() const;
  SmcLink* usable_link() const;  // first Active link, else nullptr
  SmcLink* link_by_peer_qpn(std::uint32_t qpn) const;
  std::size_t active_links() const;

  RmbPool& buffers() { return buffers_; }
  // Records the peer's RMB reached through `link_idx`; a known one reuses its slot.
  Result<std::uint8_t, clc::DeclineCode> add_rtoken(std::uint8_t link_idx, std::uint32_t rkey, std::uint64_t addr);
  const Rtoken* rtoken(std::uint8_t slot) const;
  void remove_rtoken(std::uint8_t slot);

  void attach_connection(std::uint32_t token, ConnectionHooks hooks);
  void detach_connection(std::uint32_t token);
  std::size_t connection_count() const { return connections_.size(); }

  // First contact. The creating connection receives the Confirm Link result.
  void set_first_contact_result(std::function<void(std::optional<clc::DeclineCode>)> f) {
    first_contact_result_ = std::move(f);
  }
  // Server: sends the Confirm Link request on `link`; a failed send → 0x02010000.
  void start_confirm_link(SmcLink& link);

  // Add Link (server drives, wire-format.md §6.5; link_add_link.cc): a second link on an
  // alternate device/port of this host. Returns false when no Add Link flow was started
  // (client role, group full, no alternate port, a flow already running, link setup failed).
  bool start_add_link();
  // Once, when the first added link becomes Active (the client's C20 wait ends with it).
  void set_add_link_done(std::function<void()> f) { add_link_done_ = std::move(f); }
  bool add_link_in_progress() const { return adding_.has_value(); }

  Status<datapath::LinkError> send_llc(SmcLink& link, const llc::LlcMessage& message);
  // Confirm RKey request for a new RMB over `via`, with its rkeys on the other links
  // (wire-format.md §6.3: reuse of a link group announces every new RMB).
  Status<datapath::LinkError> announce_rmb(const RmbElement& rmb, SmcLink& via);
  std::uint64_t confirm_rkey_responses() const { return confirm_rkey_responses_; }
  // Waits for the peer's Confirm RKey response to the announcement of `rkey` (Linux's
  // smc_llc_do_confirm_rkey: the LLC wait, 2 s): done(true) on a positive response,
  // done(false) on a negative one or when llc_wait passes (0x09990003 for the caller).
  void await_confirm_rkey(std::uint32_t rkey, std::function<void(bool)> done);
  // Delete Link "all" with `reason` on the first link that takes it (when tell_peer), every
  // link down, every connection told, and the group handed to the manager to be freed.
  void terminate(llc::DeleteLinkReason reason, bool tell_peer);
  // Frees buffers and links now (the manager calls this when reaping).
  void release();

  // Counters for tests and traces.
  std::uint64_t cdc_dropped_unknown_token() const { return cdc_unknown_token_; }
  std::uint64_t test_links_sent() const { return test_links_sent_; }

  // SmcLinkObserver
  void on_llc(SmcLink& link, wire::ByteView message) override;
  void on_cdc(SmcLink& link, wire::ByteView message) override;
  void on_link_down(SmcLink& link, LinkDownCause cause) override;

 private:
  void report_first_contact(std::optional<clc::DeclineCode> result);
  void on_confirm_link(SmcLink& link, const llc::LlcConfirmLink& m);
  void on_delete_link(SmcLink& link, const llc::LlcDeleteLink& m);
  void on_confirm_rkey(SmcLink& link, const llc::LlcConfirmRkey& m);
  void on_delete_rkey(SmcLink& link, const llc::LlcDeleteRkey& m);
  void on_add_link(SmcLink& link, const llc::LlcAddLink& m);
  void on_add_link_request(SmcLink& link, const llc::LlcAddLink& m);
  void on_add_link_response(SmcLink& link, const llc::LlcAddLink& m);
  void on_add_link_cont(SmcLink& link, const llc::LlcAddLinkContinuation& m);
  void send_add_link_cont(SmcLink& via);
  std::vector<llc::LlcRkeyPair> rkey_pairs(const SmcLink& existing, const SmcLink& added) const;
  void apply_rkey_pairs(const SmcLink& existing, const SmcLink& added, const std::vector<llc::LlcRkeyPair>& pairs);
  void abort_add_link();
  // The client's C20 wait ends when an Add Link flow ends, whatever its result (a reject,
  // an abort, or the new link Active): Linux's smc_llc_cli_add_link returns.
  void end_add_link_wait();
  void add_link_timed_out(std::uint8_t idx);
  // Frees a link that never became part of the group (deferred: never under its handler).
  void drop_link(std::uint8_t idx);
  void link_activated(SmcLink& link);
  void arm_test_link(std::uint8_t idx);
  void test_link_due(std::uint8_t idx, std::uint64_t seen);
  llc::LlcVersion llc_version() const { return v2_ ? llc::LlcVersion::V2 : llc::LlcVersion::V1; }
  void cancel_timers();

  LinkManager& manager_;
  std::uint64_t id_;
  LgrRole role_;
  bool v2_;
  negotiation::SystemId peer_id_;
  std::uint8_t max_links_ = 2;
  std::uint8_t max_conns_ = 255;
  bool terminated_ = false;
  bool forgotten_ = false;
  std::array<std::unique_ptr<SmcLink>, kMaxLinks> links_;
  RmbPool buffers_;
  std::vector<std::optional<Rtoken>> rtokens_;
  std::map<std::uint32_t, ConnectionHooks> connections_;
  std::function<void(std::optional<clc::DeclineCode>)> first_contact_result_;
  std::function<void()> add_link_done_;
  // The Add Link flow in progress: the new link, the existing link carrying the LLC, our rkey
  // pairs still to send (v1 continuations) and whether the peer has more to send.
  struct AddingLink {
    std::uint8_t idx = 0;
    std::uint8_t via = 0;
    std::vector<llc::LlcRkeyPair> to_send;
    bool peer_done = false;
  };
  std::optional<AddingLink> adding_;
  std::array<ports::TimerId, kMaxLinks> test_timers_{};
  ports::TimerId add_link_timer_{};
  struct RkeyWait {
    std::function<void(bool)> done;
    ports::TimerId timer{};
  };
  std::map<std::uint32_t, RkeyWait> rkey_waits_;  // by announced rkey
  std::uint64_t cdc_unknown_token_ = 0;
  std::uint64_t test_links_sent_ = 0;
  std::uint64_t confirm_rkey_responses_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace smc::link
