#pragma once
// Link and network addresses as the frame builders and the capture reader use them.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smc::pcap {

using MacAddress = std::array<std::uint8_t, 6>;
std::string to_string(const MacAddress& mac);  // "d6:72:41:86:3a:62"

// An IPv4 or IPv6 address. IPv4 is kept in its own 4 bytes (not IPv4-mapped) so that the
// builder knows which IP header to write.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4: first 4 bytes

  static IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
  static IpAddress v4(std::array<std::uint8_t, 4> a);
  static IpAddress v6_from(const std::array<std::uint8_t, 16>& a);
  // "10.0.0.1" or "fe80::1" (standard text forms); nullopt if neither.
  static std::optional<IpAddress> parse(std::string_view text);

  std::size_t size() const { return v6 ? 16 : 4; }
  std::string to_string() const;
  auto operator<=>(const IpAddress&) const = default;
};

// One end of a TCP or UDP conversation.
struct Endpoint {
  IpAddress ip;
  std::uint16_t port = 0;
  std::string to_string() const;  // "10.0.0.1:43472" / "[fe80::1]:43472"
  auto operator<=>(const Endpoint&) const = default;
};

}  // namespace smc::pcap
