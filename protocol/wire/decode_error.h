#pragma once
// What a decoder says when bytes are not a valid message: which field, where, and why.
#include <cstddef>
#include <string>

#include "protocol/common/result.h"

namespace smc::wire {

enum class DecodeErrorKind {
  Truncated,         // the buffer ends before the field
  BadEyecatcher,     // header or trailer eyecatcher is neither SMCR nor SMCD
  BadType,           // message type not the one expected / unknown
  BadVersion,        // version nibble the kernel refuses
  BadLength,         // length field disagrees with the variant or the buffer
  TrailerMismatch,   // trailer eyecatcher missing or wrong
  BadOffset,         // an offset points outside the message or beyond the kernel's limit
  CountOverLimit,    // a count larger than the kernel accepts
  ReservedValue,     // a value the kernel rejects
};

const char* to_string(DecodeErrorKind kind);

struct DecodeError {
  DecodeErrorKind kind{};
  std::string field;   // e.g. "ipv6_prefix_count"
  std::size_t offset{};  // byte offset of the field in the message
  std::string detail;  // human-readable: "value 9 > 8"

  // "bad length at offset 5 (length): 0x0040 but variant needs 52"
  std::string message() const;
  bool operator==(const DecodeError&) const = default;
};

template <typename T>
using DecodeResult = Result<T, DecodeError>;

inline Unexpected<DecodeError> decode_error(DecodeErrorKind kind, std::string field, std::size_t offset,
                                            std::string detail = {}) {
  return {DecodeError{kind, std::move(field), offset, std::move(detail)}};
}

}  // namespace smc::wire
