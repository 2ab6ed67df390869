#pragma once
// Big-endian (and, where Linux sends host order, little-endian) writes into a growing
// buffer. Writers never fail: encoders build from value types whose ranges the types
// already enforce.
#include <array>
#include <cstdint>

#include "protocol/wire/bytes.h"

namespace smc::wire {

class ByteWriter {
 public:
  ByteWriter() = default;
  explicit ByteWriter(std::size_t reserve) { out_.reserve(reserve); }

  std::size_t size() const { return out_.size(); }
  Bytes& bytes() { return out_; }
  Bytes take() { return std::move(out_); }

  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16be(std::uint16_t v) { u8(static_cast<std::uint8_t>(v >> 8)); u8(static_cast<std::uint8_t>(v)); }
  void u16le(std::uint16_t v) { u8(static_cast<std::uint8_t>(v)); u8(static_cast<std::uint8_t>(v >> 8)); }
  void u24be(std::uint32_t v) {
    u8(static_cast<std::uint8_t>(v >> 16));
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32be(std::uint32_t v) { u16be(static_cast<std::uint16_t>(v >> 16)); u16be(static_cast<std::uint16_t>(v)); }
  void u32le(std::uint32_t v) { u16le(static_cast<std::uint16_t>(v)); u16le(static_cast<std::uint16_t>(v >> 16)); }
  void u64be(std::uint64_t v) { u32be(static_cast<std::uint32_t>(v >> 32)); u32be(static_cast<std::uint32_t>(v)); }
  void u64le(std::uint64_t v) { u32le(static_cast<std::uint32_t>(v)); u32le(static_cast<std::uint32_t>(v >> 32)); }
  void zeros(std::size_t n) { out_.insert(out_.end(), n, 0); }
  void raw(ByteView v) { out_.insert(out_.end(), v.begin(), v.end()); }
  template <std::size_t N>
  void raw(const std::array<std::uint8_t, N>& a) { out_.insert(out_.end(), a.begin(), a.end()); }

  // Patch a field whose value is known only at the end (lengths, offsets).
  void put_u16be_at(std::size_t off, std::uint16_t v) {
    out_[off] = static_cast<std::uint8_t>(v >> 8);
    out_[off + 1] = static_cast<std::uint8_t>(v);
  }
  void put_u16le_at(std::size_t off, std::uint16_t v) {
    out_[off] = static_cast<std::uint8_t>(v);
    out_[off + 1] = static_cast<std::uint8_t>(v >> 8);
  }

 private:
  Bytes out_;
};

}  // namespace smc::wire
