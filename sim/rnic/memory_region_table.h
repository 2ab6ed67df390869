#pragma once
// The MRs of one simulated device: key allocation, the device's own I/O virtual address
// space, and translation of (address, length, key) into host memory with the checks a
// device's memory translation unit makes.
//
// Addresses are device-assigned, not host pointers: reg_mr returns an `addr` from a
// per-device IOVA range so that everything reaching a trace or the wire (RMB addresses in
// CLC Accept, remote_addr in a WRITE) is the same in every run. The engine addresses its
// work requests as MemoryRegion::addr + offset, which is also correct on real verbs.
#include <cstdint>
#include <map>
#include <optional>
#include <span>

#include "protocol/ports/rnic.h"

namespace smc::sim {

struct SimMr {
  std::uint32_t id = 0;
  std::uint32_t generation = 0;  // bumped per registration: stale references fail
  std::uint32_t pd = 0;
  std::uint32_t key = 0;  // lkey == rkey, as on mlx5 and rxe
  std::uint64_t iova = 0;
  std::uint8_t* host = nullptr;
  std::uint64_t length = 0;
  std::uint32_t access = 0;
};

enum class Translate : std::uint8_t { Ok, BadKey, WrongPd, OutOfRange, NoAccess };

class MemoryRegionTable {
 public:
  explicit MemoryRegionTable(std::uint64_t iova_base = 0x10000000) : next_iova_(iova_base) {}

  std::size_t size() const { return mrs_.size(); }
  const SimMr& add(std::uint32_t pd, std::span<std::uint8_t> memory, std::uint32_t access);
  bool remove(std::uint32_t id);
  const SimMr* by_id(std::uint32_t id) const;
  bool valid(std::uint32_t id, std::uint32_t generation) const;
  bool pd_in_use(std::uint32_t pd) const;

  // [addr, addr+len) under `key` for a QP of `pd`, needing `access` bits (0 for a local
  // read). On success `out` points at the host bytes and `mr` at the region.
  Translate translate(std::uint32_t key, std::uint32_t pd, std::uint64_t addr, std::uint64_t len,
                      std::uint32_t access, std::uint8_t*& out, const SimMr*& mr) const;

 private:
  std::map<std::uint32_t, SimMr> mrs_;
  std::uint32_t next_id_ = 1;
  std::uint32_t generation_ = 0;
  std::uint64_t next_iova_;
};

}  // namespace smc::sim
