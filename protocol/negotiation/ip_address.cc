#include "protocol/negotiation/ip_address.h"

#include <cstdio>
#include <vector>

namespace smc::negotiation {

IpAddress IpAddress::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  IpAddress ip;
  ip.bytes[10] = 0xff;
  ip.bytes[11] = 0xff;
  ip.bytes[12] = a;
  ip.bytes[13] = b;
  ip.bytes[14] = c;
  ip.bytes[15] = d;
  return ip;
}

IpAddress IpAddress::v4(std::uint32_t v) {
  return v4(static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v));
}

namespace {
bool parse_v4(const std::string& t, IpAddress& out) {
  unsigned a, b, c, d;
  char tail;
  if (std::sscanf(t.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4) return false;
  if (a > 255 || b > 255 || c > 255 || d > 255) return false;
  out = IpAddress::v4(static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(c),
                      static_cast<std::uint8_t>(d));
  return true;
}

bool parse_groups(const std::string& t, std::vector<std::uint16_t>& g) {
  std::size_t i = 0;
  while (i < t.size()) {
    std::size_t j = t.find(':', i);
    std::string part = t.substr(i, j == std::string::npos ? std::string::npos : j - i);
    if (part.empty() || part.size() > 4) return false;
    unsigned v = 0;
    for (char ch : part) {
      int d = (ch >= '0' && ch <= '9') ? ch - '0' : (ch >= 'a' && ch <= 'f') ? ch - 'a' + 10
              : (ch >= 'A' && ch <= 'F') ? ch - 'A' + 10 : -1;
      if (d < 0) return false;
      v = v * 16 + static_cast<unsigned>(d);
    }
    g.push_back(static_cast<std::uint16_t>(v));
    if (j == std::string::npos) break;
    i = j + 1;
  }
  return true;
}
}  // namespace

IpAddress IpAddress::parse(const std::string& text) {
  IpAddress ip;
  if (parse_v4(text, ip)) return ip;
  // v4-mapped written as ::ffff:a.b.c.d
  if (text.rfind("::ffff:", 0) == 0 && parse_v4(text.substr(7), ip)) return ip;
  std::vector<std::uint16_t> head, tail;
  std::size_t dc = text.find("::");
  bool ok = dc == std::string::npos ? parse_groups(text, head)
                                    : parse_groups(text.substr(0, dc), head) && parse_groups(text.substr(dc + 2), tail);
  if (!ok || head.size() + tail.size() > 8 || (dc == std::string::npos && head.size() != 8)) return IpAddress{};
  std::vector<std::uint16_t> all = head;
  all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  for (int k = 0; k < 8; ++k) {
    ip.bytes[2 * k] = static_cast<std::uint8_t>(all[k] >> 8);
    ip.bytes[2 * k + 1] = static_cast<std::uint8_t>(all[k]);
  }
  return ip;
}

bool IpAddress::is_v4() const {
  for (int i = 0; i < 10; ++i)
    if (bytes[i]) return false;
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

bool IpAddress::is_zero() const {
  for (auto b : bytes)
    if (b) return false;
  return true;
}

bool IpAddress::is_v6_link_local() const { return bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80; }

std::uint32_t IpAddress::v4_value() const {
  if (!is_v4()) return 0;
  return static_cast<std::uint32_t>(bytes[12]) << 24 | static_cast<std::uint32_t>(bytes[13]) << 16 |
         static_cast<std::uint32_t>(bytes[14]) << 8 | bytes[15];
}

std::string IpAddress::to_string() const {
  char buf[64];
  if (is_v4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[12], bytes[13], bytes[14], bytes[15]);
    return buf;
  }
  std::string s;
  for (int k = 0; k < 8; ++k) {
    std::snprintf(buf, sizeof buf, "%s%x", k ? ":" : "", bytes[2 * k] << 8 | bytes[2 * k + 1]);
    s += buf;
  }
  return s;
}

IpAddress mask_prefix(const IpAddress& a, std::uint8_t prefix_len) {
  unsigned bits = a.is_v4() ? 96u + prefix_len : prefix_len;
  if (bits > 128) bits = 128;
  IpAddress out = a;
  for (unsigned i = 0; i < 16; ++i) {
    unsigned keep = bits > i * 8 ? bits - i * 8 : 0;
    if (keep >= 8) continue;
    out.bytes[i] = static_cast<std::uint8_t>(out.bytes[i] & (0xff00u >> keep));
  }
  return out;
}

bool same_prefix(const IpAddress& a, const IpAddress& b, std::uint8_t prefix_len) {
  if (a.is_v4() != b.is_v4()) return false;
  return mask_prefix(a, prefix_len) == mask_prefix(b, prefix_len);
}

}  // namespace smc::negotiation
