#include "hw/engine/device_host.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace smc::hw {

namespace {

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// A GID as the negotiation spells it: RoCEv2 GIDs of IPv4 addresses are ::ffff:a.b.c.d in
// the table and a.b.c.d in the snapshot (host_snapshot.h GidEntry).
ports::IpAddress address_of(const ports::Gid& gid) {
  ports::IpAddress a = ports::IpAddress::v6(gid);
  if (a.is_v4_mapped()) return ports::IpAddress::v4(gid[12], gid[13], gid[14], gid[15]);
  return a;
}

std::uint8_t prefix_of(const sockaddr* mask) {
  if (!mask) return 0;
  int bits = 0;
  if (mask->sa_family == AF_INET) {
    std::uint32_t m = 0;
    std::memcpy(&m, &reinterpret_cast<const sockaddr_in*>(mask)->sin_addr, 4);
    bits = std::popcount(m);
  } else if (mask->sa_family == AF_INET6) {
    const auto* b = reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr.s6_addr;
    for (int i = 0; i < 16; ++i) bits += std::popcount(static_cast<unsigned>(b[i]));
  }
  return static_cast<std::uint8_t>(bits);
}

}  // namespace

std::vector<std::string> netdevs_of(const ports::RnicAttributes& device) {
  std::vector<std::string> out;
  for (const auto& p : device.ports) {
    add_unique(out, p.netdev);
    for (const auto& g : p.gids) add_unique(out, g.netdev);
  }
  return out;
}

negotiation::HostSnapshot snapshot_of(const ports::RnicAttributes& device, const std::vector<NetdevAddresses>& netdevs,
                                      const DeviceHostSpec& spec) {
  negotiation::HostSnapshot h;
  h.host_id = spec.host_id;
  h.hostname = spec.host_id;
  // A locally administered-looking system ID; only "the two ends differ" matters here.
  h.system_id = {0x02, 0x52, 0x58, 0x45, 0, 0, 0, spec.system_id_tag};
  h.ueids = spec.ueids;
  h.sysctls.max_links_per_lgr = spec.max_links_per_lgr;
  for (const auto& name : netdevs_of(device)) {
    negotiation::NetDevice nd;
    nd.name = name;
    for (const auto& n : netdevs)
      if (n.netdev == name) nd.addresses = n.addresses;
    h.netdevs.push_back(std::move(nd));
  }
  negotiation::RdmaDevice d;
  d.name = device.name;
  d.netns = device.netns;
  for (const auto& p : device.ports) {
    negotiation::RdmaPort port;
    port.number = p.port_num;
    port.active = p.state == ports::PortState::Active;
    port.netdev = p.netdev;
    port.pnetid = p.pnetid;
    port.mac = p.mac;
    for (const auto& g : p.gids) {
      negotiation::GidEntry e;
      e.type = g.type == ports::GidType::RoceV1 ? negotiation::GidType::RoceV1 : negotiation::GidType::RoceV2;
      e.gid = address_of(g.gid);
      e.netdev = g.netdev.empty() ? p.netdev : g.netdev;
      port.gids.push_back(std::move(e));
    }
    d.ports.push_back(std::move(port));
  }
  h.rdma.push_back(std::move(d));
  h.rdma_netns_exclusive = device.netns_mode == ports::NetnsMode::Exclusive;
  return h;
}

NetdevAddresses netdev_addresses(const std::string& netdev) {
  NetdevAddresses out;
  out.netdev = netdev;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || !i->ifa_name || netdev != i->ifa_name) continue;
    negotiation::InterfaceAddress a;
    if (i->ifa_addr->sa_family == AF_INET) {
      std::uint32_t v = 0;
      std::memcpy(&v, &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr, 4);
      a.address = ports::IpAddress::v4(ntohl(v));
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      std::array<std::uint8_t, 16> b{};
      std::memcpy(b.data(), reinterpret_cast<const sockaddr_in6*>(i->ifa_addr)->sin6_addr.s6_addr, 16);
      a.address = ports::IpAddress::v6(b);
    } else {
      continue;
    }
    a.prefix_len = prefix_of(i->ifa_netmask);
    out.addresses.push_back(a);
  }
  ::freeifaddrs(list);
  return out;
}

std::optional<ports::IpAddress> first_ipv4(const negotiation::HostSnapshot& host, const std::string& netdev) {
  if (const auto* nd = host.netdev(netdev))
    for (const auto& a : nd->addresses)
      if (a.address.is_v4()) return a.address;
  return std::nullopt;
}

}  // namespace smc::hw
