#pragma once
// Addresses in the protocol's vocabulary: IPv4 and IPv6 (with IPv4-mapped IPv6, which an
// AF_INET6 socket uses to reach an IPv4 peer), prefixes with their length, and MAC
// addresses. Plain values: comparable, ordered (so they key ordered maps deterministically)
// and printable the way `ip addr` prints them.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace smc::ports {

enum class IpFamily : std::uint8_t { V4 = 4, V6 = 6 };

class IpAddress {
 public:
  IpAddress() = default;  // 0.0.0.0
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
  static IpAddress v6(const std::array<std::uint8_t, 16>& bytes);
  // "10.0.0.1", "fe80::1", "::ffff:10.0.0.2"; nullopt when malformed.
  static std::optional<IpAddress> parse(std::string_view text);

  IpFamily family() const { return family_; }
  bool is_v4() const { return family_ == IpFamily::V4; }
  bool is_v6() const { return family_ == IpFamily::V6; }
  // ::ffff:a.b.c.d: an IPv6 socket's view of an IPv4 peer; on the wire it is IPv4.
  bool is_v4_mapped() const;
  bool is_link_local() const;  // fe80::/10 or 169.254/16
  bool is_loopback() const;    // 127/8 or ::1
  bool is_unspecified() const; // 0.0.0.0 or ::
  // The address as it travels: a v4-mapped IPv6 address becomes IPv4, anything else is itself.
  IpAddress unmapped() const;
  // ::ffff:a.b.c.d for an IPv4 address; an IPv6 address is returned unchanged.
  IpAddress mapped_v6() const;

  std::uint32_t v4_value() const;  // host order; meaningful only for IPv4
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }  // v4 in bytes_[0..3]
  std::string to_string() const;

  auto operator<=>(const IpAddress&) const = default;

 private:
  IpFamily family_ = IpFamily::V4;
  std::array<std::uint8_t, 16> bytes_{};
};

// An address with its prefix length: "10.0.0.1/24". Used both for an interface address
// (the host bits matter) and for a route's destination (they do not).
struct IpPrefix {
  IpAddress address;
  std::uint8_t length = 0;

  static std::optional<IpPrefix> parse(std::string_view text);  // "10.0.0.0/24"
  // The network part only: 10.0.0.1/24 -> 10.0.0.0/24.
  IpPrefix network() const;
  // True when addr (unmapped) is of the same family and inside this prefix.
  bool contains(const IpAddress& addr) const;
  std::string to_string() const;
  auto operator<=>(const IpPrefix&) const = default;
};

// The same alias as in rnic.h (an identical alias declaration may be repeated), so a GID
// table entry's MAC and a net device's MAC are one type.
using MacAddress = std::array<std::uint8_t, 6>;
MacAddress mac_from_u64(std::uint64_t v);  // the low 48 bits, most significant first
std::string mac_to_string(const MacAddress& mac);  // "02:00:00:00:00:01"

}  // namespace smc::ports
