#pragma once
// What the CLC messages say, as the decisions read them: the Proposal's offer, the
// Accept/Confirm's choice and the Decline's reason, without byte layout. The handshake's
// codec adapter (protocol/handshake/clc_adapter.h) maps these to and from wire bytes
// (wire-format.md §2); keeping decisions on these values lets them be tested without bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/clc/decline_code.h"
#include "protocol/negotiation/host_snapshot.h"

namespace smc::negotiation {

// Cause codes are the CLC Decline codes: one enum for the wire, fallback_rsn and smcss.
using clc::DeclineCode;

// The header's 2-bit path codes: 0 SMC-R, 1 SMC-D, 2 none, 3 both.
struct TypeSet {
  bool r = false;
  bool d = false;
  bool none() const { return !r && !d; }
  std::uint8_t wire() const { return r && d ? 3 : r ? 0 : d ? 1 : 2; }
  static TypeSet from_wire(std::uint8_t v) { return TypeSet{v == 0 || v == 3, v == 1 || v == 3}; }
  bool operator==(const TypeSet&) const = default;
};

enum class SmcType : std::uint8_t { R = 0, D = 1 };

struct IsmOffer {
  std::uint64_t gid = 0;
  std::uint16_t chid = 0;
  bool operator==(const IsmOffer&) const = default;
};

struct ProposalContent {
  std::uint8_t version = 2;
  TypeSet v1;
  TypeSet v2;
  SystemId system_id{};  // zero unless v1 offers SMC-R
  IpAddress r_gid;       // v1 RoCE GID
  MacAddress mac{};
  bool has_smcd_area = true;
  IsmOffer ism;          // native ISM device in the SMC-D area
  // IP prefix area (present iff v1 offers something)
  IpAddress ipv4_subnet;  // zero for IPv6
  std::uint8_t ipv4_prefix_len = 0;
  std::vector<IpPrefix> ipv6_prefixes;
  // v2 extension
  bool has_v2_ext = false;
  std::uint8_t release = 0;
  bool seid_flag = false;
  IpAddress roce_v2_gid;
  std::uint8_t max_conns = 0;
  std::uint8_t max_links = 0;
  std::uint16_t feature_mask = 0;
  // Anolis option word in the SMC-D area (vendor option bytes 1-4): valid, credits, RWWI.
  std::uint32_t vendor_options = 0;
  std::vector<std::string> ueids;
  // SMC-Dv2 extension
  bool has_smcd_v2_ext = false;
  std::string seid;
  std::vector<IsmOffer> ism_v2;  // additional v2 devices (the native one is `ism`)
  bool operator==(const ProposalContent&) const = default;
};

struct FirstContactExt {
  bool v2_direct = true;
  std::uint8_t os_type = 2;  // Linux
  std::uint8_t release = 0;
  std::string hostname;
  std::uint8_t max_conns = 0;
  std::uint8_t max_links = 0;
  std::uint16_t feature_mask = 0;
  std::uint32_t vendor_options = 0;  // Anolis option word (FCE bytes 40-43), upstream 0
  bool operator==(const FirstContactExt&) const = default;
};

// Accept and Confirm share a layout (wire-format.md §2.3/§2.4).
struct AcceptConfirmContent {
  std::uint8_t version = 1;
  std::uint8_t type_code = 0;  // 0 SMC-R, 1 SMC-D; a crafted peer may send 2/3
  bool first_contact = false;
  // SMC-R
  SystemId peer_id{};
  IpAddress gid;
  MacAddress mac{};
  std::uint32_t qpn = 0;
  std::uint32_t rkey = 0;
  std::uint32_t token = 0;
  std::uint8_t size_mtu = 0;
  std::uint64_t rmb_addr = 0;
  std::uint32_t psn = 0;
  // SMC-D
  std::uint64_t ism_gid = 0;
  std::uint64_t dmb_token = 0;
  std::uint16_t chid = 0;
  // v2
  std::string eid;
  std::optional<FirstContactExt> fce;
  std::vector<IpAddress> gid_list;  // SMC-Rv2 Confirm with first contact
  bool operator==(const AcceptConfirmContent&) const = default;
};

struct DeclineContent {
  std::uint8_t version = 1;
  DeclineCode code{};  // raw peer_diagnosis: may be a value DeclineCode does not name
  bool out_of_sync = false;
  SystemId peer_id{};
  std::uint8_t os_type = 0;
  bool operator==(const DeclineContent&) const = default;
};

enum class PathKind : std::uint8_t { SmcRv1, SmcRv2, SmcDv1, SmcDv2 };
const char* to_string(PathKind k);
constexpr bool is_smcd(PathKind k) { return k == PathKind::SmcDv1 || k == PathKind::SmcDv2; }
constexpr bool is_v2(PathKind k) { return k == PathKind::SmcRv2 || k == PathKind::SmcDv2; }

// What both sides agree on once the CLC part is done: handed to the link layer.
struct NegotiatedPath {
  PathKind kind = PathKind::SmcRv1;
  std::string device;
  std::uint8_t port = 1;
  IpAddress local_gid;
  IpAddress peer_gid;
  std::uint64_t local_ism_gid = 0;
  std::uint64_t peer_ism_gid = 0;
  std::uint16_t chid = 0;
  bool first_contact = true;
  bool v2_direct = true;
  std::uint8_t release = 0;
  std::uint8_t max_conns = 255;
  std::uint8_t max_links = 2;
  std::uint16_t feature_mask = 0;
  std::uint32_t vendor_options = 0;  // Anolis: the option word the Accept carried
  std::string eid;
  bool operator==(const NegotiatedPath&) const = default;
};

}  // namespace smc::negotiation
