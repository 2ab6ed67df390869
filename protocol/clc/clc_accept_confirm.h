#pragma once
// CLC Accept (server -> client) and Confirm (client -> server): one layout, the sender
// describes itself (wire-format.md §2.3-§2.5). SMC-R: v1 68, v2 108, v2 first contact
// 160 (Accept) / 164+16k (Confirm with GID list). SMC-D: v1 48, v2 78, v2 first contact
// 114 (release 0, 36-byte FCE) / 130 (release >= 1, 52-byte FCE).
#include <array>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "protocol/clc/clc_header.h"
#include "protocol/clc/eid.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace smc::clc {

inline constexpr std::size_t kSmcrAcceptLengthV1 = 68;
inline constexpr std::size_t kSmcrAcceptLengthV2 = 108;
inline constexpr std::size_t kSmcdAcceptLengthV1 = 48;
inline constexpr std::size_t kSmcdAcceptLengthV2 = 78;
inline constexpr std::size_t kFceLength = 52;
inline constexpr std::size_t kFceLengthSmcdV20 = 36;

// OS type nibble of the FCE and of a v2 Decline.
enum class OsType : std::uint8_t { ZOs = 1, Linux = 2, Aix = 3, Unknown = 15 };
const char* to_string_os(std::uint8_t os_type);

// First-contact extension (§2.5). For SMC-D release 0 only the first 36 bytes exist on
// the wire; max_conns .. vendor_options are then absent (and kept 0 here).
struct FirstContactExtension {
  bool v2_direct = false;  // SMC-Rv2: peers reach each other without an IP gateway
  std::uint8_t os_type = static_cast<std::uint8_t>(OsType::Linux);
  std::uint8_t release = 1;  // 0 = v2.0, 1 = v2.1
  PaddedText32 host_name = padded32("");
  std::uint8_t max_conns = 0;
  std::uint8_t max_links = 0;
  std::uint16_t feature_mask = 0;
  std::uint32_t vendor_options = 0;  // Anolis option word (§7), upstream 0
  bool operator==(const FirstContactExtension&) const = default;
};

struct SmcrAcceptFields {
  PeerId peer_id{};
  Gid gid{};
  Mac mac{};
  std::uint32_t qp_number = 0;  // 24 bits
  std::uint32_t rmb_rkey = 0;
  std::uint8_t rmbe_index = 1;  // 1-based, Linux 1
  std::uint32_t rmbe_alert_token = 0;
  std::uint8_t rmbe_size = 0;  // compressed, 4 bits (§5)
  std::uint8_t qp_mtu = 3;     // 4 bits: 1=256 .. 5=4096
  std::uint8_t initial_rq_credits = 0;  // byte 51: upstream rsv, Anolis credits (§7)
  std::uint64_t rmb_address = 0;
  std::uint32_t initial_psn = 0;  // 24 bits
  bool operator==(const SmcrAcceptFields&) const = default;
};

struct SmcdAcceptFields {
  std::uint64_t ism_gid = 0;
  std::uint64_t dmb_token = 0;
  std::uint8_t dmbe_index = 0;  // 0-based, Linux 0
  std::uint8_t dmbe_size = 0;   // compressed, 4 bits
  std::uint32_t link_id = 0;
  std::uint16_t chid = 0;          // v2
  std::uint64_t extended_gid = 0;  // v2: second half of an emulated ISM GID
  bool operator==(const SmcdAcceptFields&) const = default;
};

struct ClcAcceptConfirm {
  ClcType type = ClcType::Accept;  // Accept or Confirm
  Eyecatcher eyecatcher = Eyecatcher::Smcr;  // Linux: SMCD for SMC-D
  Eyecatcher trailer = Eyecatcher::Smcr;
  std::uint8_t version = kSmcV1;  // >= 2 selects the v2 layout
  bool first_contact = false;
  std::variant<SmcrAcceptFields, SmcdAcceptFields> path = SmcrAcceptFields{};
  Eid eid;  // v2
  std::optional<FirstContactExtension> fce;  // present iff v2 and first_contact
  std::vector<Gid> gid_list;  // SMC-R v2 Confirm with first contact only (count byte = size)

  bool is_smcd() const { return std::holds_alternative<SmcdAcceptFields>(path); }
  SmcType smc_type() const { return is_smcd() ? SmcType::D : SmcType::R; }
  std::size_t wire_length() const;

  // Writes the layout the fields select; a v2 first-contact message without an FCE gets
  // a zero one (the length must still match the variant).
  wire::Bytes encode() const;
  // Accepts type Accept or Confirm.
  static wire::DecodeResult<ClcAcceptConfirm> decode(wire::ByteView msg);
  static wire::DecodeResult<ClcAcceptConfirm> decode(wire::ByteView msg, ClcType expected);
  bool operator==(const ClcAcceptConfirm&) const = default;
};

}  // namespace smc::clc
