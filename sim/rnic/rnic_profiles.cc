#include "sim/rnic/rnic_profiles.h"

#include <arpa/inet.h>

#include <cstring>

namespace smc::sim {

using namespace ports;

bool gid_from_ipv4(const std::string& dotted, Gid& out) {
  std::uint8_t v4[4];
  if (inet_pton(AF_INET, dotted.c_str(), v4) != 1) return false;
  out = Gid{};
  out[10] = 0xff;
  out[11] = 0xff;
  std::memcpy(out.data() + 12, v4, 4);
  return true;
}

bool gid_from_ipv6(const std::string& text, Gid& out) {
  Gid g{};
  if (inet_pton(AF_INET6, text.c_str(), g.data()) != 1) return false;
  out = g;
  return true;
}

Gid link_local_gid(const MacAddress& mac) {
  Gid g{};
  g[0] = 0xfe;
  g[1] = 0x80;
  g[8] = mac[0] ^ 0x02;
  g[9] = mac[1];
  g[10] = mac[2];
  g[11] = 0xff;
  g[12] = 0xfe;
  g[13] = mac[3];
  g[14] = mac[4];
  g[15] = mac[5];
  return g;
}

void add_netdev_gids(PortAttributes& port, const RnicNetdev& netdev, bool roce_v2_only) {
  auto add = [&](const Gid& gid) {
    for (GidType type : {GidType::RoceV1, GidType::RoceV2}) {
      if (type == GidType::RoceV1 && roce_v2_only) continue;
      GidEntry e;
      e.index = static_cast<std::uint32_t>(port.gids.size());
      e.gid = gid;
      e.type = type;
      e.netdev = netdev.name;
      e.vlan_id = netdev.vlan_id;
      port.gids.push_back(std::move(e));
    }
  };
  add(link_local_gid(netdev.mac));
  Gid g{};
  for (const auto& a : netdev.ipv4)
    if (gid_from_ipv4(a, g)) add(g);
  for (const auto& a : netdev.ipv6)
    if (gid_from_ipv6(a, g)) add(g);
}

RnicAttributes make_rnic_attributes(RnicType type, std::string name, const RnicNetdev& netdev) {
  RnicAttributes a;
  a.name = std::move(name);
  a.type = type;
  PortAttributes port;
  port.port_num = 1;
  port.state = PortState::Active;
  port.mac = netdev.mac;
  port.netdev = netdev.name;
  port.pnetid = netdev.pnetid;
  switch (type) {
    case RnicType::Erdma:
      a.vendor_id = 0x1ded;
      a.vendor_part_id = 0x107f;
      a.caps.roce_v2_only = true;
      a.caps.ipv6 = false;
      a.caps.iwarp_rendezvous = true;
      a.limits = {.max_pd = 65536, .max_qp = 8192, .max_qp_wr = 4096, .max_sge = 6, .max_cq = 16384,
                  .max_cqe = 1u << 20, .max_mr = 65536, .max_mr_size = std::uint64_t{1} << 32};
      port.active_mtu = PathMtu::Mtu1024;
      port.max_mtu = PathMtu::Mtu4096;
      break;
    case RnicType::RoceExpress:
      a.vendor_id = 0x15b3;
      a.vendor_part_id = 0x1016;  // ConnectX-4 Lx VF, as in RoCE Express2
      a.limits = {.max_pd = 16777216, .max_qp = 262144, .max_qp_wr = 32768, .max_sge = 30, .max_cq = 16777216,
                  .max_cqe = 4194303, .max_mr = 16777216, .max_mr_size = ~std::uint64_t{0}};
      port.active_mtu = PathMtu::Mtu1024;
      port.max_mtu = PathMtu::Mtu4096;
      break;
    case RnicType::Mlx5:
      a.vendor_id = 0x15b3;
      a.vendor_part_id = 0x1017;  // ConnectX-5
      a.limits = {.max_pd = 16777216, .max_qp = 262144, .max_qp_wr = 32768, .max_sge = 30, .max_cq = 16777216,
                  .max_cqe = 4194303, .max_mr = 16777216, .max_mr_size = ~std::uint64_t{0}};
      port.active_mtu = PathMtu::Mtu1024;
      port.max_mtu = PathMtu::Mtu4096;
      break;
    case RnicType::Rxe:
      a.vendor_id = 0xffffff;
      a.vendor_part_id = 0;
      a.caps.roce_v2_only = true;
      a.limits = {.max_pd = 65536, .max_qp = 65536, .max_qp_wr = 1048576, .max_sge = 32, .max_cq = 16384,
                  .max_cqe = 32767, .max_mr = 262144, .max_mr_size = ~std::uint64_t{0}};
      port.active_mtu = PathMtu::Mtu1024;  // rxe: netdev MTU 1500 -> IB MTU 1024
      port.max_mtu = PathMtu::Mtu4096;
      break;
  }
  add_netdev_gids(port, netdev, a.caps.roce_v2_only);
  a.ports.push_back(std::move(port));
  return a;
}

}  // namespace smc::sim
