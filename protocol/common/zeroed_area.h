#pragma once
// A fixed-size byte area that reads as zero, for large registered areas (the work-request
// slots of a link) of which a run touches only a few bytes. std::vector value-initialises,
// i.e. writes every byte; calloc of a large block gets fresh zero pages from the OS that cost
// nothing until touched. Neither copyable nor movable: memory registrations point into it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <span>

namespace smc {

class ZeroedArea {
 public:
  ZeroedArea() = default;
  ZeroedArea(const ZeroedArea&) = delete;
  ZeroedArea& operator=(const ZeroedArea&) = delete;
  ~ZeroedArea() { std::free(data_); }

  // Replaces the area with `size` zero bytes.
  void reset(std::size_t size) {
    std::free(data_);
    data_ = nullptr;
    size_ = 0;
    if (size == 0) return;
    data_ = static_cast<std::uint8_t*>(std::calloc(size, 1));
    if (!data_) throw std::bad_alloc();  // out of memory: what std::vector does too
    size_ = size;
  }
  std::span<std::uint8_t> span() { return {data_, size_}; }
  std::span<const std::uint8_t> span() const { return {data_, size_}; }
  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace smc
