#include "protocol/wire/decode_error.h"

namespace smc::wire {

const char* to_string(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::Truncated: return "truncated";
    case DecodeErrorKind::BadEyecatcher: return "bad eyecatcher";
    case DecodeErrorKind::BadType: return "bad type";
    case DecodeErrorKind::BadVersion: return "bad version";
    case DecodeErrorKind::BadLength: return "bad length";
    case DecodeErrorKind::TrailerMismatch: return "trailer mismatch";
    case DecodeErrorKind::BadOffset: return "bad offset";
    case DecodeErrorKind::CountOverLimit: return "count over limit";
    case DecodeErrorKind::ReservedValue: return "reserved value";
  }
  return "?";
}

std::string DecodeError::message() const {
  std::string s = to_string(kind);
  s += " at offset " + std::to_string(offset) + " (" + field + ")";
  if (!detail.empty()) s += ": " + detail;
  return s;
}

}  // namespace smc::wire
