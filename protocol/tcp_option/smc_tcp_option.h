#pragma once
// The SMC rendezvous option (wire-format.md §1): RFC 6994 experimental option kind 254,
// length 6, ExID 0xE2D4C3D9 (EBCDIC "SMCR"), which Linux puts last in a SYN / SYN-ACK
// behind two NOPs so that it takes 8 aligned bytes: 01 01 FE 06 E2 D4 C3 D9.
#include <array>
#include <cstdint>
#include <optional>

#include "protocol/tcp_option/tcp_option_list.h"

namespace smc::tcp_option {

inline constexpr std::uint8_t kSmcOptionKind = 254;
inline constexpr std::uint8_t kSmcOptionLength = 6;
inline constexpr std::uint32_t kSmcMagic = 0xE2D4C3D9;
inline constexpr std::size_t kSmcOptionAlignedSize = 8;  // NOP NOP + 6
inline constexpr std::array<std::uint8_t, 8> kSmcOptionLinuxBytes{0x01, 0x01, 0xFE, 0x06, 0xE2, 0xD4, 0xC3, 0xD9};

TcpOption smc_option();

// Linux's acceptance rule (tcp_parse_options → smc_parse_options): looked at only on
// segments with SYN set (SYN and SYN-ACK); an option of kind 254 counts iff its length
// is even, at least 6 and its first 4 data bytes are the magic. Everything else —
// kind 253, odd or short lengths, another ExID, a non-SYN segment — is ignored, never an
// error. Options after a malformed one are never seen, as in Linux.
bool smc_option_accepted(const TcpOptionList& list, bool syn);
// The same on raw option bytes; a list too long for a TCP header is not accepted.
bool smc_option_accepted(wire::ByteView option_bytes, bool syn);

// Builds an option list within the 40 bytes a TCP header can carry, refusing options
// that no longer fit instead of truncating them.
class TcpOptionBuilder {
 public:
  explicit TcpOptionBuilder(std::size_t space = kMaxTcpOptionSpace) : space_(space) {}

  std::size_t used() const { return list_.wire_size(); }
  std::size_t remaining() const { return space_ > used() ? space_ - used() : 0; }

  // Appends o if it fits; returns false and leaves the list unchanged otherwise.
  bool add(const TcpOption& o);
  // Linux adds the SMC option (with its two NOPs) only when ≥ 8 bytes remain.
  bool add_smc();

  const TcpOptionList& list() const { return list_; }
  TcpOptionList take() { return std::move(list_); }

 private:
  std::size_t space_;
  TcpOptionList list_;
};

// TCP-AO (RFC 5925, Linux 6.7+): kind 29, length 4 + MAC; Linux reserves it rounded up to
// 4 bytes. The default MACs (HMAC-SHA-1-96, AES-128-CMAC-96) are 12 bytes: 16 bytes.
inline constexpr std::uint8_t kTcpAoKind = 29;
inline constexpr std::uint8_t kTcpAoDefaultMacLength = 12;
inline constexpr std::uint8_t kTcpMd5Kind = 19;

// What Linux puts in a SYN or SYN-ACK, in Linux's order and alignment
// (tcp_options_write): the MD5 or TCP-AO signature first (tcp_syn_options reserves it
// before anything else; MD5 also leaves the timestamps out, TCP-AO keeps them); MSS; SACK-permitted folded into the timestamp word when both are
// on (04 02 08 0A ...), else NOP NOP 08 0A ...; NOP + window scale; NOP NOP + SACK-
// permitted without timestamps; the SMC option last when space remains.
struct LinuxSynOptions {
  std::optional<std::uint16_t> mss;
  bool sack_permitted = false;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> timestamps;  // tsval, tsecr
  std::optional<std::uint8_t> window_scale;
  std::optional<wire::Bytes> fast_open_cookie;  // kind 34; empty = cookie request
  bool md5 = false;                             // TCP_MD5SIG key for the peer
  std::optional<std::uint8_t> ao_mac_length;    // TCP_AO_ADD_KEY key for the peer (MAC bytes)
  bool smc = false;
};

struct BuiltSynOptions {
  TcpOptionList options;
  bool smc_added = false;  // false when smc was asked for but did not fit
};

BuiltSynOptions build_linux_syn_options(LinuxSynOptions want);

// Does the SMC option (8 aligned bytes) still fit into the SYN Linux builds for `want`
// (fallback-causes §2.1: TCP-AO with timestamps, or a Fast Open cookie, can use it all up)?
bool smc_option_fits_in_syn(LinuxSynOptions want);

}  // namespace smc::tcp_option
