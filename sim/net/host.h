#pragma once
// A simulated machine: its network namespaces (the initial one, "init", first) and the
// state that is global to its kernel rather than per namespace: whether the SMC module is
// loaded, the UEID table, the SEID, the pnet table and system-wide IPsec policies (which
// SMC does not see: only per-socket policies make it decline).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ports/host_config.h"

namespace smc::sim::net {

class Netns;

class Host {
 public:
  explicit Host(std::string name) : name_(std::move(name)) {}
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  const std::string& name() const { return name_; }
  Netns& init() const { return *namespaces_.front(); }
  Netns* netns(const std::string& ns_name) const;
  const std::vector<Netns*>& namespaces() const { return namespaces_; }
  void adopt(Netns& ns) { namespaces_.push_back(&ns); }

  bool smc_module_loaded = true;
  std::vector<std::string> ueids;          // at most 4; the kernel proposes them in this order
  std::optional<std::string> seid;         // s390 only
  std::vector<ports::PnetEntry> pnet_table;
  bool global_xfrm_policy = false;         // `ip xfrm policy`: no effect on SMC

 private:
  std::string name_;
  std::vector<Netns*> namespaces_;  // owned by the Network
};

}  // namespace smc::sim::net
