#pragma once
// What a real device is and how it differs, decided from what the host tells us (vendor
// and part ids, the device name, sysfs), so that the engine reads every difference from
// ports::RnicAttributes instead of testing device names itself. Pure functions over
// plain values: testable without a device.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/ports/rnic.h"

namespace smc::hw {

inline constexpr std::uint32_t kRxeVendorId = 0xffffff;   // soft-RoCE's made-up vendor id
inline constexpr std::uint32_t kErdmaVendorId = 0x1ded;   // Alibaba
inline constexpr std::uint32_t kErdmaPartId = 0x107f;
inline constexpr std::uint32_t kMellanoxVendorId = 0x15b3;

// eRDMA in RoCE-compatible mode answers the QP "rendezvous" (its iWARP-style connection
// setup, done by the driver during modify_qp) on 16 reserved TCP ports. Their base is the
// erdma module's parameter reserve_ports_base when the module exposes it; 65500 otherwise.
// ports::RnicCapabilities has no field for the range (reported to the lead): it is
// declared here until it has one.
struct ReservedPortRange {
  std::uint16_t first = 0;
  std::uint16_t count = 0;
  bool contains(std::uint16_t port) const { return count && port >= first && port - first < count; }
};
inline constexpr ReservedPortRange kErdmaDefaultOobPorts{65500, 16};

struct DeviceIdentity {
  std::string name;  // "rxe0", "erdma_0", "mlx5_0"
  std::uint32_t vendor_id = 0;
  std::uint32_t vendor_part_id = 0;
  bool s390 = false;  // the host is s390x: a Mellanox function there is a RoCE Express
};

ports::RnicType classify_device(const DeviceIdentity& id);
// Capabilities that follow from the type alone (reports_cur_qp_state is probed at open).
ports::RnicCapabilities type_capabilities(ports::RnicType type);
// The reserved OOB ports of a device: eRDMA's range, empty for every other type.
// `module_base` is the erdma module's reserve_ports_base if it could be read.
ReservedPortRange reserved_oob_ports(ports::RnicType type, std::optional<std::uint16_t> module_base = std::nullopt);

// sysfs' gid_attrs/types/<i>: "RoCE v2" or "IB/RoCE v1"; nullopt for anything else.
std::optional<ports::GidType> parse_gid_type(std::string_view sysfs_text);
// /sys/class/net/<dev>/address: "02:00:00:00:00:01\n".
std::optional<ports::MacAddress> parse_mac(std::string_view text);
// /proc/net/vlan/<dev>: the "VID: <n>" field.
std::optional<std::uint16_t> parse_vlan_id(std::string_view proc_text);
// /sys/module/ib_core/parameters/netns_mode: "Y" (shared) / "N" (exclusive).
ports::NetnsMode parse_netns_mode(std::string_view text);

// Reads a small text file whole (sysfs, procfs); nullopt when it does not exist.
std::optional<std::string> read_small_file(const std::string& path);

}  // namespace smc::hw
