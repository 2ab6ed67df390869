#pragma once
// CLC Proposal (client -> server), wire-format.md §2.2: fixed part, optional SMC-D area,
// IP prefix area, v2 extension and SMC-Dv2 extension. Which areas are on the wire follows
// from the header (version, typev1, typev2) and, in v1, from the IP-area offset; the
// members of an absent area are ignored by encode() and left default by decode().
#include <array>
#include <cstdint>
#include <vector>

#include "protocol/clc/clc_header.h"
#include "protocol/clc/eid.h"
#include "protocol/clc/ip_prefix.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace smc::clc {

inline constexpr std::size_t kProposalFixedLength = 40;
inline constexpr std::size_t kSmcdAreaLength = 40;
inline constexpr std::size_t kV2ExtensionFixedLength = 40;
inline constexpr std::size_t kSmcdV2ExtensionFixedLength = 48;
inline constexpr std::size_t kGidChidEntryLength = 10;
inline constexpr std::uint16_t kMaxIpAreaOffset = 40;            // Linux: larger is invalid
inline constexpr std::uint16_t kMaxV2ExtensionOffset = 172;      // Linux receiver limit
inline constexpr std::uint16_t kMaxSmcdV2ExtensionOffset = 288;  // Linux receiver limit
inline constexpr std::size_t kMaxEids = 8;
inline constexpr std::size_t kMaxIsmGids = 8;
inline constexpr std::uint16_t kFeatureEmulatedIsm = 0x0001;

// The Alibaba/Anolis option word in vendor option bytes 1-4 (message bytes 56-59, §7).
struct AlibabaVendorOptions {
  bool valid = false;
  bool credits = false;
  bool rdma_write_with_imm = false;
};
AlibabaVendorOptions alibaba_options(const std::array<std::uint8_t, 5>& vendor_options);

// 40 bytes at offset 40: always in v2, in v1 iff the IP-area offset is 40.
struct SmcdArea {
  std::uint64_t ism_gid = 0;
  std::uint16_t ism_chid = 0;
  std::uint32_t vendor_oui = 0;  // 24 bits, v2.1 (upstream 0)
  std::array<std::uint8_t, 5> vendor_options{};
  bool operator==(const SmcdArea&) const = default;
};

// "Client options area", present iff version >= 2 and typev2 != none. The EID count is
// eids.size(); the ISM GID count is the SMC-Dv2 extension's entry count.
struct ClcV2Extension {
  std::vector<Eid> eids;  // UEIDs
  std::uint8_t release = 1;  // 0 = v2.0, 1 = v2.1
  bool seid_indicator = false;
  Gid roce_v2_gid{};  // ::ffff:a.b.c.d
  std::uint8_t max_conns = 0;
  std::uint8_t max_links = 0;
  std::uint16_t feature_mask = 0;
  bool operator==(const ClcV2Extension&) const = default;
};

struct IsmGidChid {
  std::uint64_t gid = 0;
  std::uint16_t chid = 0;
  bool operator==(const IsmGidChid&) const = default;
};

// Present iff the v2 extension is and typev2 includes SMC-D.
struct ClcSmcdV2Extension {
  Eid seid;
  std::vector<IsmGidChid> gid_chids;  // emulated ISM: GID then extended GID, same CHID
  bool operator==(const ClcSmcdV2Extension&) const = default;
};

struct ClcProposal {
  Eyecatcher eyecatcher = Eyecatcher::Smcr;
  Eyecatcher trailer = Eyecatcher::Smcr;
  std::uint8_t version = kSmcV2;
  SmcType typev1 = SmcType::R;
  SmcType typev2 = SmcType::None;  // bits 3-2; reserved in v1 (sent 0, read as None)
  PeerId peer_id{};
  Gid gid{};
  Mac mac{};
  // As on the wire. v1: 0 (RFC layout), 40 (SMC-D area present) or any value <= 40 (a
  // reserved gap). v2: 40 when there is a prefix area, else Linux sends 0.
  std::uint16_t ip_area_offset = kMaxIpAreaOffset;
  SmcdArea smcd_area;
  IpPrefixArea prefix;
  ClcV2Extension v2_ext;
  ClcSmcdV2Extension smcd_v2_ext;

  bool has_smcd_area() const { return version >= kSmcV2 || ip_area_offset == kSmcdAreaLength; }
  bool has_prefix_area() const { return version < kSmcV2 || typev1 != SmcType::None; }
  bool has_v2_extension() const { return version >= kSmcV2 && typev2 != SmcType::None; }
  bool has_smcd_v2_extension() const { return has_v2_extension() && has_smcd(typev2); }

  // Offsets Linux writes (§2.2 "Linux sender placement"); encode() always uses them.
  std::uint16_t v2_extension_offset() const;
  std::uint16_t smcd_v2_extension_offset() const;
  // The IP-area offset a Linux sender uses for this header.
  std::uint16_t linux_ip_area_offset() const;

  std::size_t wire_length() const;
  wire::Bytes encode() const;
  static wire::DecodeResult<ClcProposal> decode(wire::ByteView msg);
  bool operator==(const ClcProposal&) const = default;
};

}  // namespace smc::clc
