#include "sim/pcap/checksum.h"

#include <array>

namespace smc::pcap {

void InternetChecksum::add(wire::ByteView bytes) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum_ += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (i < bytes.size()) sum_ += static_cast<std::uint32_t>(bytes[i] << 8);
}

std::uint16_t InternetChecksum::finish() const {
  std::uint64_t s = sum_;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(~s & 0xffff);
}

std::uint16_t internet_checksum(wire::ByteView bytes) {
  InternetChecksum c;
  c.add(bytes);
  return c.finish();
}

namespace {
constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    t[n] = c;
  }
  return t;
}
constexpr auto kCrcTable = make_crc_table();
}  // namespace

std::uint32_t crc32_update(std::uint32_t reg, wire::ByteView bytes) {
  for (std::uint8_t b : bytes) reg = kCrcTable[(reg ^ b) & 0xff] ^ (reg >> 8);
  return reg;
}

}  // namespace smc::pcap
