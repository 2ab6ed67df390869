#pragma once
// LinkManager: one host's SMC-R link layer (the kernel's smc_ib_devices + smc_lgr_list). It
// owns a LinkDevice per RNIC the world hands it and every LinkGroup; it creates one
// SmcrConnection per SMC-R handshake, hands out alert tokens and PSNs, and frees terminated
// link groups from a zero-delay timer (never under a running handler).
//
//   LinkManager links(timers, config);      // the host's TimerService
//   links.add_device(rnic);                 // each RNIC (becomes its event handler)
//   auto c = links.create_connection();     // per handshake: c is its handshake::LinkLayer
//   ServerHandshake hs(..., c.get(), ...);  // then on StartLinkSetup: c->start_link_setup()
//   c->set_setup_callbacks(...)             // → hs.on_link_confirmed() / on_link_failed(code)
//   host.link_groups = links.snapshot();    // first-contact vs reuse decisions
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocol/link/link_config.h"
#include "protocol/link/link_device.h"
#include "protocol/link/link_group.h"
#include "protocol/llc/llc_message.h"
#include "protocol/negotiation/host_snapshot.h"
#include "protocol/ports/clock.h"

namespace smc::link {

class SmcrConnection;

// Where a link can be placed: a device, a port and the GID table entry to use.
struct PortChoice {
  LinkDevice* device = nullptr;
  std::uint8_t port = 1;
  std::uint32_t sgid_index = 0;
};

// What a personality does with an LLC message this host is about to send (scenario faults,
// docs/scenario-format.md: llc-drop, llc-fail, crafted-confirm-link).
enum class LlcTxVerdict : std::uint8_t {
  Send,  // as (possibly altered by the hook)
  Drop,  // lost on the way: never posted, the sender does not notice
  Fail,  // the post fails: the sender sees a send error
};
using LlcTxHook = std::function<LlcTxVerdict(llc::LlcMessage&)>;

class LinkManager {
 public:
  LinkManager(ports::TimerService& timers, LinkConfig config = {});
  ~LinkManager();
  LinkManager(const LinkManager&) = delete;
  LinkManager& operator=(const LinkManager&) = delete;

  void add_device(ports::RnicDevice& rnic);
  LinkDevice* device(const std::string& name) const;

  std::unique_ptr<SmcrConnection> create_connection();
  // An Active port other than `existing`'s (device, port), in device-name order, with a GID
  // of the group's kind (RoCEv1 for SMC-Rv1, an IPv4 RoCEv2 GID for SMC-Rv2): where a second
  // link goes. nullopt: this host has a single usable port.
  std::optional<PortChoice> alternate_port(const SmcLink& existing, bool v2) const;

  LinkGroup& create_link_group(LgrRole role, bool v2, const negotiation::SystemId& peer_id);
  LinkGroup* find_link_group(std::uint64_t id) const;
  // Reuse candidates (wire-format.md §6.3): same role and version, same peer system ID, an
  // Active link whose peer GID (and for the client, peer QP number) matches, room for one
  // more connection. Returns the first in creation order.
  LinkGroup* find_reusable(LgrRole role, bool v2, const negotiation::SystemId& peer_id, const ports::Gid& peer_gid,
                           std::optional<std::uint32_t> peer_qpn) const;
  const std::map<std::uint64_t, std::unique_ptr<LinkGroup>>& link_groups() const { return groups_; }

  // What the negotiation needs to decide first contact (negotiation::HostSnapshot): every
  // group the host still knows (not terminated, not forgotten) with an Active link. The world refreshes HostSnapshot::link_groups from it when a handshake decides (the
  // kernel's smc_lgr_list walk under the LGR lock).
  std::vector<negotiation::LinkGroupSnapshot> snapshot() const;

  // What the host holds now (observers: ExpectSpec link_groups, tests): link groups it knows
  // (not terminated, not forgotten), their Active links, their registered connections.
  std::size_t group_count() const;
  std::size_t link_count() const;
  std::size_t connection_count() const;

  // Faults (docs/scenario-format.md). forget_link_groups: the host silently loses every link
  // group it knows (§12 row 65: gone from its list, so no reuse match, without telling the
  // peer; the links are left to die with the group's eventual reaping). fill_rtokens: every
  // known group's rtoken table is filled up with distinct foreign RMBs (§12 row 68).
  void forget_link_groups();
  void fill_rtokens();
  // Reuse race (§12 rows 59/60): after a reusing connection matched its link group, the
  // group's links go down before it picks one.
  void set_reuse_race(bool on) { reuse_race_ = on; }
  bool reuse_race() const { return reuse_race_; }
  void set_llc_tx_hook(LlcTxHook hook) { llc_tx_hook_ = std::move(hook); }
  LlcTxVerdict filter_llc(llc::LlcMessage& m) const { return llc_tx_hook_ ? llc_tx_hook_(m) : LlcTxVerdict::Send; }

  std::uint32_t next_token();
  std::uint32_t next_psn();
  // Frees the group `delay` from now (0: at the next timer event) if it is terminated.
  void schedule_reap(std::uint64_t id, ports::Nanos delay = 0);
  // Terminates (without telling peers) and frees every group now: the end of a run.
  void shutdown();

  ports::TimerService& timers() const { return timers_; }
  const LinkConfig& config() const { return config_; }

 private:
  void reap(std::uint64_t id);

  ports::TimerService& timers_;
  LinkConfig config_;
  std::map<std::string, std::unique_ptr<LinkDevice>> devices_;
  std::map<std::uint64_t, std::unique_ptr<LinkGroup>> groups_;
  std::uint64_t next_lgr_id_ = 0;
  std::uint32_t next_token_ = 0;
  std::uint64_t psn_state_;
  std::vector<ports::TimerId> reap_timers_;
  bool reuse_race_ = false;
  LlcTxHook llc_tx_hook_;
};

}  // namespace smc::link
