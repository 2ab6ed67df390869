#pragma once
// Who can reach whose DMBs. ISM hardware devices reach each other when they share a CHID
// (the same internal network of one machine); loopback-ism reaches only itself. The
// fabric keeps every live device and every registered DMB token, so move_data can find
// the DMB a token names and refuse a write across CHIDs or hosts.
#include <cstdint>
#include <map>
#include <vector>

#include "protocol/ports/ism.h"

namespace smc::sim {

class SimIsmDevice;

class IsmFabric {
 public:
  IsmFabric() = default;
  IsmFabric(const IsmFabric&) = delete;
  IsmFabric& operator=(const IsmFabric&) = delete;

  void attach(SimIsmDevice* device);
  void detach(SimIsmDevice* device);
  void add_token(ports::DmbToken token, SimIsmDevice* owner) { tokens_[token] = owner; }
  void remove_token(ports::DmbToken token) { tokens_.erase(token); }
  bool token_taken(ports::DmbToken token) const { return tokens_.count(token) != 0; }

  SimIsmDevice* owner_of(ports::DmbToken token) const;
  // The device with `gid` that `from` can reach (same CHID; loopback: itself), or null.
  SimIsmDevice* reachable_peer(const SimIsmDevice& from, const ports::IsmGid& gid) const;
  static bool can_reach(const SimIsmDevice& from, const SimIsmDevice& to);

 private:
  std::vector<SimIsmDevice*> devices_;  // attach order: deterministic
  std::map<ports::DmbToken, SimIsmDevice*> tokens_;
};

}  // namespace smc::sim
