#pragma once
// Failures a test or scenario can inject into one simulated RNIC. Each counter fails the
// next n calls of that verb and counts down; the replayable form is therefore "fail the
// next 1 modify to RTR", which a shrinker can reason about.
#include <cstdint>
#include <optional>

#include "protocol/ports/rnic.h"

namespace smc::sim {

struct RnicFaults {
  std::uint32_t fail_create_qp = 0;  // ENOMEM, as when the device is out of QP contexts
  std::uint32_t fail_modify_qp = 0;  // EINVAL from the firmware command ...
  std::optional<ports::QpState> fail_modify_qp_to;  // ... only for transitions into this state
  std::uint32_t fail_reg_mr = 0;     // ENOMEM (SMC: REG_MR failure, 0x09990003 / 0x01010000)
  std::uint32_t fail_create_cq = 0;  // ENOMEM
  std::uint32_t fail_post_send = 0;  // ENOMEM (send queue reported full)
};

}  // namespace smc::sim
