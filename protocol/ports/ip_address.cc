#include "protocol/ports/ip_address.h"

#include <charconv>
#include <cstdio>
#include <vector>

namespace smc::ports {
namespace {

std::optional<std::uint32_t> parse_v4(std::string_view s) {
  std::uint32_t v = 0;
  int parts = 0;
  while (parts < 4) {
    unsigned octet = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), octet);
    if (ec != std::errc{} || octet > 255 || p == s.data()) return std::nullopt;
    v = v << 8 | octet;
    ++parts;
    s.remove_prefix(static_cast<std::size_t>(p - s.data()));
    if (parts < 4) {
      if (s.empty() || s.front() != '.') return std::nullopt;
      s.remove_prefix(1);
    }
  }
  if (!s.empty()) return std::nullopt;
  return v;
}

std::optional<std::array<std::uint8_t, 16>> parse_v6(std::string_view s) {
  // Split on "::" at most once; each side is a list of 16-bit groups, the last group
  // of the whole address may be a dotted IPv4 address.
  std::vector<std::uint16_t> head, tail;
  bool has_gap = false;
  auto parse_groups = [](std::string_view part, std::vector<std::uint16_t>& out, bool allow_v4) -> bool {
    if (part.empty()) return true;
    while (true) {
      auto colon = part.find(':');
      std::string_view g = part.substr(0, colon);
      if (colon == std::string_view::npos && allow_v4 && g.find('.') != std::string_view::npos) {
        auto v4 = parse_v4(g);
        if (!v4) return false;
        out.push_back(static_cast<std::uint16_t>(*v4 >> 16));
        out.push_back(static_cast<std::uint16_t>(*v4));
        return true;
      }
      if (g.empty() || g.size() > 4) return false;
      unsigned v = 0;
      auto [p, ec] = std::from_chars(g.data(), g.data() + g.size(), v, 16);
      if (ec != std::errc{} || p != g.data() + g.size()) return false;
      out.push_back(static_cast<std::uint16_t>(v));
      if (colon == std::string_view::npos) return true;
      part.remove_prefix(colon + 1);
    }
  };
  auto gap = s.find("::");
  if (gap != std::string_view::npos) {
    has_gap = true;
    if (!parse_groups(s.substr(0, gap), head, false)) return std::nullopt;
    if (!parse_groups(s.substr(gap + 2), tail, true)) return std::nullopt;
  } else if (!parse_groups(s, head, true)) {
    return std::nullopt;
  }
  std::size_t n = head.size() + tail.size();
  if (n > 8 || (!has_gap && n != 8) || (has_gap && n == 8)) return std::nullopt;
  std::array<std::uint8_t, 16> b{};
  std::size_t i = 0;
  for (auto g : head) { b[i++] = static_cast<std::uint8_t>(g >> 8); b[i++] = static_cast<std::uint8_t>(g); }
  i = 16 - 2 * tail.size();
  for (auto g : tail) { b[i++] = static_cast<std::uint8_t>(g >> 8); b[i++] = static_cast<std::uint8_t>(g); }
  return b;
}

}  // namespace

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress a;
  a.family_ = IpFamily::V4;
  a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
  a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
  a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
  a.bytes_[3] = static_cast<std::uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return v4(static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
            static_cast<std::uint32_t>(c) << 8 | d);
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& bytes) {
  IpAddress a;
  a.family_ = IpFamily::V6;
  a.bytes_ = bytes;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) {
    auto b = parse_v6(text);
    if (!b) return std::nullopt;
    return v6(*b);
  }
  auto v = parse_v4(text);
  if (!v) return std::nullopt;
  return v4(*v);
}

bool IpAddress::is_v4_mapped() const {
  if (!is_v6()) return false;
  for (int i = 0; i < 10; ++i)
    if (bytes_[static_cast<std::size_t>(i)] != 0) return false;
  return bytes_[10] == 0xff && bytes_[11] == 0xff;
}

bool IpAddress::is_link_local() const {
  if (is_v4()) return bytes_[0] == 169 && bytes_[1] == 254;
  return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
}

bool IpAddress::is_loopback() const {
  if (is_v4()) return bytes_[0] == 127;
  for (int i = 0; i < 15; ++i)
    if (bytes_[static_cast<std::size_t>(i)] != 0) return false;
  return bytes_[15] == 1;
}

bool IpAddress::is_unspecified() const {
  std::size_t n = is_v4() ? 4 : 16;
  for (std::size_t i = 0; i < n; ++i)
    if (bytes_[i] != 0) return false;
  return true;
}

IpAddress IpAddress::unmapped() const {
  if (!is_v4_mapped()) return *this;
  return v4(bytes_[12], bytes_[13], bytes_[14], bytes_[15]);
}

IpAddress IpAddress::mapped_v6() const {
  if (is_v6()) return *this;
  std::array<std::uint8_t, 16> b{};
  b[10] = b[11] = 0xff;
  for (std::size_t i = 0; i < 4; ++i) b[12 + i] = bytes_[i];
  return v6(b);
}

std::uint32_t IpAddress::v4_value() const {
  return static_cast<std::uint32_t>(bytes_[0]) << 24 | static_cast<std::uint32_t>(bytes_[1]) << 16 |
         static_cast<std::uint32_t>(bytes_[2]) << 8 | bytes_[3];
}

std::string IpAddress::to_string() const {
  char buf[64];
  if (is_v4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
    return buf;
  }
  if (is_v4_mapped()) {
    std::snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", bytes_[12], bytes_[13], bytes_[14], bytes_[15]);
    return buf;
  }
  // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on a tie.
  std::uint16_t g[8];
  for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<std::uint16_t>(bytes_[2 * i] << 8 | bytes_[2 * i + 1]);
  int best = -1, best_len = 1;
  for (int i = 0; i < 8;) {
    if (g[i] != 0) { ++i; continue; }
    int j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) { best = i; best_len = j - i; }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
  auto slash = text.find('/');
  auto addr = IpAddress::parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  unsigned len = addr->is_v4() ? 32 : 128;
  if (slash != std::string_view::npos) {
    auto rest = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), len);
    if (ec != std::errc{} || p != rest.data() + rest.size()) return std::nullopt;
    if (len > (addr->is_v4() ? 32u : 128u)) return std::nullopt;
  }
  return IpPrefix{*addr, static_cast<std::uint8_t>(len)};
}

IpPrefix IpPrefix::network() const {
  auto b = address.bytes();
  std::size_t total = address.is_v4() ? 4 : 16;
  for (std::size_t i = 0; i < total; ++i) {
    int bits_left = static_cast<int>(length) - static_cast<int>(i) * 8;
    if (bits_left >= 8) continue;
    if (bits_left <= 0) { b[i] = 0; continue; }
    b[i] &= static_cast<std::uint8_t>(0xff << (8 - bits_left));
  }
  IpAddress net = address.is_v4() ? IpAddress::v4(b[0], b[1], b[2], b[3]) : IpAddress::v6(b);
  return IpPrefix{net, length};
}

bool IpPrefix::contains(const IpAddress& addr) const {
  // An IPv4 prefix also holds the v4-mapped form of its addresses (an AF_INET6 socket's
  // view); an IPv6 prefix compares the 128 bits as they are.
  IpAddress a = address.is_v4() ? addr.unmapped() : addr;
  if (a.family() != address.family()) return false;
  return IpPrefix{a, length}.network().address == network().address;
}

std::string IpPrefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

MacAddress mac_from_u64(std::uint64_t v) {
  MacAddress m{};
  for (std::size_t i = 0; i < 6; ++i) m[5 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return m;
}

std::string mac_to_string(const MacAddress& m) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
  return buf;
}

}  // namespace smc::ports
