#pragma once
// The netlink the lab agent needs, written from the uapi layouts (linux/smc.h,
// linux/smc_diag.h, linux/genetlink.h): the SMC_GEN_NETLINK family's UEID table and
// NETLINK_SOCK_DIAG for AF_SMC sockets (mode, fallback reason, peer diagnosis, buffers).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smc::lab::agent {

struct SmcDiagInfo {
  std::uint8_t state = 0;          // sk_state: 1 ACTIVE, 2 INIT, 10 LISTEN ...
  std::uint8_t mode = 0;           // 0 SMC-R, 1 fallback TCP, 2 SMC-D
  std::uint32_t reason = 0;        // fallback_rsn
  std::uint32_t peer = 0;          // peer_diagnosis
  std::uint32_t sndbuf = 0;        // SMC_DIAG_CONNINFO, 0 when absent
  std::uint32_t rmbe = 0;
  std::uint32_t peer_rmbe = 0;
};

// The AF_SMC socket with this inode in the caller's network namespace, or nullopt.
std::optional<SmcDiagInfo> smc_diag_lookup(std::uint64_t inode, std::string* error = nullptr);

// Replaces the kernel's UEID table by `ueids` (flush, then add each, blank-padded to 32).
// Returns "" or what failed.
std::string set_ueid_table(const std::vector<std::string>& ueids);

}  // namespace smc::lab::agent
