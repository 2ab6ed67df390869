#include "protocol/clc/eid.h"

#include <algorithm>

namespace smc::clc {

PaddedText32 padded32(std::string_view text) {
  PaddedText32 out;
  out.fill(0x20);
  std::size_t n = std::min(text.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(text[i]);
  return out;
}

std::string unpadded(const PaddedText32& field) {
  std::size_t end = field.size();
  while (end > 0 && (field[end - 1] == 0x20 || field[end - 1] == 0x00)) --end;
  return std::string(field.begin(), field.begin() + static_cast<std::ptrdiff_t>(end));
}

bool Eid::is_zero() const {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

namespace {
bool is_alnum_upper(std::uint8_t c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
}  // namespace

bool is_valid_eid(const Eid& eid) {
  const auto& b = eid.bytes;
  if (!is_alnum_upper(b[0])) return false;
  std::size_t i = 1;
  while (i < b.size() && (is_alnum_upper(b[i]) || b[i] == '.' || b[i] == '-')) ++i;
  for (; i < b.size(); ++i)
    if (b[i] != 0x20) return false;
  return true;
}

}  // namespace smc::clc
