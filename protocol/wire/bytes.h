#pragma once
// Byte buffers as the codecs see them: an owning vector for what we build, a span for
// what we read. Everything on the SMC wire is big-endian unless a codec says otherwise.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace smc::wire {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// "e2 d4 c3 d9 ..." with spaces, newlines, "0000:" offsets and 0x prefixes tolerated.
// Returns false (and leaves out unchanged) on a non-hex character or an odd digit count.
bool parse_hex(std::string_view text, Bytes& out, std::string* error = nullptr);
std::string to_hex(ByteView bytes, bool spaced = true);
// A hexdump in the "0000: e2 d4 ..." form of wire-format.md §9.
std::string hexdump(ByteView bytes);

}  // namespace smc::wire
