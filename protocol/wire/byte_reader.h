#pragma once
// Bounds-checked big-endian reads. Every read names its field so that a short buffer
// becomes a DecodeError naming the field and the offset, never a read past the end.
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"

namespace smc::wire {

class ByteReader {
 public:
  explicit ByteReader(ByteView data, std::size_t base_offset = 0) : data_(data), base_(base_offset) {}

  std::size_t size() const { return data_.size(); }
  ByteView data() const { return data_; }
  // Offset as reported in errors: relative to the start of the enclosing message.
  std::size_t absolute(std::size_t off) const { return base_ + off; }

  bool has(std::size_t off, std::size_t n) const { return off <= data_.size() && n <= data_.size() - off; }

  // Each returns nullopt when [off, off+n) is not inside the buffer; the caller turns
  // that into truncated(field, off).
  std::optional<std::uint8_t> u8(std::size_t off) const {
    if (!has(off, 1)) return std::nullopt;
    return data_[off];
  }
  std::optional<std::uint16_t> u16be(std::size_t off) const {
    if (!has(off, 2)) return std::nullopt;
    return static_cast<std::uint16_t>(data_[off] << 8 | data_[off + 1]);
  }
  std::optional<std::uint16_t> u16le(std::size_t off) const {
    if (!has(off, 2)) return std::nullopt;
    return static_cast<std::uint16_t>(data_[off + 1] << 8 | data_[off]);
  }
  std::optional<std::uint32_t> u24be(std::size_t off) const {
    if (!has(off, 3)) return std::nullopt;
    return static_cast<std::uint32_t>(data_[off]) << 16 | static_cast<std::uint32_t>(data_[off + 1]) << 8 |
           data_[off + 2];
  }
  std::optional<std::uint32_t> u32be(std::size_t off) const {
    if (!has(off, 4)) return std::nullopt;
    return static_cast<std::uint32_t>(data_[off]) << 24 | static_cast<std::uint32_t>(data_[off + 1]) << 16 |
           static_cast<std::uint32_t>(data_[off + 2]) << 8 | data_[off + 3];
  }
  std::optional<std::uint32_t> u32le(std::size_t off) const {
    if (!has(off, 4)) return std::nullopt;
    return static_cast<std::uint32_t>(data_[off + 3]) << 24 | static_cast<std::uint32_t>(data_[off + 2]) << 16 |
           static_cast<std::uint32_t>(data_[off + 1]) << 8 | data_[off];
  }
  std::optional<std::uint64_t> u64be(std::size_t off) const {
    if (!has(off, 8)) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) v = v << 8 | data_[off + i];
    return v;
  }
  std::optional<std::uint64_t> u64le(std::size_t off) const {
    if (!has(off, 8)) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) v = v << 8 | data_[off + i];
    return v;
  }
  template <std::size_t N>
  std::optional<std::array<std::uint8_t, N>> array(std::size_t off) const {
    if (!has(off, N)) return std::nullopt;
    std::array<std::uint8_t, N> a{};
    std::memcpy(a.data(), data_.data() + off, N);
    return a;
  }
  std::optional<ByteView> view(std::size_t off, std::size_t n) const {
    if (!has(off, n)) return std::nullopt;
    return data_.subspan(off, n);
  }

  Unexpected<DecodeError> truncated(std::string field, std::size_t off, std::size_t need = 0) const {
    std::string detail = "message has " + std::to_string(data_.size()) + " bytes";
    if (need) detail += ", field needs " + std::to_string(need);
    return decode_error(DecodeErrorKind::Truncated, std::move(field), absolute(off), std::move(detail));
  }

 private:
  ByteView data_;
  std::size_t base_;
};

}  // namespace smc::wire
