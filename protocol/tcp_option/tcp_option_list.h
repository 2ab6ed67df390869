#pragma once
// A TCP option list (the bytes between the 20-byte TCP header and the payload) as Linux's
// tcp_parse_options walks it: EOL ends the list, NOP is one byte, every other option is
// kind + length + data. A malformed option (no length byte, length 0 or 1, or running
// past the end) makes Linux stop parsing silently, so it is not a decode error here:
// the list records where it stopped and keeps the rest as opaque trailing bytes, which
// also makes encode(decode(b)) == b for every input.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/field_list.h"

namespace smc::tcp_option {

inline constexpr std::size_t kMaxTcpOptionSpace = 40;  // data offset 15 words − 5 header words

enum class TcpOptionKind : std::uint8_t {
  Eol = 0,
  Nop = 1,
  Mss = 2,
  WindowScale = 3,
  SackPermitted = 4,
  Sack = 5,
  Timestamps = 8,
  Md5 = 19,
  FastOpen = 34,
  Experimental253 = 253,  // RFC 6994 shared experimental options
  Experimental254 = 254,  // the one SMC uses
};

const char* tcp_option_kind_name(std::uint8_t kind);

// One option. For EOL and NOP `data` is empty and no length byte is on the wire;
// for every other kind the wire length is 2 + data.size() (so data ≤ 253 bytes).
struct TcpOption {
  std::uint8_t kind = 0;
  wire::Bytes data;

  std::size_t wire_size() const { return is_single_byte() ? 1 : 2 + data.size(); }
  bool is_single_byte() const { return kind == 0 || kind == 1; }
  bool operator==(const TcpOption&) const = default;

  static TcpOption eol() { return {0, {}}; }
  static TcpOption nop() { return {1, {}}; }
  static TcpOption mss(std::uint16_t v);
  static TcpOption window_scale(std::uint8_t shift);
  static TcpOption sack_permitted() { return {4, {}}; }
  static TcpOption timestamps(std::uint32_t tsval, std::uint32_t tsecr);
  static TcpOption fast_open(wire::ByteView cookie);
  static TcpOption experimental(std::uint8_t kind, std::uint32_t exid, wire::ByteView rest = {});
};

struct TcpOptionList {
  std::vector<TcpOption> options;
  // Offset at which Linux would have stopped because the option there is malformed.
  std::optional<std::size_t> malformed_at;
  // Bytes after an EOL (padding) or from the malformed option on, kept verbatim.
  wire::Bytes trailing;

  bool operator==(const TcpOptionList&) const = default;
  std::size_t wire_size() const;

  wire::Bytes encode() const;
  // Fails only when the list is longer than 40 bytes (no TCP header can carry it).
  static wire::DecodeResult<TcpOptionList> decode(wire::ByteView bytes);

  // Values as Linux's parser would take them: only options of the exact length the
  // kernel checks, and MSS / window scale / SACK-permitted only on a SYN.
  std::optional<std::uint16_t> mss(bool syn = true) const;
  std::optional<std::uint8_t> window_scale(bool syn = true) const;
  bool sack_permitted(bool syn = true) const;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> timestamps() const;
};

wire::MessageDescription describe(const TcpOptionList& list);

}  // namespace smc::tcp_option
