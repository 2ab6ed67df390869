#include "protocol/link/rmb_pool.h"

#include <algorithm>

#include "protocol/buffer/rmbe_size.h"
#include "protocol/link/smc_link.h"

namespace smc::link {

using clc::DeclineCode;

bool RmbPool::register_on(RmbElement& e, SmcLink& link) {
  const std::uint32_t access =
      e.is_rmb ? (ports::kAccessLocalWrite | ports::kAccessRemoteWrite) : ports::kAccessLocalWrite;
  auto mr = link.rnic().reg_mr(link.pd(), *e.memory, access);
  if (!mr) return false;
  e.mrs[link.link_idx()] = *mr;
  return true;
}

void RmbPool::deregister(RmbElement& e, std::span<SmcLink* const> links) {
  for (SmcLink* l : links) {
    auto it = e.mrs.find(l->link_idx());
    if (it == e.mrs.end()) continue;
    (void)l->rnic().dereg_mr(it->second.handle);
    e.mrs.erase(it);
  }
}

Result<RmbElement*, DeclineCode> RmbPool::get(std::uint8_t wanted_code, bool is_rmb,
                                              std::span<SmcLink* const> links) {
  for (int code = wanted_code; code >= 0; --code) {
    for (auto& e : elements_) {
      if (!e->used && e->is_rmb == is_rmb && e->size_code == code) {
        e->used = true;
        return e.get();
      }
    }
    auto e = std::make_unique<RmbElement>();
    e->size_code = static_cast<std::uint8_t>(code);
    e->is_rmb = is_rmb;
    e->memory->assign(buffer::rmbe_size_decode(e->size_code), 0);
    bool ok = true;
    for (SmcLink* l : links) {
      if (!register_on(*e, *l)) {
        ok = false;
        break;
      }
    }
    if (!ok) {
      deregister(*e, links);
      if (config_.mr_failure == RmbRegistrationFailure::RegisterBufferError)
        return smc::unexpected(DeclineCode::RegisterBufferError);
      continue;  // Linux: try the next smaller size class
    }
    e->used = true;
    elements_.push_back(std::move(e));
    return elements_.back().get();
  }
  return smc::unexpected(DeclineCode::Mem);
}

void RmbPool::put(RmbElement* element) {
  if (!element) return;
  element->used = false;
  // A reused RMB must not show the previous connection's data.
  std::fill(element->memory->begin(), element->memory->end(), std::uint8_t{0});
}

Result<Ok, DeclineCode> RmbPool::register_link(SmcLink& link) {
  for (auto& e : elements_) {
    if (!register_on(*e, link)) {
      deregister_link(link);
      return smc::unexpected(DeclineCode::RegisterBufferError);
    }
  }
  return Ok{};
}

void RmbPool::deregister_link(SmcLink& link) {
  SmcLink* one[] = {&link};
  for (auto& e : elements_) deregister(*e, one);
}

void RmbPool::release_all(std::span<SmcLink* const> links) {
  for (auto& e : elements_) deregister(*e, links);
  elements_.clear();
}

std::size_t RmbPool::in_use() const {
  std::size_t n = 0;
  for (const auto& e : elements_) n += e->used ? 1 : 0;
  return n;
}

}  // namespace smc::link
