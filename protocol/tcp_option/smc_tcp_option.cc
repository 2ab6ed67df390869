#include "protocol/tcp_option/smc_tcp_option.h"

namespace smc::tcp_option {

TcpOption smc_option() { return TcpOption::experimental(kSmcOptionKind, kSmcMagic); }

bool smc_option_accepted(const TcpOptionList& list, bool syn) {
  if (!syn) return false;
  for (const auto& o : list.options) {
    if (o.kind != kSmcOptionKind) continue;
    const std::size_t len = o.wire_size();
    if (len % 2 != 0 || len < kSmcOptionLength) continue;
    const std::uint32_t exid = static_cast<std::uint32_t>(o.data[0]) << 24 | static_cast<std::uint32_t>(o.data[1]) << 16 |
                               static_cast<std::uint32_t>(o.data[2]) << 8 | o.data[3];
    if (exid == kSmcMagic) return true;
  }
  return false;
}

bool smc_option_accepted(wire::ByteView option_bytes, bool syn) {
  auto list = TcpOptionList::decode(option_bytes);
  return list.ok() && smc_option_accepted(*list, syn);
}

bool TcpOptionBuilder::add(const TcpOption& o) {
  if (!o.is_single_byte() && o.data.size() > 253) return false;
  if (o.wire_size() > remaining()) return false;
  list_.options.push_back(o);
  return true;
}

bool TcpOptionBuilder::add_smc() {
  if (remaining() < kSmcOptionAlignedSize) return false;
  add(TcpOption::nop());
  add(TcpOption::nop());
  add(smc_option());
  return true;
}

BuiltSynOptions build_linux_syn_options(LinuxSynOptions want) {
  TcpOptionBuilder b;
  // Each group is added whole or not at all, as Linux reserves aligned space per option.
  auto group = [&b](std::initializer_list<TcpOption> opts) {
    std::size_t need = 0;
    for (const auto& o : opts) need += o.wire_size();
    if (need > b.remaining()) return false;
    for (const auto& o : opts) b.add(o);
    return true;
  };
  if (want.md5) {
    // NOP NOP + kind 19, length 18 (a 16-byte digest): 20 aligned bytes.
    group({TcpOption::nop(), TcpOption::nop(), TcpOption{kTcpMd5Kind, wire::Bytes(16, 0)}});
  } else if (want.ao_mac_length) {
    // kind 29, length 4 + MAC: key id, rnext key id, MAC; NOPs after it to a 4-byte boundary.
    TcpOption ao{kTcpAoKind, wire::Bytes(2u + *want.ao_mac_length, 0)};
    const std::size_t pad = (4 - ao.wire_size() % 4) % 4;
    if (pad == 0) group({ao});
    else if (pad == 1) group({ao, TcpOption::nop()});
    else if (pad == 2) group({ao, TcpOption::nop(), TcpOption::nop()});
    else group({ao, TcpOption::nop(), TcpOption::nop(), TcpOption::nop()});
  }
  if (want.mss) group({TcpOption::mss(*want.mss)});
  // Linux leaves timestamps out of an MD5-signed SYN to make room for the digest.
  if (want.md5) want.timestamps.reset();
  if (want.timestamps) {
    auto ts = TcpOption::timestamps(want.timestamps->first, want.timestamps->second);
    if (want.sack_permitted)
      group({TcpOption::sack_permitted(), ts});
    else
      group({TcpOption::nop(), TcpOption::nop(), ts});
  }
  if (want.window_scale) group({TcpOption::nop(), TcpOption::window_scale(*want.window_scale)});
  if (want.sack_permitted && !want.timestamps) group({TcpOption::nop(), TcpOption::nop(), TcpOption::sack_permitted()});
  if (want.fast_open_cookie) {
    TcpOption tfo = TcpOption::fast_open(*want.fast_open_cookie);
    // Linux pads the cookie option to a 4-byte boundary with NOPs AFTER it.
    const std::size_t pad = (4 - tfo.wire_size() % 4) % 4;
    if (pad == 2) group({tfo, TcpOption::nop(), TcpOption::nop()});
    else if (pad == 0) group({tfo});
    else if (pad == 1) group({tfo, TcpOption::nop()});
    else group({tfo, TcpOption::nop(), TcpOption::nop(), TcpOption::nop()});
  }
  BuiltSynOptions out;
  if (want.smc) out.smc_added = b.add_smc();
  out.options = b.take();
  return out;
}

bool smc_option_fits_in_syn(LinuxSynOptions want) {
  want.smc = true;
  return build_linux_syn_options(want).smc_added;
}

}  // namespace smc::tcp_option
