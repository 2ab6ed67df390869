#pragma once
// What the SMC engine may ask about the host it runs on: the network namespace's
// interfaces and routes (device search, prefix checks, SMC-Rv2 next-hop rules), sysctls,
// the UEID table, the SEID, the pnet table and whether the SMC module is loaded. Read-only:
// the engine never configures the host. Implemented by sim/net (a simulated netns) and hw/
// (netlink and /proc on a real one).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/common/result.h"
#include "protocol/ports/ip_address.h"

namespace smc::ports {

// A net device as `ip link` / `ip addr` show it.
struct NetInterface {
  std::string name;      // "eth0", "eth0.100"
  int ifindex = 0;       // > 0, unique within the namespace
  MacAddress mac{};
  std::uint32_t mtu = 1500;  // 9000 for jumbo frames
  bool up = true;
  // Each address with its prefix length, in the order they were added: the first address
  // of a family is the primary one (an SMC-R GID is derived from it, not from a secondary).
  std::vector<IpPrefix> addresses;
  std::optional<std::uint16_t> vlan_id;  // set on a VLAN sub-interface
  std::string lower_device;              // the device under a VLAN (or bond member's master); empty if none
  std::string pnetid;                    // empty when the device has none
};

enum class RouteType : std::uint8_t { Unicast, Unreachable, Blackhole, Local };

struct Route {
  IpPrefix destination;                 // 0.0.0.0/0 for a default route
  std::optional<IpAddress> gateway;     // absent: the destination is on-link
  std::string interface;                // outgoing device
  std::optional<IpAddress> preferred_source;
  std::uint32_t metric = 0;
  RouteType type = RouteType::Unicast;
};

// The answer of a route lookup ("ip route get"): longest prefix wins, then lowest metric,
// then the route added first.
struct RouteLookup {
  std::string interface;
  bool direct = true;   // on-link: next_hop is the destination itself
  IpAddress next_hop;   // the gateway when !direct
  IpAddress source;     // the source address the kernel would pick
  RouteType type = RouteType::Unicast;
};

enum class RouteError : std::uint8_t {
  NoRoute,          // ENETUNREACH
  Unreachable,      // an "unreachable" route matched: EHOSTUNREACH
  Blackhole,        // EINVAL on a real kernel; the packet is dropped
  NoSourceAddress,  // the outgoing device has no address of the family
};
const char* to_string(RouteError e);

// Sysctl values: numbers and strings, as /proc/sys holds them.
using SysctlValue = std::variant<std::int64_t, std::string>;

struct PnetEntry {
  std::string pnetid;
  std::string net_device;  // set for a netdev entry
  std::string ib_device;   // set for an RDMA or ISM device entry
  std::uint8_t ib_port = 0;
};

class HostConfig {
 public:
  virtual ~HostConfig() = default;

  virtual std::string host_name() const = 0;
  virtual std::string netns() const = 0;  // "init" for the initial namespace

  // Interfaces of this namespace in ifindex order.
  virtual std::vector<NetInterface> interfaces() const = 0;
  virtual std::optional<NetInterface> interface(const std::string& name) const = 0;
  virtual std::vector<Route> routes() const = 0;
  virtual Result<RouteLookup, RouteError> route_lookup(const IpAddress& destination) const = 0;

  // "net.smc.limit_smc_hs", "net.ipv4.tcp_syncookies" ...; nullopt when the key does not
  // exist (as when the module that owns it is not loaded).
  virtual std::optional<SysctlValue> sysctl(const std::string& key) const = 0;

  // The UEID table (at most 4 entries of up to 32 characters, upper case), in the order
  // they were added; the kernel proposes them in this order.
  virtual std::vector<std::string> ueids() const = 0;
  // The system EID: only s390 hardware has one.
  virtual std::optional<std::string> seid() const = 0;
  virtual std::vector<PnetEntry> pnet_table() const = 0;
  virtual bool smc_module_loaded() const = 0;
};

}  // namespace smc::ports
