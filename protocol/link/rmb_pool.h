#pragma once
// The buffers of one link group (the kernel's lgr->rmbs[] and lgr->sndbufs[]): RMBs that the
// peer writes into (one RMBE per RMB, index 1, wire-format.md §2.3/§5) and the local send
// buffers that RDMA WRITEs read from. Each buffer is registered as a memory region on every
// link of the group (each link has its own PD), so every link has its own rkey/lkey for it.
//
// get() reuses an unused buffer of the same size class first, then allocates; when the
// registration fails it tries the next smaller size class (Linux's downgrade) and gives up
// with 0x01010000 — or, with RmbRegistrationFailure::RegisterBufferError, reports 0x09990003
// at once (fallback-causes.md, 0x01010000 / 0x09990003). put() marks a buffer unused; it
// stays registered for the next connection, as in Linux, until the link group goes.
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "protocol/clc/decline_code.h"
#include "protocol/common/result.h"
#include "protocol/link/link_config.h"
#include "protocol/ports/rnic.h"

namespace smc::link {

class SmcLink;

struct RmbElement {
  // Shared so that a connection's view of its RMB outlives the link group (the data path may
  // still hold the span when the group is freed under it); the pool owns the registration.
  std::shared_ptr<std::vector<std::uint8_t>> memory = std::make_shared<std::vector<std::uint8_t>>();
  std::uint8_t size_code = 0;  // wire-format.md §5 nibble
  bool is_rmb = true;          // false: a send buffer (local access only)
  bool used = false;
  std::map<std::uint8_t, ports::MemoryRegion> mrs;  // by link index

  std::span<std::uint8_t> bytes() { return *memory; }
  std::size_t size() const { return memory->size(); }
  const ports::MemoryRegion* mr_on(std::uint8_t link_idx) const {
    auto it = mrs.find(link_idx);
    return it == mrs.end() ? nullptr : &it->second;
  }
};

class RmbPool {
 public:
  explicit RmbPool(const LinkConfig& config) : config_(config) {}
  ~RmbPool() = default;  // release_all() must have run while the links were alive
  RmbPool(const RmbPool&) = delete;
  RmbPool& operator=(const RmbPool&) = delete;

  // A buffer of size class `wanted_code` or smaller, registered on every link in `links`.
  Result<RmbElement*, clc::DeclineCode> get(std::uint8_t wanted_code, bool is_rmb, std::span<SmcLink* const> links);
  void put(RmbElement* element);
  // A new link joins: register every buffer on it. A failure leaves nothing registered on it.
  Result<Ok, clc::DeclineCode> register_link(SmcLink& link);
  // A link leaves: deregister every buffer from it (before the link's PD goes).
  void deregister_link(SmcLink& link);
  void release_all(std::span<SmcLink* const> links);

  std::size_t size() const { return elements_.size(); }
  std::vector<const RmbElement*> elements() const {
    std::vector<const RmbElement*> out;
    for (const auto& e : elements_) out.push_back(e.get());
    return out;
  }
  std::size_t in_use() const;

 private:
  bool register_on(RmbElement& e, SmcLink& link);
  void deregister(RmbElement& e, std::span<SmcLink* const> links);

  const LinkConfig& config_;
  std::vector<std::unique_ptr<RmbElement>> elements_;
};

}  // namespace smc::link
