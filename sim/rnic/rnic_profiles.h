#pragma once
// Attribute sets of the RDMA devices SMC meets, so scenarios say "an rxe device on eth0"
// rather than spelling out every limit. Values follow what the drivers report through
// ibv_devinfo -v (limits rounded to what matters for SMC).
#include <string>

#include "protocol/ports/rnic.h"

namespace smc::sim {

struct RnicNetdev {  // one Ethernet netdev a port is bound to, with the addresses SMC uses
  std::string name = "eth0";
  ports::MacAddress mac{};
  std::vector<std::string> ipv4;  // dotted quads; each gives a RoCEv2 GID (::ffff:a.b.c.d)
  std::vector<std::string> ipv6;  // full-form or :: shorthand; each gives a RoCEv2 GID
  std::optional<std::uint16_t> vlan_id;
  std::string pnetid;
};

// A device of `type` called `name` with one port on `netdev`. GID table as the kernel
// builds it: RoCEv1 + RoCEv2 for each address (v2 only on rxe/eRDMA), the link-local
// GID from the MAC first.
ports::RnicAttributes make_rnic_attributes(ports::RnicType type, std::string name, const RnicNetdev& netdev);

// GID from an IPv4 address: ::ffff:a.b.c.d. Returns false for a malformed address.
bool gid_from_ipv4(const std::string& dotted, ports::Gid& out);
bool gid_from_ipv6(const std::string& text, ports::Gid& out);
// fe80::/64 with the modified EUI-64 of the MAC (the default RoCE GID at index 0).
ports::Gid link_local_gid(const ports::MacAddress& mac);

// Append the GIDs for `netdev` to `port` (used for a second VLAN netdev on a port).
void add_netdev_gids(ports::PortAttributes& port, const RnicNetdev& netdev, bool roce_v2_only);

}  // namespace smc::sim
