#pragma once
// What the negotiation sees of one side of an engine-to-engine run on real devices: a
// negotiation::HostSnapshot built from ONE opened RNIC (its ports, MACs and GID table as
// verbs reports them) and the IPv4 addresses of the netdevs its GIDs belong to.
//
// Both ends of `smcsim rxe` live in one Linux kernel (two rxe devices on a veth pair, both in
// the initial namespace, kernel-lab.md), but each engine must see only its own device and
// netdev: otherwise the client's device search could pick the server's rxe. So a snapshot
// holds exactly one device and the netdevs under it, never the machine's whole list.
//
// The pure part (snapshot_of) takes the addresses as values so it is unit-tested without a
// device; netdev_ipv4_addresses() reads them from the running system (getifaddrs).
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/negotiation/host_snapshot.h"
#include "protocol/ports/rnic.h"

namespace smc::hw {

struct NetdevAddresses {
  std::string netdev;
  std::vector<negotiation::InterfaceAddress> addresses;  // IPv4 and IPv6, as the system lists them
};

struct DeviceHostSpec {
  std::string host_id;                // "client" / "server": names the snapshot in reports
  std::uint8_t system_id_tag = 1;     // last byte of the system ID; the two ends must differ
  std::vector<std::string> ueids;     // SMC-Rv2 needs at least one on both ends (rxe is RoCEv2 only)
  std::uint8_t max_links_per_lgr = 2;
};

// One host with exactly `device`: its active and inactive ports (RoCEv2 IPv4 GIDs as
// addresses, RoCEv1 as their IPv6 form), and one NetDevice per netdev named by a port or a
// GID, carrying the addresses given for it in `netdevs` (a netdev missing there has none).
negotiation::HostSnapshot snapshot_of(const ports::RnicAttributes& device, const std::vector<NetdevAddresses>& netdevs,
                                      const DeviceHostSpec& spec);

// The netdevs a device's ports and GIDs name, in first-seen order.
std::vector<std::string> netdevs_of(const ports::RnicAttributes& device);

// The system's addresses of `netdev` (getifaddrs), with their prefix lengths.
NetdevAddresses netdev_addresses(const std::string& netdev);

// The first IPv4 address of `netdev` in the snapshot, if any: where the engine binds its
// TCP socket so that the connection's local address lies on its own device's subnet.
std::optional<ports::IpAddress> first_ipv4(const negotiation::HostSnapshot& host, const std::string& netdev);

}  // namespace smc::hw
