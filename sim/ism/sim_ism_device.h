#pragma once
// A simulated ISM device (s390 ISM hardware, first or second generation) or
// loopback-ism, implementing ports::IsmDevice: DMB slots and VLAN table limited at
// exactly their configured sizes, synchronous move_data into the peer's DMB with the
// signal delivered as a separate event, and device removal.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "protocol/ports/ism.h"
#include "sim/ism/ism_fabric.h"
#include "sim/kernel/actor.h"

namespace smc::sim {

struct IsmCounters {
  std::uint64_t bytes_moved_out = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t signals_received = 0;
};

class SimIsmDevice final : public Actor, public ports::IsmDevice {
 public:
  // `name` is the actor path ("server/ism0"); `host` groups loopback-ism to one host.
  SimIsmDevice(Simulator& sim, std::string name, IsmFabric& fabric, ports::IsmAttributes attributes);
  ~SimIsmDevice() override;

  const ports::IsmAttributes& attributes() const override { return attrs_; }
  void set_event_handler(ports::IsmEventHandler* handler) override { handler_ = handler; }
  ports::IsmStatus query_remote_gid(const ports::IsmGid& peer, std::optional<std::uint16_t> vlan_id) const override;
  ports::IsmResult<ports::Dmb> register_dmb(std::uint32_t size) override;
  ports::IsmStatus unregister_dmb(ports::DmbToken token) override;
  ports::IsmStatus add_vlan_id(std::uint16_t vlan_id) override;
  ports::IsmStatus del_vlan_id(std::uint16_t vlan_id) override;
  ports::IsmStatus move_data(ports::DmbToken token, std::uint32_t offset, std::span<const std::uint8_t> data,
                             bool signal) override;

  // Hot-unplug: every DMB unregistered, on_device_removed, then every call fails ENODEV.
  void remove_device();
  bool removed() const { return removed_; }
  bool has_vlan(std::uint16_t vlan_id) const { return vlans_.count(vlan_id) != 0; }
  std::size_t dmbs_in_use() const { return dmbs_.size(); }
  const IsmCounters& counters() const { return counters_; }

 private:
  friend class IsmFabric;
  struct DmbSlot {
    std::uint32_t sba_idx = 0;
    std::vector<std::uint8_t> memory;
  };
  // Called on the owning device by a peer's move_data.
  ports::IsmStatus accept_write(ports::DmbToken token, std::uint32_t offset, std::span<const std::uint8_t> data,
                                bool signal);

  IsmFabric& fabric_;
  ports::IsmAttributes attrs_;
  ports::IsmEventHandler* handler_ = nullptr;
  bool removed_ = false;
  std::map<ports::DmbToken, DmbSlot> dmbs_;
  std::set<std::uint32_t> used_slots_;
  std::set<std::uint16_t> vlans_;
  IsmCounters counters_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// Attribute sets: ISM hardware on `chid`, and loopback-ism (CHID 0xFFFF, emulated,
// 128-bit GID). GIDs are the caller's (scenarios draw them from a seeded stream).
ports::IsmAttributes ism_hardware_attributes(std::string name, std::uint16_t chid, std::uint64_t gid, bool v2);
ports::IsmAttributes loopback_ism_attributes(std::uint64_t gid, std::uint64_t gid_ext);

}  // namespace smc::sim
