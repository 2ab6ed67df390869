#pragma once
// The Anolis vendor option word (fallback-causes.md §5 0x0303000c, §8; wire-format.md §7):
// one 32-bit word, big-endian, whose top bits say "valid", "credits" and "RDMA write with
// immediate". The client puts it in the Proposal's SMC-D area, the server answers with the
// options both sides enable in the Accept's first-contact extension, and the client repeats
// them in the Confirm's. Each side derives its word from the sysctl `vendor_exp_options`
// (5.10.134-015) / `experiment_vendor_options` (-016 and later), default all bits.
//
// Which side checks what is not in the reference ([unverified]; the Anolis af_smc.c /
// smc_clc.c read there did not show the check). The engine follows the pattern the v2.1
// limits use (max_conns / max_links, §5 0x0303000a): a side checks the peer's later message
// against the value it reads NOW. A host whose sysctl changed after it built its own message
// finds an option in the peer's answer that it no longer enables:
//   client, on the Accept: Accept options ⊄ current client options          → 0x0303000c
//   server, on the Confirm: Confirm ≠ Accept, or ⊄ current server options     → 0x0303000c
// So the host whose sysctl changed is the one that declines; its peer shows
// 0x05000000/0x0303000c. Without a change both checks pass.
#include <cstdint>
#include <optional>

#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/engine_profile.h"
#include "protocol/negotiation/host_snapshot.h"

namespace smc::negotiation {

inline constexpr std::uint32_t kVendorValid = 0x80000000;
inline constexpr std::uint32_t kVendorCredits = 0x40000000;
inline constexpr std::uint32_t kVendorRdmaWriteWithImm = 0x20000000;
inline constexpr std::uint32_t kVendorOptionBits = kVendorCredits | kVendorRdmaWriteWithImm;

// The word a host advertises for a sysctl value: valid plus the option bits the value keeps.
std::uint32_t vendor_word(std::uint32_t sysctl_value);

// The sysctl as the host reads it when it builds its own message (at_check = false) or when
// it checks the peer's later message (at_check = true).
std::uint32_t vendor_sysctl(const HostSnapshot& host, const EngineProfile& profile, bool at_check);

// Client Proposal: the host's word; 0 on kernels without vendor options.
std::uint32_t client_vendor_offer(const HostSnapshot& host, const EngineProfile& profile);

// Server Accept: valid plus the options both the Proposal and the server enable; 0 when the
// Proposal carries no valid word or the server has no vendor options.
std::uint32_t server_vendor_answer(std::uint32_t proposal_word, const HostSnapshot& host, const EngineProfile& profile);

// Client check of the Accept's word (C12, Anolis).
std::optional<clc::DeclineCode> client_check_vendor(std::uint32_t accept_word, const HostSnapshot& host,
                                                    const EngineProfile& profile);

// Server check of the Confirm's word against its Accept's (S12, Anolis).
std::optional<clc::DeclineCode> server_check_vendor(std::uint32_t confirm_word, std::uint32_t accept_word,
                                                    const HostSnapshot& host, const EngineProfile& profile);

}  // namespace smc::negotiation
