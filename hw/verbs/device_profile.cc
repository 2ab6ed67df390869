#include "hw/verbs/device_profile.h"

#include <cstdio>

namespace smc::hw {

using namespace ports;

RnicType classify_device(const DeviceIdentity& id) {
  if (id.vendor_id == kErdmaVendorId && id.vendor_part_id == kErdmaPartId) return RnicType::Erdma;
  if (id.vendor_id == kRxeVendorId) return RnicType::Rxe;
  // rxe's ids are not guaranteed across kernels; its device names are what `rdma link add` made.
  if (id.name.rfind("rxe", 0) == 0) return RnicType::Rxe;
  if (id.name.rfind("erdma", 0) == 0) return RnicType::Erdma;
  if (id.vendor_id == kMellanoxVendorId && id.s390) return RnicType::RoceExpress;
  return RnicType::Mlx5;  // any other hardware RoCE device: full RoCEv1+v2, IPv6
}

RnicCapabilities type_capabilities(RnicType type) {
  RnicCapabilities c;
  switch (type) {
    case RnicType::Rxe: c.roce_v2_only = true; break;
    case RnicType::Erdma:
      c.roce_v2_only = true;
      c.ipv6 = false;
      c.iwarp_rendezvous = true;
      break;
    case RnicType::RoceExpress:
    case RnicType::Mlx5: break;
  }
  return c;
}

ReservedPortRange reserved_oob_ports(RnicType type, std::optional<std::uint16_t> module_base) {
  if (type != RnicType::Erdma) return {};
  ReservedPortRange r = kErdmaDefaultOobPorts;
  if (module_base && *module_base <= 65535 - (r.count - 1)) r.first = *module_base;
  return r;
}

namespace {
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t' || s.back() == '\0')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<GidType> parse_gid_type(std::string_view text) {
  text = trim(text);
  if (text == "RoCE v2") return GidType::RoceV2;
  if (text == "IB/RoCE v1" || text == "RoCE v1") return GidType::RoceV1;
  return std::nullopt;
}

std::optional<MacAddress> parse_mac(std::string_view text) {
  text = trim(text);
  if (text.size() != 17) return std::nullopt;
  MacAddress mac{};
  for (std::size_t i = 0; i < 6; ++i) {
    const int hi = hex_digit(text[i * 3]), lo = hex_digit(text[i * 3 + 1]);
    if (hi < 0 || lo < 0 || (i < 5 && text[i * 3 + 2] != ':')) return std::nullopt;
    mac[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return mac;
}

std::optional<std::uint16_t> parse_vlan_id(std::string_view text) {
  const auto pos = text.find("VID:");
  if (pos == std::string_view::npos) return std::nullopt;
  std::size_t i = pos + 4;
  while (i < text.size() && text[i] == ' ') ++i;
  unsigned v = 0;
  std::size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 5; ++i, ++digits) v = v * 10 + unsigned(text[i] - '0');
  if (digits == 0 || v > 4095) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

NetnsMode parse_netns_mode(std::string_view text) {
  text = trim(text);
  return text == "N" || text == "0" ? NetnsMode::Exclusive : NetnsMode::Shared;
}

std::optional<std::string> read_small_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "re");
  if (!f) return std::nullopt;
  std::string out;
  char buf[512];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && out.size() < 65536) out.append(buf, n);
  std::fclose(f);
  return out;
}

}  // namespace smc::hw
