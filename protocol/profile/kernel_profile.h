#pragma once
// KernelProfile: one kernel's SMC behaviour as a value. The reference (fallback-causes.md
// §9, §10) shows that which cause code a user sees depends on the kernel release: the
// same setup gives 0x03030002 on 5.10 and 0x03030000 on 6.18, 0x03070000 only after the
// late-2023 fix, and so on. Everything that differs between releases lives here, so the
// engine asks the profile instead of testing version numbers.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smc::profile {

enum class Vendor { Upstream, Anolis };

// Integer nanoseconds, like the simulator's clock (conventions §2).
using DurationNs = std::int64_t;
inline constexpr DurationNs kMillisecond = 1'000'000;
inline constexpr DurationNs kSecond = 1'000 * kMillisecond;

// wire-format.md §6.1 and fallback-causes.md §2.2 / §10 "Timers".
struct ProfileTimers {
  DurationNs clc_wait = 6 * kSecond;                    // Proposal / Accept / Confirm wait
  DurationNs clc_short_wait = 1 * kSecond;              // Decline look-up after an LLC timeout
  DurationNs llc_wait = 2 * kSecond;                    // server first Confirm Link, Add Link, RKey...
  DurationNs client_first_confirm_link = 4 * kSecond;   // C19: 2 s before ≈6.1 and on Anolis 5.10
  DurationNs client_add_link_wait = 2 * kSecond;        // C20
  DurationNs llc_first_time_wait = 5 * kSecond;         // Confirm Link on an added link
  DurationNs llc_flow_start = 20 * kSecond;             // 10 × LLC wait
  DurationNs reg_mr_wait = 5 * kSecond;                 // MR registration completion
  DurationNs wr_send_slot_wait = 10 * kSecond;          // WR send slot
  DurationNs lgr_free_server = 600 * kSecond;           // staggered so SYNCERR does not happen
  DurationNs lgr_free_client = 610 * kSecond;
};

// Default values of /proc/sys/net/smc. std::nullopt: the sysctl does not exist in that
// kernel. Anolis names the handshake limit `limit_handshake`; it is kept in limit_smc_hs.
struct SysctlDefaults {
  std::optional<std::int64_t> autocorking_size;
  std::optional<std::int64_t> limit_smc_hs;
  std::optional<std::int64_t> rmem;
  std::optional<std::int64_t> wmem;
  std::optional<std::int64_t> smcr_buf_type;
  std::optional<std::int64_t> smcr_max_conns_per_lgr;
  std::optional<std::int64_t> smcr_max_links_per_lgr;
  std::optional<std::int64_t> smcr_testlink_time;  // seconds, 0 = off
  std::optional<std::int64_t> smcr_max_send_wr;
  std::optional<std::int64_t> smcr_max_recv_wr;
  std::optional<std::int64_t> tcp2smc;             // Anolis only
  std::optional<std::int64_t> vendor_options;      // Anolis: vendor_exp_options / experiment_vendor_options
};

struct ProfileFeatures {
  bool smcd_v1 = true;             // ISM v1 (s390 hardware)
  bool smcd_v2 = false;            // SMC-Dv2 codes and offers (5.10+)
  bool smcr_v2 = false;            // SMC-Rv2 (≈5.17+)
  bool loopback_ism = false;       // 6.10+
  bool ipproto_smc = false;        // IPPROTO_SMC sockets, 6.11+
  bool tcp_ulp_smc = false;        // TCP ULP "smc", 5.17+
  bool v4_mapped_v2 = false;       // SMC-Rv2 for an AF_INET6 socket with a v4-mapped peer
  bool bpf_hs_ctrl = false;        // 6.18 `hs_ctrl` syn_option / synack_option hooks
  bool negotiator_bpf = false;     // Anolis smc_sock_negotiator_ops
  bool tcp2smc = false;            // Anolis kernel-level conversion sysctl
  bool vendor_options = false;     // Anolis vendor option word (credits, RWWI)
  bool erdma = false;              // Anolis eRDMA (iWARP-like) SMC-Rv2
  bool reserved_oob_ports = false; // Anolis: 65500–65515 reserved per netns with eRDMA
  bool default_ueid = false;       // Anolis 6.6: "SMCV2-DEFAULT-UEID" seeded at init
  bool strict_proposal_validation = false;  // 6.13 / 6.6.68: malformed v2 Proposal = hard error
};

// A documented behaviour of this kernel, for reports and `explain`.
struct Quirk {
  std::string id;           // stable, kebab-case: "prefix-mismatch-nosmcdev"
  std::string description;
  std::string reference;    // "fallback-causes §9"
};

struct KernelProfile {
  std::string name;         // "linux-6.12"
  std::string covers;       // the release bucket of fallback-causes §10: "6.7–6.12"
  Vendor vendor = Vendor::Upstream;
  std::string description;

  std::vector<std::uint32_t> codes;           // SMC_CLC_DECL_* constants defined (§9)
  std::vector<std::uint32_t> never_produced;  // defined but no code path produces them

  ProfileTimers timers;
  SysctlDefaults sysctls;
  int rmbe_size_cap = 5;        // compressed RMBE size cap: 5 (512 KiB) before ≈6.11, 15 after
  int smcd_rmbe_size_cap = 6;   // SMC-D cap (1 MiB), wire-format §5
  int max_smc_version = 2;      // highest CLC version offered: 1 before 5.10
  int max_smc_release = 0;      // v2 release: 1 = SMC v2.1 (6.7+)
  // v2.1 supplemental-feature mask sent in Proposal / Accept / Confirm (wire-format §2.3):
  // bit 0 = emulated-ISM device support. fallback-causes §9 6.7: "feature mask later".
  std::uint16_t clc_feature_mask = 0;
  ProfileFeatures features;

  // Code choices that changed between releases (§9); the engine reads these.
  std::uint32_t server_prefix_mismatch_code = 0x03070000;  // 0x03030000 before the late-2023 fix
  std::uint32_t server_rv1_no_device_code = 0x03030000;    // 0x03030002 on 5.10–5.16
  bool client_vlan_error_declines = false;  // 4.19–5.16: C5 failure declines 0x03080000
  int clc_timeout_errno = 110;               // ETIMEDOUT (110); EAGAIN (11) before ≈6.1
  bool tcp_ulp_forces_fallback = false;      // before ≈6.0 TCP_ULP acted like Fast Open
  bool fastopen_repoints_descriptor = true;  // false = quirk Q1 (4.x): SYN still carries the option
  std::uint32_t pre_syn_opt_out_code = 0x03010000;  // Anolis negotiator: 0x03010001

  std::vector<Quirk> quirks;

  bool has_code(std::uint32_t code) const;
  // Defined and reachable from some code path of this kernel (not necessarily
  // Linux↔Linux: a crafted peer may be needed, see knowledge base).
  bool can_produce(std::uint32_t code) const;
};

// Every profile, in a fixed order (oldest upstream first, then Anolis).
const std::vector<KernelProfile>& all_profiles();
std::optional<KernelProfile> profile_by_name(std::string_view name);
// fallback-causes §0: the baseline kernel is upstream 6.18.
inline constexpr std::string_view kBaselineProfile = "linux-6.18";

}  // namespace smc::profile
