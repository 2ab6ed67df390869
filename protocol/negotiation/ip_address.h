#pragma once
// Addresses as the device search compares them. IPv4 is held in its v4-mapped form
// (::ffff:a.b.c.d), which is also how a RoCEv2 IPv4 GID looks on the wire, so one type
// serves addresses, prefixes and GIDs.
#include <array>
#include <cstdint>
#include <string>

namespace smc::negotiation {

struct IpAddress {
  std::array<std::uint8_t, 16> bytes{};

  static IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v6(const std::array<std::uint8_t, 16>& b) { return IpAddress{b}; }
  // "10.0.0.1", "fe80::1" (full or :: shortened forms); an unparsable text gives ::.
  static IpAddress parse(const std::string& text);

  bool is_v4() const;  // v4-mapped
  bool is_zero() const;
  bool is_v6_link_local() const;  // fe80::/10
  std::uint32_t v4_value() const;  // host order; 0 unless is_v4()
  std::string to_string() const;

  bool operator==(const IpAddress&) const = default;
  auto operator<=>(const IpAddress&) const = default;
};

// Address with its host bits cleared. For IPv4 the length counts over the 32-bit address.
IpAddress mask_prefix(const IpAddress& a, std::uint8_t prefix_len);
bool same_prefix(const IpAddress& a, const IpAddress& b, std::uint8_t prefix_len);

}  // namespace smc::negotiation
