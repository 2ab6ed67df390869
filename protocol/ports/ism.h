#pragma once
// ISM devices for SMC-D as the engine sees them: the operations of the kernel's
// smcd_ops (register/unregister DMB, add/del VLAN id, move_data with signal, query a
// remote GID), in the engine's vocabulary. Implemented by sim/ism (ISM hardware and
// loopback-ism); a real backend would sit on the s390 ISM driver or loopback-ism.
//
// A DMB (direct memory buffer) is owned by the receiving side and named by a 64-bit
// token the peer learns from CLC Accept/Confirm; the peer writes into it with
// move_data and may raise a signal, which the owner sees as on_dmb_signal.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/common/result.h"

namespace smc::ports {

enum class IsmError {
  InvalidArgument,  // EINVAL: bad size, offset beyond the DMB, unknown local token
  NoSpace,          // ENOSPC: all DMB slots in use (SMC declines 0x030d0000)
  NoMemory,         // ENOMEM: the buffer itself could not be allocated
  VlanTableFull,    // ENOSPC from add_vlan_id (SMC declines 0x03090000)
  NoSuchVlan,       // del_vlan_id of an id never added
  UnknownToken,     // move_data to a token nobody registered (or already unregistered)
  Unreachable,      // the peer GID is not on this CHID / not on this host (loopback)
  NoDevice,         // the device was removed
};
inline std::string_view to_string(IsmError e) {
  switch (e) {
    case IsmError::InvalidArgument: return "EINVAL";
    case IsmError::NoSpace: return "ENOSPC";
    case IsmError::NoMemory: return "ENOMEM";
    case IsmError::VlanTableFull: return "ENOSPC(vlan)";
    case IsmError::NoSuchVlan: return "ENOENT(vlan)";
    case IsmError::UnknownToken: return "ENOENT(token)";
    case IsmError::Unreachable: return "EHOSTUNREACH";
    case IsmError::NoDevice: return "ENODEV";
  }
  return "?";
}
template <typename T>
using IsmResult = Result<T, IsmError>;
using IsmStatus = Status<IsmError>;

// loopback-ism's CHID: a virtual device no hardware CHID can collide with.
inline constexpr std::uint16_t kLoopbackIsmChid = 0xFFFF;

struct IsmGid {
  std::uint64_t gid = 0;
  // Second half of the 128-bit GID of emulated ISM (loopback-ism, virtio-ism): sent in
  // the SMC-Dv2.1 Accept/Confirm as the extended GID. Zero on ISM hardware.
  std::uint64_t gid_ext = 0;
  friend bool operator==(const IsmGid&, const IsmGid&) = default;
};

struct IsmAttributes {
  std::string name;        // "ism0", "loopback-ism"
  std::uint16_t chid = 0;  // channel id; equal CHIDs = same internal network
  IsmGid gid;
  bool v2_capable = true;  // ISMv2 (SMC-Dv2); false for first-generation ISM
  bool emulated = false;   // loopback-ism / virtio-ism: uses gid_ext, host-local
  std::string pnetid;
  std::uint32_t max_dmbs = 1920;          // DMB slots (sba index space)
  std::uint32_t max_vlans = 64;           // VLAN registration table size
  std::uint32_t max_dmb_size = 1u << 20;  // SMC-D caps the buffer at 1 MiB
};

using DmbToken = std::uint64_t;

struct Dmb {  // what register_dmb hands back
  DmbToken token = 0;
  std::uint32_t sba_idx = 0;  // slot index, reported with signals
  std::uint32_t size = 0;
  std::span<std::uint8_t> memory;  // the receive area the owner reads (CDC at 0, data at 32)
};

class IsmEventHandler {
 public:
  virtual ~IsmEventHandler() = default;
  // The peer wrote into our DMB with the signal flag (the ISM interrupt, handle_irq).
  virtual void on_dmb_signal(DmbToken token, std::uint32_t sba_idx) = 0;
  virtual void on_device_removed() = 0;
};

class IsmDevice {
 public:
  virtual ~IsmDevice() = default;
  virtual const IsmAttributes& attributes() const = 0;
  virtual void set_event_handler(IsmEventHandler* handler) = 0;

  // Whether `peer` can be reached over this device (smcd_ops query_remote_gid); with
  // vlan_id the peer must also have registered that VLAN (SMC-D v1 rule).
  virtual IsmStatus query_remote_gid(const IsmGid& peer, std::optional<std::uint16_t> vlan_id) const = 0;

  virtual IsmResult<Dmb> register_dmb(std::uint32_t size) = 0;
  virtual IsmStatus unregister_dmb(DmbToken token) = 0;

  virtual IsmStatus add_vlan_id(std::uint16_t vlan_id) = 0;
  virtual IsmStatus del_vlan_id(std::uint16_t vlan_id) = 0;

  // Copy `data` into the DMB `token` (owned by a peer on the same CHID, or on this host
  // for loopback-ism) at `offset`; with `signal` the owner gets on_dmb_signal after the
  // bytes are visible. The write is synchronous as on ISM hardware: when this returns
  // OK the bytes are in the peer's memory.
  virtual IsmStatus move_data(DmbToken token, std::uint32_t offset, std::span<const std::uint8_t> data,
                              bool signal) = 0;
};

class IsmDirectory {
 public:
  virtual ~IsmDirectory() = default;
  virtual std::vector<IsmDevice*> devices() = 0;
};

}  // namespace smc::ports
