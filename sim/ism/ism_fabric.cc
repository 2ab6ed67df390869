#include "sim/ism/ism_fabric.h"

#include <algorithm>

#include "sim/ism/sim_ism_device.h"

namespace smc::sim {

void IsmFabric::attach(SimIsmDevice* device) { devices_.push_back(device); }

void IsmFabric::detach(SimIsmDevice* device) {
  devices_.erase(std::remove(devices_.begin(), devices_.end(), device), devices_.end());
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    if (it->second == device)
      it = tokens_.erase(it);
    else
      ++it;
  }
}

SimIsmDevice* IsmFabric::owner_of(ports::DmbToken token) const {
  auto it = tokens_.find(token);
  return it == tokens_.end() ? nullptr : it->second;
}

bool IsmFabric::can_reach(const SimIsmDevice& from, const SimIsmDevice& to) {
  if (from.removed() || to.removed()) return false;
  // loopback-ism never leaves its host: only its own DMBs are reachable.
  if (from.attributes().chid == ports::kLoopbackIsmChid || to.attributes().chid == ports::kLoopbackIsmChid)
    return &from == &to;
  return from.attributes().chid == to.attributes().chid;
}

SimIsmDevice* IsmFabric::reachable_peer(const SimIsmDevice& from, const ports::IsmGid& gid) const {
  for (SimIsmDevice* d : devices_)
    if (d->attributes().gid == gid && can_reach(from, *d)) return d;
  return nullptr;
}

}  // namespace smc::sim
