#include "sim/net/sim_host_config.h"

#include "sim/net/host.h"

namespace smc::sim::net {

std::string SimHostConfig::host_name() const { return ns_.host().name(); }

std::vector<ports::NetInterface> SimHostConfig::interfaces() const {
  std::vector<ports::NetInterface> out;
  for (const auto& i : ns_.interfaces()) out.push_back(i->config());
  return out;
}

std::optional<ports::NetInterface> SimHostConfig::interface(const std::string& name) const {
  if (auto* i = ns_.find_interface(name)) return i->config();
  return std::nullopt;
}

std::vector<std::string> SimHostConfig::ueids() const { return ns_.host().ueids; }
std::optional<std::string> SimHostConfig::seid() const { return ns_.host().seid; }
std::vector<ports::PnetEntry> SimHostConfig::pnet_table() const { return ns_.host().pnet_table; }
bool SimHostConfig::smc_module_loaded() const { return ns_.host().smc_module_loaded; }

}  // namespace smc::sim::net
