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
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocol/link/link_config.h"
#include "protocol/link/link_device.h"
#include "protocol/link/link_group.h"
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

  // What the negotiation needs to decide first contact (negotiation::HostSnapshot).
  std::vector<negotiation::LinkGroupSnapshot> snapshot() const;

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
};

}  // namespace smc::link
