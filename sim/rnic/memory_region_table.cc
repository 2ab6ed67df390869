#include "sim/rnic/memory_region_table.h"

namespace smc::sim {

const SimMr& MemoryRegionTable::add(std::uint32_t pd, std::span<std::uint8_t> memory, std::uint32_t access) {
  SimMr mr;
  mr.id = next_id_++;
  mr.generation = ++generation_;
  mr.pd = pd;
  // Index in the upper 24 bits and a variant byte below, the way mlx5 and rxe build keys:
  // a key from a freed MR never matches a later one by accident.
  mr.key = (mr.id << 8) | (mr.generation & 0xff);
  mr.iova = next_iova_;
  mr.host = memory.data();
  mr.length = memory.size();
  mr.access = access;
  // Page-aligned, with a guard page, so a write one byte past an MR never lands in the next.
  next_iova_ += ((memory.size() + 4095) & ~std::uint64_t{4095}) + 4096;
  return mrs_.emplace(mr.id, mr).first->second;
}

bool MemoryRegionTable::remove(std::uint32_t id) { return mrs_.erase(id) != 0; }

const SimMr* MemoryRegionTable::by_id(std::uint32_t id) const {
  auto it = mrs_.find(id);
  return it == mrs_.end() ? nullptr : &it->second;
}

bool MemoryRegionTable::valid(std::uint32_t id, std::uint32_t generation) const {
  const SimMr* mr = by_id(id);
  return mr && mr->generation == generation;
}

bool MemoryRegionTable::pd_in_use(std::uint32_t pd) const {
  for (const auto& [id, mr] : mrs_)
    if (mr.pd == pd) return true;
  return false;
}

Translate MemoryRegionTable::translate(std::uint32_t key, std::uint32_t pd, std::uint64_t addr, std::uint64_t len,
                                       std::uint32_t access, std::uint8_t*& out, const SimMr*& mr) const {
  const SimMr* m = by_id(key >> 8);
  if (!m || m->key != key) return Translate::BadKey;
  if (m->pd != pd) return Translate::WrongPd;
  if ((m->access & access) != access) return Translate::NoAccess;
  if (addr < m->iova || len > m->length || addr - m->iova > m->length - len) return Translate::OutOfRange;
  out = m->host + (addr - m->iova);
  mr = m;
  return Translate::Ok;
}

}  // namespace smc::sim
