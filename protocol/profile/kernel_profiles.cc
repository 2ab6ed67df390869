// The profile table. Each value names the reference section it comes from; "[unverified]"
// marks a value the reference does not settle (kept cheap and conservative).
#include <algorithm>

#include "protocol/profile/kernel_profile.h"

namespace smc::profile {

namespace {

using Codes = std::vector<std::uint32_t>;

void add(Codes& to, std::initializer_list<std::uint32_t> more) { to.insert(to.end(), more); }

// fallback-causes §9 row 4.19–5.9 (SMC-D v1) plus wire-format §2.6's current list minus
// the v2 codes. 0x030a0000/0x030b0000 belong to the multi-link link-group rework; their
// first release is not in the reference [unverified: kept in this bucket].
Codes codes_4_19() {
  return {0x01010000, 0x02010000, 0x02020000, 0x03000000, 0x03010000, 0x03020000, 0x03030000,
          0x03030001, 0x03030002, 0x03040000, 0x03050000, 0x03060000, 0x03070000, 0x03080000,
          0x03090000, 0x030a0000, 0x030b0000, 0x04000000, 0x05000000, 0x09990000, 0x09990001,
          0x09990002, 0x09990003};
}
// §9 5.10–5.16: SMC-Dv2 codes 0x03030003–0x03030008; VERSMISMAT and MAX_DMB arrive with v2
// (§5 0x030c0000: set briefly in the 5.10 development series).
Codes codes_5_10() {
  Codes c = codes_4_19();
  add(c, {0x03030003, 0x03030004, 0x03030005, 0x03030006, 0x03030007, 0x03030008, 0x030c0000,
          0x030d0000});
  return c;
}
// §9 ≈5.17: SMC-Rv2 adds NOROUTE and NOINDIRECT.
Codes codes_5_17() {
  Codes c = codes_5_10();
  add(c, {0x030e0000, 0x030f0000});
  return c;
}
// §9 6.7: SMC v2.1 adds RELEASEERR, MAXCONNERR, MAXLINKERR. §4: 36 upstream constants.
Codes codes_6_7() {
  Codes c = codes_5_17();
  add(c, {0x03030009, 0x0303000a, 0x0303000b});
  return c;
}
// §8 / §4: Anolis adds ACTIVE, VENDORERR, ERR_REQ_LGR, CREDITSERR on top of the v2.1 set
// (the seed's table lists the v2.1 codes for Alibaba Cloud Linux 3).
Codes codes_anolis() {
  Codes c = codes_6_7();
  add(c, {0x03010001, 0x0303000c, 0x0303000d, 0x09990004});
  return c;
}

void sort_codes(KernelProfile& p) {
  std::sort(p.codes.begin(), p.codes.end());
  std::sort(p.never_produced.begin(), p.never_produced.end());
}

// §5 0x02020000 and 0x03030006: defined, never assigned. §5 0x030c0000: upstream never.
Codes upstream_never(bool has_v2) {
  Codes c{0x02020000};
  if (has_v2) add(c, {0x03030006, 0x030c0000});
  return c;
}

// Lab 6.12 defaults (kernel-lab.md "Sysctls on 6.12"; fallback-causes §10).
SysctlDefaults lab_6_12_sysctls() {
  SysctlDefaults s;
  s.autocorking_size = 65536;
  s.limit_smc_hs = 0;
  s.rmem = 65536;
  s.wmem = 65536;
  s.smcr_buf_type = 0;
  s.smcr_max_conns_per_lgr = 255;
  s.smcr_max_links_per_lgr = 2;
  s.smcr_testlink_time = 30;
  return s;
}

KernelProfile linux_4_19() {
  KernelProfile p;
  p.name = "linux-4.19";
  p.covers = "4.19–5.9";
  p.description = "upstream SMC-R v1 and SMC-D v1 (ISM), before SMC v2";
  p.codes = codes_4_19();
  p.never_produced = upstream_never(false);
  p.timers.client_first_confirm_link = 2 * kSecond;  // §2.2 C19: 2 s on older kernels
  // sysctls under /proc/sys/net/smc arrived later [unverified, not in the reference]
  p.rmbe_size_cap = 5;        // wire-format §5: 5 until ≈6.10
  p.max_smc_version = 1;      // §9: v2 from 5.10
  p.max_smc_release = 0;
  p.features.smcd_v2 = false;
  p.server_prefix_mismatch_code = 0x03030000;  // §5 0x03070000: before the late-2023 fix
  p.client_vlan_error_declines = true;         // §9 4.19–5.9: client VLAN failure 0x03080000
  p.clc_timeout_errno = 11;                    // §3.3: EAGAIN before ≈6.1
  p.tcp_ulp_forces_fallback = true;            // §9: TCP_ULP in the fallback list
  p.fastopen_repoints_descriptor = false;      // §5 0x03060000 quirk Q1 (4.x) [inferred]
  p.quirks = {
      {"equal-llc-timers", "client and server both wait 2 s for the first Confirm Link: crossing Declines, "
                           "each read by the other application as data (N10)", "fallback-causes §5 0x02010000 (a), §6 N10"},
      {"fastopen-flag-only", "Fast Open options set a flag without re-pointing the descriptor: the SYN still "
                             "carries the SMC option and the server drops the connection (N2)", "fallback-causes §5 0x03060000 Q1"},
      {"client-vlan-decline", "a failed VLAN lookup on the client declines 0x03080000", "fallback-causes §5 0x03080000"},
      {"prefix-mismatch-nosmcdev", "server prefix mismatch shows 0x03030000, not 0x03070000", "fallback-causes §5 0x03070000"},
  };
  sort_codes(p);
  return p;
}

KernelProfile linux_5_10() {
  KernelProfile p;
  p.name = "linux-5.10";
  p.covers = "5.10–5.16";
  p.description = "upstream with SMC-Dv2 (SMC v2, release 0), before SMC-Rv2";
  p.codes = codes_5_10();
  p.never_produced = upstream_never(true);
  p.timers.client_first_confirm_link = 2 * kSecond;  // §2.2 C19, §12 row 5 (equal 2 s timers)
  p.rmbe_size_cap = 5;
  p.max_smc_version = 2;
  p.max_smc_release = 0;
  p.features.smcd_v2 = true;
  p.server_prefix_mismatch_code = 0x03030000;  // §5 0x03070000
  p.server_rv1_no_device_code = 0x03030002;    // §9 5.10–5.16, §12 row 30
  p.client_vlan_error_declines = true;         // §5 0x03080000: 4.19–5.16
  p.clc_timeout_errno = 11;                    // §3.3 EAGAIN before ≈6.1
  p.tcp_ulp_forces_fallback = true;            // §5 0x03060000 T1: before ≈6.0
  p.quirks = {
      {"equal-llc-timers", "both sides wait 2 s for the first Confirm Link (N10)", "fallback-causes §5 0x02010000 (a), §12 row 5"},
      {"server-rv1-nosmcrdev", "an R-only v1 Proposal with no server device gives 0x03030002", "fallback-causes §9, §12 row 30"},
      {"client-vlan-decline", "a failed VLAN lookup on the client declines 0x03080000", "fallback-causes §5 0x03080000"},
      {"prefix-mismatch-nosmcdev", "server prefix mismatch shows 0x03030000", "fallback-causes §5 0x03070000"},
  };
  sort_codes(p);
  return p;
}

KernelProfile linux_5_17() {
  KernelProfile p;
  p.name = "linux-5.17";
  p.covers = "5.17–6.0";
  p.description = "upstream with SMC-Rv2 (release 0)";
  p.codes = codes_5_17();
  p.never_produced = upstream_never(true);
  p.timers.client_first_confirm_link = 2 * kSecond;  // §9: doubled in ≈6.0–6.1 [unverified which]
  p.rmbe_size_cap = 5;
  p.max_smc_release = 0;
  p.features.smcd_v2 = true;
  p.features.smcr_v2 = true;
  p.features.tcp_ulp_smc = true;               // §8: TCP ULP "smc" 5.17+
  p.server_prefix_mismatch_code = 0x03030000;  // §5 0x03070000
  p.clc_timeout_errno = 11;                    // §3.3
  p.tcp_ulp_forces_fallback = true;            // §9: EOPNOTSUPP from ≈6.0 [unverified: 6.0 itself]
  p.quirks = {
      {"equal-llc-timers", "both sides wait 2 s for the first Confirm Link (N10)", "fallback-causes §12 row 5"},
      {"prefix-mismatch-nosmcdev", "server prefix mismatch shows 0x03030000", "fallback-causes §5 0x03070000"},
  };
  sort_codes(p);
  return p;
}

KernelProfile linux_6_1() {
  KernelProfile p;
  p.name = "linux-6.1";
  p.covers = "6.1–6.6 (before the late-2023 prefix fix)";
  p.description = "upstream SMC v2 release 0; Debian 12's stock kernel in the lab";
  p.codes = codes_5_17();
  p.never_produced = upstream_never(true);
  p.timers.client_first_confirm_link = 4 * kSecond;  // §9 ≈6.0–6.1: doubled
  p.sysctls = lab_6_12_sysctls();                    // [unverified for 6.1: lab read 6.12 only]
  p.sysctls.smcr_max_conns_per_lgr.reset();          // §9 6.7: v2.1 max_conns / max_links
  p.sysctls.smcr_max_links_per_lgr.reset();
  p.rmbe_size_cap = 5;
  p.max_smc_release = 0;
  p.features.smcd_v2 = true;
  p.features.smcr_v2 = true;
  p.features.tcp_ulp_smc = true;
  p.server_prefix_mismatch_code = 0x03030000;  // §10 bucket "6.1–6.6-pre-fix"
  p.quirks = {
      {"prefix-mismatch-nosmcdev", "server prefix mismatch shows 0x03030000", "fallback-causes §5 0x03070000, §12 row 54"},
      {"rxe-needs-pnet", "rxe maps to its netdev only through the pnet table", "kernel-lab.md"},
      {"rxe-no-cur-qp-state", "rxe never reports cur_qp_state: the first LLC message fails and both ends hang", "kernel-lab.md"},
  };
  sort_codes(p);
  return p;
}

KernelProfile linux_6_12() {
  KernelProfile p;
  p.name = "linux-6.12";
  p.covers = "6.7–6.12";
  p.description = "upstream SMC v2.1 with loopback-ism and IPPROTO_SMC; the lab's kernel (6.12.95)";
  p.codes = codes_6_7();
  p.never_produced = upstream_never(true);
  p.timers.client_first_confirm_link = 4 * kSecond;  // §2.2 C19, wire-format §6.1
  p.sysctls = lab_6_12_sysctls();                    // kernel-lab.md: measured
  p.rmbe_size_cap = 15;                              // wire-format §5: 15 from ≈6.11
  p.max_smc_release = 1;                             // §9 6.7; lab: "SMCv2, release 1"
  p.clc_feature_mask = 0x0001;                       // wire-format §2.2 +26, §9 vectors: emulated ISM
  p.features.smcd_v2 = true;
  p.features.smcr_v2 = true;
  p.features.tcp_ulp_smc = true;
  p.features.loopback_ism = true;   // §9 6.10
  p.features.ipproto_smc = true;    // §9 6.11; lab: IPPROTO_SMC → SMC-R
  p.features.v4_mapped_v2 = false;  // [lab 6.12] contradicts the code reading of §2.2 C6
  p.quirks = {
      {"v4-mapped-no-v2", "an AF_INET6 socket to a v4-mapped address is not offered SMC-Rv2: client 0x03030000",
       "fallback-causes §2.2 C6 [lab 6.12]"},
      {"tcp-cork-hang", "corked SMC data below the send buffer size is never flushed (no 200 ms timer)",
       "fallback-causes §7.2 TCP_CORK [lab 6.12]"},
      {"fastopen-listener-hang", "a listener that fell back before listen() hands out sockets that miss wake-ups",
       "fallback-causes §5 0x03060000 T3 [lab 6.12]"},
  };
  sort_codes(p);
  return p;
}

KernelProfile linux_6_18() {
  KernelProfile p = linux_6_12();
  p.name = "linux-6.18";
  p.covers = "6.13 and later";
  p.description = "upstream baseline of the reference: strict Proposal validation, BPF handshake control";
  // §9 6.13: malformed v2 Proposals are hard errors, so NOV2EXT / NOV2DEXT are unreachable.
  p.never_produced.push_back(0x03030004);
  p.never_produced.push_back(0x03030005);
  p.sysctls.smcr_max_send_wr = 16;  // §9 6.14+ [unverified: default value not in the reference]
  p.sysctls.smcr_max_recv_wr = 48;  // [unverified: default value not in the reference]
  p.features.strict_proposal_validation = true;  // §9 6.13, §12 row 37
  p.features.bpf_hs_ctrl = true;                  // §9 6.18 (an option: needs CONFIG_SMC_HS_CTRL_BPF)
  p.quirks.push_back({"strict-proposal-validation", "a v2 Proposal without its v2 extension is dropped (hard error), "
                                                    "no 0x03030004 / 0x03030005", "fallback-causes §5 0x03030004, §12 row 37"});
  p.quirks.push_back({"bpf-syn-option-veto", "hs_ctrl syn_option / synack_option returning 0 gives 0x03010000 on both ends",
                      "fallback-causes §5 0x03010000 cause 5, §12 row 14"});
  sort_codes(p);
  return p;
}

KernelProfile anolis_5_10() {
  KernelProfile p;
  p.name = "anolis-5.10.134";
  p.covers = "Anolis 5.10 (Alibaba Cloud Linux 3)";
  p.vendor = Vendor::Anolis;
  p.description = "Alibaba Cloud Linux 3 kernel: SMC-Rv2 over eRDMA, vendor options, tcp2smc";
  p.codes = codes_anolis();
  // §5: TIMEOUT_AL and NOSEID never produced; ERR_REQ_LGR internal only [unverified].
  p.never_produced = {0x02020000, 0x03030006, 0x0303000d};
  p.timers.client_first_confirm_link = 2 * kSecond;  // §2.2 C19, §8 "Anolis 5.10: 2 s"
  p.sysctls.limit_smc_hs = 1;                         // §8: `limit_handshake` = 1
  p.sysctls.tcp2smc = 0;                              // §8 [unverified default: off]
  p.sysctls.vendor_options = 0xffffffff;              // §5 0x0303000c: "the default is all bits"
  p.rmbe_size_cap = 5;                                // [unverified for Anolis]
  p.max_smc_release = 1;                              // seed: v2.1 max_conns / max_links codes
  p.features.smcd_v2 = true;
  p.features.smcr_v2 = true;
  p.features.v4_mapped_v2 = true;  // seed: from 5.10.134-17.3 (the Anolis af_smc.c read demands AF_INET, §5 C-e)
  p.features.negotiator_bpf = true;
  p.features.tcp2smc = true;
  p.features.vendor_options = true;
  p.features.erdma = true;
  p.features.reserved_oob_ports = true;
  p.server_prefix_mismatch_code = 0x03030000;  // [unverified: fix backport state unknown]
  p.pre_syn_opt_out_code = 0x03010001;         // §8 negotiator BPF: client 0x03010001
  p.quirks = {
      {"versmismat-client", "the client declines 0x030c0000 when the Accept's FCE release is above its own",
       "fallback-causes §5 0x030c0000"},
      {"vendor-options-race", "changing the vendor-option sysctl during a handshake gives 0x0303000c",
       "fallback-causes §5 0x0303000c [seed]"},
      {"reserved-ports", "ports 65500–65515 reserved per netns holding an eRDMA device; EADDRINUSE on bind",
       "fallback-causes §8, seed"},
      {"inet-smc-no-smc", "unsupported TCP options before connect on an inet-SMC socket give 0x03010001",
       "fallback-causes §5 0x03010001, §7.2"},
      {"ipv6-erdma", "IPv6 on eRDMA falls back 0x03030000 (sometimes 0x09990000)", "seed, fallback-causes §12 row 77"},
  };
  sort_codes(p);
  return p;
}

KernelProfile anolis_6_6() {
  KernelProfile p = anolis_5_10();
  p.name = "anolis-6.6";
  p.covers = "Anolis 6.6";
  p.description = "Anolis 6.6-based kernel: as Anolis 5.10 plus a default UEID";
  p.timers.client_first_confirm_link = 4 * kSecond;  // [unverified: follows upstream 6.x]
  p.sysctls.autocorking_size = 65536;                // [unverified: upstream 6.x sysctls assumed]
  p.sysctls.rmem = 65536;
  p.sysctls.wmem = 65536;
  p.sysctls.smcr_buf_type = 0;
  p.sysctls.smcr_testlink_time = 30;
  p.sysctls.smcr_max_conns_per_lgr = 255;
  p.sysctls.smcr_max_links_per_lgr = 2;
  p.features.default_ueid = true;  // §5 0x03030008, §8: "SMCV2-DEFAULT-UEID"
  p.quirks.push_back({"default-ueid", "a default UEID is configured at module init, so 0x03030008 disappears",
                      "fallback-causes §5 0x03030008"});
  sort_codes(p);
  return p;
}

std::vector<KernelProfile> build_profiles() {
  return {linux_4_19(), linux_5_10(), linux_5_17(), linux_6_1(), linux_6_12(), linux_6_18(),
          anolis_5_10(), anolis_6_6()};
}

}  // namespace

bool KernelProfile::has_code(std::uint32_t code) const {
  return std::binary_search(codes.begin(), codes.end(), code);
}

bool KernelProfile::can_produce(std::uint32_t code) const {
  if (!has_code(code)) return false;
  if (std::binary_search(never_produced.begin(), never_produced.end(), code)) return false;
  // The prefix code is only produced once the late-2023 fix is in (§5 0x03070000).
  if (code == 0x03070000) return server_prefix_mismatch_code == 0x03070000;
  // Client VLAN failure was the only client producer before ≈5.17; the server path needs
  // the route to vanish and stays reachable everywhere (§5 0x03080000).
  return true;
}

const std::vector<KernelProfile>& all_profiles() {
  static const std::vector<KernelProfile> profiles = build_profiles();
  return profiles;
}

std::optional<KernelProfile> profile_by_name(std::string_view name) {
  for (const auto& p : all_profiles()) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

}  // namespace smc::profile
