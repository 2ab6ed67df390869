#include "sim/ism/sim_ism_device.h"

#include <cstring>

namespace smc::sim {

using namespace ports;

SimIsmDevice::SimIsmDevice(Simulator& sim, std::string name, IsmFabric& fabric, IsmAttributes attributes)
    : Actor(sim, std::move(name)), fabric_(fabric), attrs_(std::move(attributes)) {
  fabric_.attach(this);
}

SimIsmDevice::~SimIsmDevice() {
  *alive_ = false;
  fabric_.detach(this);
}

IsmStatus SimIsmDevice::query_remote_gid(const IsmGid& peer, std::optional<std::uint16_t> vlan_id) const {
  if (removed_) return unexpected(IsmError::NoDevice);
  const SimIsmDevice* d = fabric_.reachable_peer(*this, peer);
  if (!d) return unexpected(IsmError::Unreachable);
  if (vlan_id && !d->has_vlan(*vlan_id)) return unexpected(IsmError::Unreachable);
  return Ok{};
}

IsmResult<Dmb> SimIsmDevice::register_dmb(std::uint32_t size) {
  if (removed_) return unexpected(IsmError::NoDevice);
  if (size == 0 || size > attrs_.max_dmb_size) {
    trace("ism.register_dmb", {{"size", size}, {"result", "EINVAL"}});
    return unexpected(IsmError::InvalidArgument);
  }
  if (dmbs_.size() >= attrs_.max_dmbs) {
    trace("ism.register_dmb", {{"size", size}, {"result", "ENOSPC"}, {"in_use", dmbs_.size()}});
    return unexpected(IsmError::NoSpace);
  }
  // Lowest free slot, as the ISM firmware's sba bitmap hands them out.
  std::uint32_t idx = 0;
  while (used_slots_.count(idx)) ++idx;
  // Tokens are opaque 64-bit values from the device; drawn from this device's stream so
  // they differ per seed but repeat per seed.
  DmbToken token = 0;
  do {
    token = random().next_u64();
  } while (token == 0 || fabric_.token_taken(token));
  DmbSlot& slot = dmbs_[token];
  slot.sba_idx = idx;
  slot.memory.assign(size, 0);
  used_slots_.insert(idx);
  fabric_.add_token(token, this);
  trace("ism.register_dmb", {{"size", size}, {"token", TraceValue::hex(token, 16)}, {"sba", idx}});
  return Dmb{token, idx, size, std::span<std::uint8_t>(slot.memory)};
}

IsmStatus SimIsmDevice::unregister_dmb(DmbToken token) {
  if (removed_) return unexpected(IsmError::NoDevice);
  auto it = dmbs_.find(token);
  if (it == dmbs_.end()) return unexpected(IsmError::InvalidArgument);
  used_slots_.erase(it->second.sba_idx);
  dmbs_.erase(it);
  fabric_.remove_token(token);
  trace("ism.unregister_dmb", {{"token", TraceValue::hex(token, 16)}});
  return Ok{};
}

IsmStatus SimIsmDevice::add_vlan_id(std::uint16_t vlan_id) {
  if (removed_) return unexpected(IsmError::NoDevice);
  if (vlans_.count(vlan_id)) return Ok{};
  if (vlans_.size() >= attrs_.max_vlans) {
    trace("ism.add_vlan", {{"vlan", vlan_id}, {"result", "ENOSPC"}});
    return unexpected(IsmError::VlanTableFull);
  }
  vlans_.insert(vlan_id);
  trace("ism.add_vlan", {{"vlan", vlan_id}});
  return Ok{};
}

IsmStatus SimIsmDevice::del_vlan_id(std::uint16_t vlan_id) {
  if (removed_) return unexpected(IsmError::NoDevice);
  if (!vlans_.erase(vlan_id)) return unexpected(IsmError::NoSuchVlan);
  trace("ism.del_vlan", {{"vlan", vlan_id}});
  return Ok{};
}

IsmStatus SimIsmDevice::move_data(DmbToken token, std::uint32_t offset, std::span<const std::uint8_t> data,
                                  bool signal) {
  if (removed_) return unexpected(IsmError::NoDevice);
  SimIsmDevice* owner = fabric_.owner_of(token);
  if (!owner) {
    trace("ism.move_data", {{"token", TraceValue::hex(token, 16)}, {"result", "ENOENT"}});
    return unexpected(IsmError::UnknownToken);
  }
  if (!IsmFabric::can_reach(*this, *owner)) {
    trace("ism.move_data", {{"token", TraceValue::hex(token, 16)}, {"result", "EHOSTUNREACH"}});
    return unexpected(IsmError::Unreachable);
  }
  auto st = owner->accept_write(token, offset, data, signal);
  trace("ism.move_data", {{"token", TraceValue::hex(token, 16)},
                          {"offset", offset},
                          {"len", data.size()},
                          {"signal", signal},
                          {"result", st.ok() ? "ok" : to_string(st.error())}});
  if (st.ok()) counters_.bytes_moved_out += data.size();
  return st;
}

IsmStatus SimIsmDevice::accept_write(DmbToken token, std::uint32_t offset, std::span<const std::uint8_t> data,
                                     bool signal) {
  auto it = dmbs_.find(token);
  if (it == dmbs_.end()) return unexpected(IsmError::UnknownToken);
  auto& mem = it->second.memory;
  if (offset > mem.size() || data.size() > mem.size() - offset) return unexpected(IsmError::InvalidArgument);
  if (!data.empty()) std::memcpy(mem.data() + offset, data.data(), data.size());
  counters_.bytes_received += data.size();
  if (signal) {
    const std::uint32_t idx = it->second.sba_idx;
    std::weak_ptr<bool> alive = alive_;
    // The interrupt arrives after the bytes are visible, as its own event.
    schedule_at(now(), [this, alive, token, idx] {
      if (alive.expired() || removed_) return;
      counters_.signals_received += 1;
      trace("ism.signal", {{"token", TraceValue::hex(token, 16)}, {"sba", idx}});
      if (handler_) handler_->on_dmb_signal(token, idx);
    });
  }
  return Ok{};
}

void SimIsmDevice::remove_device() {
  if (removed_) return;
  removed_ = true;
  for (const auto& [token, slot] : dmbs_) fabric_.remove_token(token);
  dmbs_.clear();
  used_slots_.clear();
  trace("ism.remove");
  std::weak_ptr<bool> alive = alive_;
  schedule_at(now(), [this, alive] {
    if (!alive.expired() && handler_) handler_->on_device_removed();
  });
}

IsmAttributes ism_hardware_attributes(std::string name, std::uint16_t chid, std::uint64_t gid, bool v2) {
  IsmAttributes a;
  a.name = std::move(name);
  a.chid = chid;
  a.gid = IsmGid{gid, 0};
  a.v2_capable = v2;
  a.emulated = false;
  return a;
}

IsmAttributes loopback_ism_attributes(std::uint64_t gid, std::uint64_t gid_ext) {
  IsmAttributes a;
  a.name = "loopback-ism";
  a.chid = kLoopbackIsmChid;
  a.gid = IsmGid{gid, gid_ext};
  a.v2_capable = true;  // loopback-ism exists for SMC-Dv2 only
  a.emulated = true;
  a.max_dmbs = 5000;    // SMC_LO_MAX_DMBS
  return a;
}

}  // namespace smc::sim
