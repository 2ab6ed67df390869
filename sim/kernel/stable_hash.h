#pragma once
// FNV-1a 64: the project's stable hash of names and trace text. Chosen because it is
// defined byte by byte (no dependence on the standard library, endianness or word size),
// is trivially streamable, and has published test vectors. It is not collision-resistant
// against an adversary; nothing here needs that.
#include <cstdint>
#include <string_view>

namespace smc::sim {

class Fnv1a64 {
 public:
  static constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
  static constexpr std::uint64_t kPrime = 0x100000001b3ULL;

  constexpr void append(std::string_view bytes) {
    for (char c : bytes) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= kPrime;
    }
  }
  constexpr void append_char(char c) {
    h_ ^= static_cast<unsigned char>(c);
    h_ *= kPrime;
  }
  constexpr std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = kOffsetBasis;
};

constexpr std::uint64_t fnv1a64(std::string_view bytes) {
  Fnv1a64 h;
  h.append(bytes);
  return h.value();
}

}  // namespace smc::sim
