#pragma once
// ports::HostConfig for one simulated namespace: what the SMC engine running in that
// namespace may learn about its host.
#include "protocol/ports/host_config.h"
#include "sim/net/netns.h"

namespace smc::sim::net {

class SimHostConfig final : public ports::HostConfig {
 public:
  explicit SimHostConfig(const Netns& ns) : ns_(ns) {}

  std::string host_name() const override;
  std::string netns() const override { return ns_.ns_name(); }
  std::vector<ports::NetInterface> interfaces() const override;
  std::optional<ports::NetInterface> interface(const std::string& name) const override;
  std::vector<ports::Route> routes() const override { return ns_.routes(); }
  Result<ports::RouteLookup, ports::RouteError> route_lookup(const ports::IpAddress& destination) const override {
    return ns_.route_lookup(destination);
  }
  std::optional<ports::SysctlValue> sysctl(const std::string& key) const override { return ns_.sysctl(key); }
  std::vector<std::string> ueids() const override;
  std::optional<std::string> seid() const override;
  std::vector<ports::PnetEntry> pnet_table() const override;
  bool smc_module_loaded() const override;

 private:
  const Netns& ns_;
};

}  // namespace smc::sim::net
