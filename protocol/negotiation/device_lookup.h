#pragma once
// Finding an RDMA port or ISM device for a connection: the rules both sides share
// (fallback-causes.md §5 0x03030000 C-a..C-f, 0x03030002 R-a..R-d). A port fits when
//  * its device is not being removed and is visible from the socket's netns (exclusive mode);
//  * it maps to the egress netdev: same pnetid if the netdev chain has one, else the port's
//    netdev is the chain's base device;
//  * it is active;
//  * it has a GID for the path: RoCEv1 on the connection's VLAN (v1), or a RoCEv2 IPv4 GID on
//    a netdev holding an address in the subnet of the local address (v2), and, when the peer's
//    RoCE address is known (server), an IPv4 route to it.
#include <optional>
#include <string>
#include <vector>

#include "protocol/negotiation/host_snapshot.h"

namespace smc::negotiation {

struct RdmaChoice {
  std::string device;
  std::uint8_t port = 1;
  IpAddress gid;
  MacAddress mac{};
  bool uses_gateway = false;  // v2 with a known peer address: route goes through a gateway
  bool operator==(const RdmaChoice&) const = default;
};

struct RdmaQuery {
  std::string egress;          // egress netdev of the TCP connection
  std::uint16_t vlan = 0;      // the connection's VLAN (v1 GID choice)
  bool v2 = false;
  IpAddress local;             // v2: the socket's local address
  std::optional<IpAddress> peer_roce;  // v2 server: the client's RoCE IPv4 address
  std::string netns = "init";
};

std::optional<RdmaChoice> find_rdma_port(const HostSnapshot& host, const RdmaQuery& q);

struct IsmChoice {
  std::string device;
  std::uint64_t gid = 0;
  std::uint16_t chid = 0;
  bool operator==(const IsmChoice&) const = default;
};

// ISM v1: a v1-capable device whose pnetid equals the egress chain's pnetid (none: no match).
std::optional<IsmChoice> find_ism_v1(const HostSnapshot& host, const std::string& egress);
// ISM v2 (client side): every v2-capable device not being removed whose pnetid is unset or
// carried by some netdev of the host; unique CHIDs; at most 8. `except` is the v1 device.
std::vector<IsmChoice> list_ism_v2(const HostSnapshot& host, const std::string& except = {});

}  // namespace smc::negotiation
