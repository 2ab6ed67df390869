#include "sim/pcap/frame_parser.h"

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"
#include "sim/pcap/ip_frame.h"

namespace smc::pcap {

namespace {

using wire::decode_error;
using wire::DecodeErrorKind;

wire::DecodeResult<Ok> parse_roce(const wire::ByteReader& r, std::size_t off, std::size_t end, wire::ByteView ip_packet,
                                  UdpView& udp) {
  if (end - off < kBthLength + kIcrcLength) return r.truncated("bth", off, kBthLength + kIcrcLength);
  RoceView v;
  v.bth.opcode = *r.u8(off);
  std::uint8_t b1 = *r.u8(off + 1);
  v.bth.solicited_event = b1 & 0x80;
  v.bth.mig_req = b1 & 0x40;
  v.bth.pad_count = (b1 >> 4) & 3;
  v.bth.header_version = b1 & 0xf;
  v.bth.partition_key = *r.u16be(off + 2);
  v.bth.reserved8a = *r.u8(off + 4);
  v.bth.dest_qp = *r.u24be(off + 5);
  v.bth.ack_request = *r.u8(off + 8) & 0x80;
  v.bth.psn = *r.u24be(off + 9);
  std::size_t p = off + kBthLength;
  if (carries_reth(v.bth.opcode)) {
    if (end - p < kRethLength + kIcrcLength) return r.truncated("reth", p, kRethLength + kIcrcLength);
    v.reth = Reth{*r.u64be(p), *r.u32be(p + 8), *r.u32be(p + 12)};
    p += kRethLength;
  }
  std::size_t payload_end = end - kIcrcLength;
  if (payload_end - p < v.bth.pad_count)
    return decode_error(DecodeErrorKind::BadLength, "bth.pad_count", off + 1,
                        fmt::format("pad {} > {} payload bytes", v.bth.pad_count, payload_end - p));
  v.payload = *r.view(p, payload_end - p - v.bth.pad_count);
  v.icrc = *r.u32le(payload_end);
  std::size_t ip_start = static_cast<std::size_t>(ip_packet.data() - r.data().data());
  auto expect = roce_icrc(ip_packet.first(payload_end - ip_start));
  v.icrc_ok = expect && *expect == v.icrc;
  udp.roce = v;
  return Ok{};
}

}  // namespace

wire::DecodeResult<ParsedFrame> parse_frame(wire::ByteView frame) {
  wire::ByteReader r(frame);
  ParsedFrame f;
  if (!r.has(0, kEthernetHeaderLength)) return r.truncated("ethernet", 0, kEthernetHeaderLength);
  f.dst_mac = *r.array<6>(0);
  f.src_mac = *r.array<6>(6);
  std::size_t off = 12;
  f.ethertype = *r.u16be(off);
  // 802.1Q / 802.1ad tags: skip to the inner EtherType.
  while (f.ethertype == 0x8100 || f.ethertype == 0x88a8) {
    off += 4;
    auto et = r.u16be(off);
    if (!et) return r.truncated("vlan tag", off, 2);
    f.ethertype = *et;
  }
  off += 2;
  std::size_t ip_start = off, ip_end = 0, l4 = 0;
  if (f.ethertype == kEtherTypeIpv4) {
    auto vihl = r.u8(off);
    if (!vihl || !r.has(off, kIpv4HeaderLength)) return r.truncated("ipv4 header", off, kIpv4HeaderLength);
    std::size_t ihl = static_cast<std::size_t>(*vihl & 0xf) * 4;
    if ((*vihl >> 4) != 4 || ihl < kIpv4HeaderLength)
      return decode_error(DecodeErrorKind::BadLength, "ipv4.ihl", off, fmt::format("version/IHL byte {:#04x}", *vihl));
    std::size_t total = *r.u16be(off + 2);
    if (total < ihl || !r.has(off, total))
      return decode_error(DecodeErrorKind::BadLength, "ipv4.total_length", off + 2,
                          fmt::format("{} with header {} and {} bytes in the frame", total, ihl, frame.size() - off));
    f.is_ip = true;
    f.hop_limit = *r.u8(off + 8);
    f.ip_protocol = *r.u8(off + 9);
    f.src_ip = IpAddress::v4(*r.array<4>(off + 12));
    f.dst_ip = IpAddress::v4(*r.array<4>(off + 16));
    std::uint16_t frag = *r.u16be(off + 6);
    ip_end = off + total;  // Ethernet padding after the datagram is not payload
    l4 = off + ihl;
    f.ip_packet = *r.view(ip_start, ip_end - ip_start);
    if ((frag & 0x3fff) != 0) return f;  // a fragment: no transport header to read
  } else if (f.ethertype == kEtherTypeIpv6) {
    if (!r.has(off, kIpv6HeaderLength)) return r.truncated("ipv6 header", off, kIpv6HeaderLength);
    if ((*r.u8(off) >> 4) != 6)
      return decode_error(DecodeErrorKind::BadVersion, "ipv6.version", off, fmt::format("{}", *r.u8(off) >> 4));
    std::size_t plen = *r.u16be(off + 4);
    if (!r.has(off + kIpv6HeaderLength, plen))
      return decode_error(DecodeErrorKind::BadLength, "ipv6.payload_length", off + 4,
                          fmt::format("{} with {} bytes in the frame", plen, frame.size() - off - kIpv6HeaderLength));
    f.is_ip = true;
    f.ip_protocol = *r.u8(off + 6);
    f.hop_limit = *r.u8(off + 7);
    f.src_ip = IpAddress::v6_from(*r.array<16>(off + 8));
    f.dst_ip = IpAddress::v6_from(*r.array<16>(off + 24));
    l4 = off + kIpv6HeaderLength;
    ip_end = l4 + plen;
    f.ip_packet = *r.view(ip_start, ip_end - ip_start);
  } else {
    return f;
  }

  if (f.ip_protocol == kIpProtoTcp) {
    if (ip_end - l4 < 20) return r.truncated("tcp header", l4, 20);
    TcpView t;
    t.src_port = *r.u16be(l4);
    t.dst_port = *r.u16be(l4 + 2);
    t.seq = *r.u32be(l4 + 4);
    t.ack = *r.u32be(l4 + 8);
    std::size_t hlen = static_cast<std::size_t>(*r.u8(l4 + 12) >> 4) * 4;
    t.flags = *r.u8(l4 + 13);
    t.window = *r.u16be(l4 + 14);
    t.checksum = *r.u16be(l4 + 16);
    if (hlen < 20 || hlen > ip_end - l4)
      return decode_error(DecodeErrorKind::BadLength, "tcp.data_offset", l4 + 12,
                          fmt::format("header {} bytes, segment {}", hlen, ip_end - l4));
    t.options = *r.view(l4 + 20, hlen - 20);
    t.payload = *r.view(l4 + hlen, ip_end - l4 - hlen);
    f.tcp = t;
  } else if (f.ip_protocol == kIpProtoUdp) {
    if (ip_end - l4 < kUdpHeaderLength) return r.truncated("udp header", l4, kUdpHeaderLength);
    UdpView u;
    u.src_port = *r.u16be(l4);
    u.dst_port = *r.u16be(l4 + 2);
    std::size_t ulen = *r.u16be(l4 + 4);
    u.checksum = *r.u16be(l4 + 6);
    if (ulen < kUdpHeaderLength || ulen > ip_end - l4)
      return decode_error(DecodeErrorKind::BadLength, "udp.length", l4 + 4, fmt::format("{} in {} bytes", ulen, ip_end - l4));
    std::size_t end = l4 + ulen;
    u.payload = *r.view(l4 + kUdpHeaderLength, ulen - kUdpHeaderLength);
    if (u.dst_port == kRoceV2UdpPort) {
      auto ok = parse_roce(r, l4 + kUdpHeaderLength, end, f.ip_packet, u);
      if (!ok) return Unexpected<wire::DecodeError>{ok.error()};
    }
    f.udp = u;
  }
  return f;
}

}  // namespace smc::pcap
