#include "protocol/wire/bytes.h"

#include <cctype>

namespace smc::wire {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool parse_hex(std::string_view text, Bytes& out, std::string* error) {
  Bytes result;
  int pending = -1;
  std::size_t i = 0;
  while (i < text.size()) {
    // Skip a hexdump offset column ("0010:") at the start of a line.
    if (pending < 0) {
      std::size_t j = i;
      while (j < text.size() && hex_value(text[j]) >= 0) ++j;
      if (j < text.size() && text[j] == ':' && j > i) {
        i = j + 1;
        continue;
      }
    }
    char c = text[i];
    if (c == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') && pending < 0) {
      i += 2;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == ':' || c == '-') {
      if (pending >= 0 && c != '-' && c != ':') {
        // A lone digit before a separator is ambiguous ("a b"): refuse it.
        if (error) *error = "odd number of hex digits before offset " + std::to_string(i);
        return false;
      }
      ++i;
      continue;
    }
    int v = hex_value(c);
    if (v < 0) {
      if (error) *error = std::string("not a hex digit: '") + c + "' at offset " + std::to_string(i);
      return false;
    }
    if (pending < 0) {
      pending = v;
    } else {
      result.push_back(static_cast<std::uint8_t>(pending * 16 + v));
      pending = -1;
    }
    ++i;
  }
  if (pending >= 0) {
    if (error) *error = "odd number of hex digits";
    return false;
  }
  out = std::move(result);
  return true;
}

std::string to_hex(ByteView bytes, bool spaced) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (spaced && i > 0) s.push_back(' ');
    s.push_back(kDigits[bytes[i] >> 4]);
    s.push_back(kDigits[bytes[i] & 0xf]);
  }
  return s;
}

std::string hexdump(ByteView bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s;
  for (std::size_t off = 0; off < bytes.size(); off += 16) {
    for (int shift = 12; shift >= 0; shift -= 4) s.push_back(kDigits[(off >> shift) & 0xf]);
    s.push_back(':');
    for (std::size_t i = off; i < off + 16 && i < bytes.size(); ++i) {
      s.push_back(' ');
      s.push_back(kDigits[bytes[i] >> 4]);
      s.push_back(kDigits[bytes[i] & 0xf]);
    }
    s.push_back('\n');
  }
  return s;
}

}  // namespace smc::wire
