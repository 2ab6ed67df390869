#include "hw/verbs/verbs_directory.h"

#include <infiniband/verbs.h>

#include <algorithm>

namespace smc::hw {

std::vector<std::string> rdma_device_names() {
  std::vector<std::string> names;
  int count = 0;
  ibv_device** list = ::ibv_get_device_list(&count);
  if (!list) return names;  // ENOSYS: no RDMA subsystem; same answer as "no device"
  for (int i = 0; i < count; ++i) names.emplace_back(::ibv_get_device_name(list[i]));
  ::ibv_free_device_list(list);
  std::sort(names.begin(), names.end());
  return names;
}

VerbsDirectory::VerbsDirectory(EventLoop& loop) {
  for (const auto& name : rdma_device_names()) {
    auto dev = VerbsDevice::open(loop, name);
    if (dev)
      devices_.push_back(std::move(dev.value()));
    else
      failures_.emplace_back(name, dev.error());
  }
}

std::vector<ports::RnicDevice*> VerbsDirectory::devices() {
  std::vector<ports::RnicDevice*> out;
  for (auto& d : devices_) out.push_back(d.get());
  return out;
}

VerbsDevice* VerbsDirectory::find(const std::string& name) {
  for (auto& d : devices_)
    if (d->attributes().name == name) return d.get();
  return nullptr;
}

}  // namespace smc::hw
