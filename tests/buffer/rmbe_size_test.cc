// The 4-bit buffer-size encoding with the examples of wire-format.md §5.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "protocol/buffer/rmbe_size.h"

using namespace smc::buffer;

TEST_CASE("§5 examples: Linux rounds up") {
  CHECK(rmbe_size_encode(16384, RmbeKind::SmcR) == 0);
  CHECK(rmbe_size_encode(16385, RmbeKind::SmcR) == 1);
  CHECK(rmbe_size_encode(32768, RmbeKind::SmcR) == 1);
  CHECK(rmbe_size_encode(32769, RmbeKind::SmcR) == 2);
  CHECK(rmbe_size_encode(100000, RmbeKind::SmcR) == 3);
  CHECK(rmbe_size_encode(262144, RmbeKind::SmcR) == 4);
  CHECK(rmbe_size_encode(262145, RmbeKind::SmcR) == 5);
  CHECK(rmbe_size_encode(0, RmbeKind::SmcR) == 0);
  CHECK(rmbe_size_encode(1, RmbeKind::SmcD) == 0);
}

TEST_CASE("§5 table: decode 0–15") {
  CHECK(rmbe_size_decode(0) == 16 * 1024);
  CHECK(rmbe_size_decode(2) == 64 * 1024);    // 0x23 in the captures: 64 KiB
  CHECK(rmbe_size_decode(4) == 256 * 1024);   // 0x43: 256 KiB
  CHECK(rmbe_size_decode(5) == 512 * 1024);
  CHECK(rmbe_size_decode(6) == 1024 * 1024);
  CHECK(rmbe_size_decode(8) == 4ull * 1024 * 1024);
  CHECK(rmbe_size_decode(15) == 512ull * 1024 * 1024);
}

TEST_CASE("caps: SMC-R 5 before ≈6.11, 15 from 6.11, SMC-D 6") {
  const std::uint64_t huge = 1ull << 40;
  CHECK(rmbe_size_encode(huge, RmbeKind::SmcRBefore611) == 5);
  CHECK(rmbe_size_encode(huge, RmbeKind::SmcR) == 15);
  CHECK(rmbe_size_encode(huge, RmbeKind::SmcD) == 6);
  CHECK(rmbe_size_encode(1024 * 1024, RmbeKind::SmcRBefore611) == 5);
  CHECK(rmbe_size_encode(1024 * 1024, RmbeKind::SmcR) == 6);
  CHECK(rmbe_size_encode(2 * 1024 * 1024, RmbeKind::SmcD) == 6);
  CHECK(rmbe_size_encode(512ull * 1024 * 1024, RmbeKind::SmcR) == 15);
  CHECK(rmbe_size_encode(512ull * 1024 * 1024 + 1, RmbeKind::SmcR) == 15);
}

TEST_CASE("property: the encoded size is the smallest code whose size covers the request") {
  CHECK(rc::check("round up", [] {
    const auto size = *rc::gen::inRange<std::uint64_t>(0, 1ull << 30);
    const auto c = rmbe_size_encode(size, kSmcrCap);
    RC_ASSERT(c <= kSmcrCap);
    if (c < kSmcrCap) RC_ASSERT(rmbe_size_decode(c) >= size);
    if (c > 0) RC_ASSERT(rmbe_size_decode(static_cast<std::uint8_t>(c - 1)) < size);
    RC_ASSERT(rmbe_size_encode(rmbe_size_decode(c), kSmcrCap) == c);
  }));
}
