#pragma once
// The knobs of the SMC-R link layer, with Linux's values (wire-format.md §3, §6.1;
// fallback-causes.md 0x01010000 / 0x09990003). One LinkConfig per host.
#include <cstdint>

#include "protocol/ports/clock.h"

namespace smc::link {

// How a failed RMB memory registration is reported (fallback-causes.md, 0x01010000 note):
// upstream maps the MR at allocation time and a failure makes it try the next smaller size
// and finally give up with 0x01010000; a device whose registration *work request* fails
// (the seed's eRDMA story) reports 0x09990003 at once.
enum class RmbRegistrationFailure : std::uint8_t { DowngradeThenMem, RegisterBufferError };

struct LinkConfig {
  // Work-request slots per link: Linux posts 16 sends and 48 receives.
  std::uint32_t send_slots = 16;
  std::uint32_t recv_slots = 48;
  // Receive buffer per slot: 48 bytes hold every v1 LLC/CDC message; SMC-Rv2 LLC messages
  // may reach 8192 bytes (Linux receives those into a second scatter element).
  std::uint32_t recv_slot_size_v1 = 48;
  std::uint32_t recv_slot_size_v2 = 8192;
  std::uint32_t send_slot_size = 48;
  // RC transport parameters for RTR/RTS: local ACK timeout (4.096 us << n), transport and
  // RNR retries (7 = RNR retry forever). What matters in a simulated run is how long a dead
  // path takes to end in IBV_WC_RETRY_EXC_ERR.
  std::uint8_t qp_timeout = 14;
  std::uint8_t retry_cnt = 7;
  std::uint8_t rnr_retry = 7;
  std::uint8_t min_rnr_timer = 12;

  // Wanted RMB and send-buffer size of a new connection: Linux starts at half the socket
  // buffer (rmem/wmem defaults 128 KiB / 16 KiB -> 64 KiB RMB).
  std::uint64_t rmb_size = 65536;
  std::uint8_t rmbe_size_cap = 15;  // wire-format.md §5: 5 before Linux 6.11
  RmbRegistrationFailure mr_failure = RmbRegistrationFailure::DowngradeThenMem;

  // Test Link keepalive (sysctl smcr_testlink_time, 0 = off) and the LLC response wait.
  ports::Nanos test_link_interval = 30 * ports::kSecond;
  ports::Nanos llc_wait = 2 * ports::kSecond;
  // Linux: at most 2 links per link group are used, 255 RMBs (rtokens) per link group.
  std::uint8_t max_links = 2;
  std::uint32_t max_rtokens = 255;
  // Seeds the initial PSNs (Linux: random 24-bit); same seed, same PSNs.
  std::uint64_t psn_seed = 1;
};

}  // namespace smc::link
