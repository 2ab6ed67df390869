#pragma once
// ports::RnicDirectory over ibv_get_device_list: every RDMA device of the host, opened,
// in name order (the order the engine's device search sees, reproducible across runs).
// A host without RDMA (no device, or no RDMA subsystem at all) is an empty list, not an
// error: that is what CI machines are.
#include <memory>
#include <string>
#include <vector>

#include "hw/loop/event_loop.h"
#include "hw/verbs/verbs_device.h"

namespace smc::hw {

// Names of the host's RDMA devices, sorted; empty when there are none.
std::vector<std::string> rdma_device_names();

class VerbsDirectory final : public ports::RnicDirectory {
 public:
  // Opens every device; one that fails to open is left out and its error recorded.
  explicit VerbsDirectory(EventLoop& loop);
  std::vector<ports::RnicDevice*> devices() override;
  VerbsDevice* find(const std::string& name);
  const std::vector<std::pair<std::string, ports::VerbsError>>& open_failures() const { return failures_; }

 private:
  std::vector<std::unique_ptr<VerbsDevice>> devices_;
  std::vector<std::pair<std::string, ports::VerbsError>> failures_;
};

}  // namespace smc::hw
