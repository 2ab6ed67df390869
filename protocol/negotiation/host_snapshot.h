#pragma once
// A value snapshot of one host as the handshake decisions see it: netdevs with addresses,
// VLAN and pnetid, routes, RDMA and ISM devices, UEIDs/SEID and the SMC sysctls. The
// decisions in this folder are pure functions of (snapshot, connection, profile, message),
// so every rule of fallback-causes.md can be tested exhaustively. A host backend
// (protocol/ports/host_config.h, rnic.h, ism.h) fills one of these per decision.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ports/ip_address.h"

namespace smc::negotiation {

using SystemId = std::array<std::uint8_t, 8>;
using ports::IpAddress;
using ports::IpPrefix;
using ports::MacAddress;

struct InterfaceAddress {
  IpAddress address;
  std::uint8_t prefix_len = 24;
};

struct NetDevice {
  std::string name;
  std::vector<InterfaceAddress> addresses;  // first IPv4 = the device's primary address
  std::string lower;                        // VLAN/bond: the device below it; empty for a base device
  std::uint16_t vlan_id = 0;                // non-zero on a VLAN device
  std::string pnetid;                       // from the pnet table or firmware; empty = none
  std::string netns = "init";
};

struct Route {
  IpAddress destination;
  std::uint8_t prefix_len = 32;
  std::optional<IpAddress> gateway;  // absent: on-link
  bool gateway_is_v6 = false;        // an IPv6 next hop for an IPv4 route (SMC-Rv2 cannot use it)
  bool unreachable = false;
  std::string device;
};

enum class GidType : std::uint8_t { RoceV1, RoceV2 };

struct GidEntry {
  GidType type = GidType::RoceV2;
  IpAddress gid;       // RoCEv2 IPv4: a.b.c.d (the v4-mapped form is accepted too); RoCEv1: fe80::...
  std::string netdev;  // the netdev (possibly a VLAN device) the GID belongs to
};

struct RdmaPort {
  std::uint8_t number = 1;
  bool active = true;
  std::string netdev;  // the port's associated (base) netdev
  std::string pnetid;
  MacAddress mac{};
  std::vector<GidEntry> gids;
};

struct RdmaDevice {
  std::string name;
  std::vector<RdmaPort> ports;
  std::string netns = "init";  // only consulted in exclusive RDMA netns mode
  bool being_removed = false;
};

struct IsmDevice {
  std::string name;
  std::uint64_t gid = 0;
  std::uint16_t chid = 0;
  bool v2_capable = false;
  bool loopback = false;      // loopback-ism: v2 only, CHID 0xFFFF, reaches only its own host
  std::string pnetid;
  // Peer ISM GIDs this device can talk to (the kernel's "can talk" query, filled by the world;
  // loopback-ism: only GIDs of its own host).
  std::vector<std::uint64_t> reachable_gids;
  bool being_removed = false;
  bool vlan_table_full = false;  // VLAN registration fails (0x03090000 on setup)
};

// A link group this host already has (for first-contact vs reuse decisions).
struct LinkGroupSnapshot {
  bool server_role = true;
  bool smcd = false;
  bool v2 = false;
  SystemId peer_system_id{};
  IpAddress peer_gid;             // SMC-R: the peer's GID on the link
  std::uint64_t peer_ism_gid = 0;  // SMC-D
  std::uint32_t peer_qpn = 0;      // SMC-R: the peer's QP number on the link
  std::uint16_t vlan = 0;
  unsigned conns = 0;
  unsigned max_conns = 255;
  bool has_usable_link = true;  // an active, symmetric link (0x030a0000 otherwise)
};

struct SmcSysctls {
  std::uint8_t max_conns_per_lgr = 255;  // range 16..255
  std::uint8_t max_links_per_lgr = 2;    // range 1..2
  bool limit_smc_hs = false;
  // Anolis vendor_exp_options / experiment_vendor_options (fallback-causes §5 0x0303000c):
  // nullopt = the kernel profile's default (all bits). The value is a mask over the option
  // word's credits / RDMA-write-with-immediate bits [unverified: the exact bit mapping].
  std::optional<std::uint32_t> vendor_options;
  // The value the host reads when it checks the peer's later message (client: the Accept,
  // server: the Confirm) when the sysctl was changed after the host built its own message
  // (the `sysctl-change` fault); nullopt = unchanged.
  std::optional<std::uint32_t> vendor_options_at_check;
};

struct HostSnapshot {
  std::string host_id;
  SystemId system_id{};
  std::string hostname;
  bool smc_module_loaded = true;
  std::vector<NetDevice> netdevs;
  std::vector<Route> routes;  // explicit routes; connected routes come from the addresses
  std::vector<RdmaDevice> rdma;
  std::vector<IsmDevice> ism;
  bool rdma_netns_exclusive = false;
  std::vector<std::string> ueids;  // at most 4
  bool seid_enabled = false;       // s390 only upstream
  std::string seid;
  SmcSysctls sysctls;
  std::vector<LinkGroupSnapshot> link_groups;
  // System-wide xfrm (IPsec) policies (`ip xfrm policy`). SMC never looks at them: only a
  // per-socket policy declines 0x03020000 (fallback-causes §5 0x03020000, §12 row 22), so
  // the RDMA data then bypasses IPsec. Kept so a scenario can say so and a test can prove it.
  bool ipsec_global_policy = false;

  const NetDevice* netdev(const std::string& name) const;
  bool has_v2_ism() const;  // any v2-capable ISM, loopback-ism counts (decline version, §3.2)
};

enum class SocketFamily : std::uint8_t { Inet, Inet6 };

// One connection as seen from one side.
struct ConnectionContext {
  SocketFamily family = SocketFamily::Inet;
  IpAddress local;  // source address of the TCP connection
  IpAddress peer;
  std::string netns = "init";
  bool ipsec_policy = false;        // per-socket XFRM policy (client socket or inherited from the listener)
  bool vlan_lookup_fails = false;   // fault: no cached route / no device at lookup time
};

struct RouteResult {
  bool found = false;
  bool via_gateway = false;
  bool gateway_is_v6 = false;
  std::string device;
};

// Longest-prefix match over explicit routes and the connected subnets of the host's
// addresses; on equal length an explicit route wins (an "unreachable" host route beats
// nothing, a /32 beats the /24 it sits in).
RouteResult lookup_route(const HostSnapshot& host, const IpAddress& destination);

// The device at the bottom of a VLAN/bond chain, the first pnetid found walking down, and
// the VLAN id of the chain (0 for a plain device).
const NetDevice* base_netdev(const HostSnapshot& host, const std::string& name);
std::string effective_pnetid(const HostSnapshot& host, const std::string& name);
std::uint16_t chain_vlan(const HostSnapshot& host, const std::string& name);

// Does a netdev carry an address whose subnet contains addr?
bool netdev_has_subnet_of(const NetDevice& dev, const IpAddress& addr);

}  // namespace smc::negotiation
