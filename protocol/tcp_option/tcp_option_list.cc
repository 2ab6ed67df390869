#include "protocol/tcp_option/tcp_option_list.h"

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::tcp_option {

const char* tcp_option_kind_name(std::uint8_t kind) {
  switch (kind) {
    case 0: return "end of option list";
    case 1: return "no-operation";
    case 2: return "maximum segment size";
    case 3: return "window scale";
    case 4: return "SACK permitted";
    case 5: return "SACK";
    case 8: return "timestamps";
    case 19: return "TCP MD5 signature";
    case 29: return "TCP authentication option";
    case 30: return "multipath TCP";
    case 34: return "TCP Fast Open cookie";
    case 253: return "experimental (RFC 6994)";
    case 254: return "experimental (RFC 6994)";
    default: return "unknown";
  }
}

TcpOption TcpOption::mss(std::uint16_t v) {
  return {2, {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}};
}

TcpOption TcpOption::window_scale(std::uint8_t shift) { return {3, {shift}}; }

TcpOption TcpOption::timestamps(std::uint32_t tsval, std::uint32_t tsecr) {
  wire::ByteWriter w(8);
  w.u32be(tsval);
  w.u32be(tsecr);
  return {8, w.take()};
}

TcpOption TcpOption::fast_open(wire::ByteView cookie) { return {34, wire::Bytes(cookie.begin(), cookie.end())}; }

TcpOption TcpOption::experimental(std::uint8_t kind, std::uint32_t exid, wire::ByteView rest) {
  wire::ByteWriter w(4 + rest.size());
  w.u32be(exid);
  w.raw(rest);
  return {kind, w.take()};
}

std::size_t TcpOptionList::wire_size() const {
  std::size_t n = trailing.size();
  for (const auto& o : options) n += o.wire_size();
  return n;
}

wire::Bytes TcpOptionList::encode() const {
  wire::ByteWriter w(wire_size());
  for (const auto& o : options) {
    w.u8(o.kind);
    if (o.is_single_byte()) continue;
    w.u8(static_cast<std::uint8_t>(2 + o.data.size()));
    w.raw(o.data);
  }
  w.raw(trailing);
  return w.take();
}

wire::DecodeResult<TcpOptionList> TcpOptionList::decode(wire::ByteView bytes) {
  if (bytes.size() > kMaxTcpOptionSpace)
    return wire::decode_error(wire::DecodeErrorKind::BadLength, "options", 0,
                              fmt::format("{} bytes of options, a TCP header carries at most {}", bytes.size(),
                                          kMaxTcpOptionSpace));
  TcpOptionList list;
  std::size_t i = 0;
  const std::size_t n = bytes.size();
  auto stop = [&](std::size_t at, bool malformed) {
    if (malformed) list.malformed_at = at;
    list.trailing.assign(bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.end());
  };
  while (i < n) {
    const std::uint8_t kind = bytes[i];
    if (kind == 0) {
      list.options.push_back(TcpOption::eol());
      stop(i + 1, false);
      return list;
    }
    if (kind == 1) {
      list.options.push_back(TcpOption::nop());
      ++i;
      continue;
    }
    // Linux: no room for a length byte, a length < 2 ("silly option") or one running
    // past the end ("partial option") ends the walk without an error.
    if (n - i < 2 || bytes[i + 1] < 2 || bytes[i + 1] > n - i) {
      stop(i, true);
      return list;
    }
    const std::size_t len = bytes[i + 1];
    list.options.push_back(TcpOption{kind, wire::Bytes(bytes.begin() + static_cast<std::ptrdiff_t>(i + 2),
                                                       bytes.begin() + static_cast<std::ptrdiff_t>(i + len))});
    i += len;
  }
  return list;
}

std::optional<std::uint16_t> TcpOptionList::mss(bool syn) const {
  if (!syn) return std::nullopt;
  for (const auto& o : options)
    if (o.kind == 2 && o.data.size() == 2) return static_cast<std::uint16_t>(o.data[0] << 8 | o.data[1]);
  return std::nullopt;
}

std::optional<std::uint8_t> TcpOptionList::window_scale(bool syn) const {
  if (!syn) return std::nullopt;
  for (const auto& o : options)
    if (o.kind == 3 && o.data.size() == 1) return o.data[0];
  return std::nullopt;
}

bool TcpOptionList::sack_permitted(bool syn) const {
  if (!syn) return false;
  for (const auto& o : options)
    if (o.kind == 4 && o.data.empty()) return true;
  return false;
}

std::optional<std::pair<std::uint32_t, std::uint32_t>> TcpOptionList::timestamps() const {
  for (const auto& o : options) {
    if (o.kind != 8 || o.data.size() != 8) continue;
    wire::ByteReader r(o.data);
    return std::pair{*r.u32be(0), *r.u32be(4)};
  }
  return std::nullopt;
}

namespace {

wire::Field describe_option(const TcpOption& o) {
  std::vector<wire::Field> f;
  f.push_back(wire::num_field("kind", o.kind, tcp_option_kind_name(o.kind)));
  if (!o.is_single_byte()) f.push_back(wire::num_field("length", o.wire_size()));
  wire::ByteReader r(o.data);
  switch (o.kind) {
    case 2:
      if (o.data.size() == 2) f.push_back(wire::num_field("mss", *r.u16be(0)));
      break;
    case 3:
      if (o.data.size() == 1) f.push_back(wire::num_field("window_scale", o.data[0]));
      break;
    case 8:
      if (o.data.size() == 8) {
        f.push_back(wire::num_field("tsval", *r.u32be(0)));
        f.push_back(wire::num_field("tsecr", *r.u32be(4)));
      }
      break;
    case 5: {
      std::vector<wire::Field> blocks;
      for (std::size_t off = 0; off + 8 <= o.data.size(); off += 8)
        blocks.push_back(wire::group_field("", {wire::num_field("left_edge", *r.u32be(off)),
                                                wire::num_field("right_edge", *r.u32be(off + 4))}));
      if (!blocks.empty()) f.push_back(wire::group_field("sack_blocks", std::move(blocks)));
      break;
    }
    case 34:
      f.push_back(wire::text_field("cookie", wire::to_hex(o.data, false)));
      break;
    case 253:
    case 254:
      if (o.data.size() >= 4) {
        const std::uint32_t exid = *r.u32be(0);
        f.push_back(wire::hex_field("exid", exid, 8, exid == 0xE2D4C3D9 ? "SMC (EBCDIC \"SMCR\")" : ""));
        if (o.data.size() > 4) f.push_back(wire::text_field("data", wire::to_hex(r.view(4, o.data.size() - 4).value(), false)));
      } else if (o.data.size() >= 2) {
        const std::uint16_t exid = *r.u16be(0);
        f.push_back(wire::hex_field("exid", exid, 4, exid == 0xF989 ? "TCP Fast Open (experimental)" : ""));
      }
      break;
    default:
      if (!o.data.empty()) f.push_back(wire::text_field("data", wire::to_hex(o.data, false)));
  }
  return wire::group_field("", std::move(f));
}

}  // namespace

wire::MessageDescription describe(const TcpOptionList& list) {
  wire::MessageDescription m;
  m.type = "tcp_options";
  m.title = "TCP options";
  m.length = list.wire_size();
  std::vector<wire::Field> opts;
  for (const auto& o : list.options) opts.push_back(describe_option(o));
  m.fields.push_back(wire::group_field("options", std::move(opts)));
  if (list.malformed_at)
    m.fields.push_back(wire::num_field("malformed_at", *list.malformed_at, "Linux stops parsing here"));
  if (!list.trailing.empty()) m.fields.push_back(wire::text_field("trailing", wire::to_hex(list.trailing, false)));
  return m;
}

}  // namespace smc::tcp_option
