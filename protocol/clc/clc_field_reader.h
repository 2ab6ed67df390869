#pragma once
// Internal to the CLC decoders: reads named fields of one message and remembers the
// first failure, so a decoder reads a whole area and checks once. A read that would
// cross the message's own length field is the length's fault (BadLength at offset 5);
// one that stays inside the length but crosses the end of the buffer is truncation.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/wire/byte_reader.h"
#include "protocol/wire/decode_error.h"

namespace smc::clc::detail {

class ClcFieldReader {
 public:
  ClcFieldReader(wire::ByteView buf, std::size_t length_field) : r_(buf), length_(length_field) {}

  std::uint8_t u8(std::size_t off, const char* field) { return fits(off, 1, field) ? *r_.u8(off) : 0; }
  std::uint16_t u16(std::size_t off, const char* field) { return fits(off, 2, field) ? *r_.u16be(off) : 0; }
  std::uint32_t u24(std::size_t off, const char* field) { return fits(off, 3, field) ? *r_.u24be(off) : 0; }
  std::uint32_t u32(std::size_t off, const char* field) { return fits(off, 4, field) ? *r_.u32be(off) : 0; }
  std::uint64_t u64(std::size_t off, const char* field) { return fits(off, 8, field) ? *r_.u64be(off) : 0; }
  template <std::size_t N>
  std::array<std::uint8_t, N> bytes(std::size_t off, const char* field) {
    return fits(off, N, field) ? *r_.template array<N>(off) : std::array<std::uint8_t, N>{};
  }

  bool ok() const { return !error_.has_value(); }
  const wire::DecodeError& error() const { return *error_; }
  Unexpected<wire::DecodeError> failure() const { return {*error_}; }
  void fail(wire::DecodeErrorKind kind, std::string field, std::size_t off, std::string detail) {
    if (!error_) error_ = wire::DecodeError{kind, std::move(field), off, std::move(detail)};
  }

 private:
  bool fits(std::size_t off, std::size_t n, const char* field) {
    if (error_) return false;
    if (off + n > length_) {
      fail(wire::DecodeErrorKind::BadLength, "length", 5,
           std::string(field) + " at offset " + std::to_string(off) + " ends beyond the length field " +
               std::to_string(length_));
      return false;
    }
    if (!r_.has(off, n)) {
      fail(wire::DecodeErrorKind::Truncated, field, off,
           "message has " + std::to_string(r_.size()) + " bytes, field needs " + std::to_string(n));
      return false;
    }
    return true;
  }

  wire::ByteReader r_;
  std::size_t length_;
  std::optional<wire::DecodeError> error_;
};

// Last common steps of every CLC decoder: the buffer must hold exactly `length` bytes
// (a shorter one is truncated, a longer one holds more than one message) and, unless the
// caller skips it, a valid trailer eyecatcher.
inline std::optional<wire::DecodeError> check_frame(wire::ByteView buf, std::size_t length) {
  if (buf.size() < length)
    return wire::DecodeError{wire::DecodeErrorKind::Truncated, "trailer", length >= 4 ? length - 4 : 0,
                             "message has " + std::to_string(buf.size()) + " bytes, length field says " +
                                 std::to_string(length)};
  if (buf.size() > length)
    return wire::DecodeError{wire::DecodeErrorKind::BadLength, "length", 5,
                             "buffer has " + std::to_string(buf.size()) + " bytes, length field says " +
                                 std::to_string(length)};
  return std::nullopt;
}

}  // namespace smc::clc::detail
