#pragma once
// The Proposal's IP prefix area (wire-format.md §2.2): the client's IPv4 subnet and up to
// eight IPv6 prefixes, used by the server only for the v1 paths.
#include <array>
#include <cstdint>
#include <vector>

namespace smc::clc {

inline constexpr std::size_t kIpPrefixAreaFixedLength = 8;
inline constexpr std::size_t kIpv6PrefixEntryLength = 17;
inline constexpr std::size_t kMaxIpv6Prefixes = 8;  // Linux receiver refuses more

struct Ipv6Prefix {
  std::array<std::uint8_t, 16> prefix{};  // host bits zero
  std::uint8_t prefix_len = 0;
  bool operator==(const Ipv6Prefix&) const = default;
};

struct IpPrefixArea {
  std::uint32_t ipv4_subnet = 0;  // address & mask, host order value of the BE field; 0 for IPv6
  std::uint8_t ipv4_prefix_len = 0;
  std::vector<Ipv6Prefix> ipv6_prefixes;  // count byte = size()

  std::size_t wire_length() const { return kIpPrefixAreaFixedLength + kIpv6PrefixEntryLength * ipv6_prefixes.size(); }
  bool operator==(const IpPrefixArea&) const = default;
};

}  // namespace smc::clc
