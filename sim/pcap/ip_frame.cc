#include "sim/pcap/ip_frame.h"

#include "protocol/wire/byte_writer.h"
#include "sim/pcap/checksum.h"

namespace smc::pcap {

FrameAddressing FrameAddressing::reversed() const {
  FrameAddressing r = *this;
  r.src_mac = dst_mac;
  r.dst_mac = src_mac;
  r.src_ip = dst_ip;
  r.dst_ip = src_ip;
  return r;
}

wire::Bytes build_ethernet(const MacAddress& dst, const MacAddress& src, std::uint16_t ethertype,
                           wire::ByteView payload) {
  wire::ByteWriter w(kEthernetHeaderLength + payload.size());
  w.raw(dst);
  w.raw(src);
  w.u16be(ethertype);
  w.raw(payload);
  return w.take();
}

wire::Bytes build_ip_header(const FrameAddressing& a, std::uint8_t protocol, std::size_t payload_length) {
  wire::ByteWriter w;
  if (!a.src_ip.v6) {
    w.u8(0x45);  // version 4, IHL 5 words
    w.u8(a.traffic_class);
    w.u16be(static_cast<std::uint16_t>(kIpv4HeaderLength + payload_length));
    w.u16be(a.ip_id);
    w.u16be(a.dont_fragment ? 0x4000 : 0);
    w.u8(a.hop_limit);
    w.u8(protocol);
    w.u16be(0);
    w.raw(wire::ByteView(a.src_ip.bytes.data(), 4));
    w.raw(wire::ByteView(a.dst_ip.bytes.data(), 4));
    w.put_u16be_at(10, internet_checksum(w.bytes()));
  } else {
    w.u32be(6u << 28 | static_cast<std::uint32_t>(a.traffic_class) << 20 | (a.flow_label & 0xfffff));
    w.u16be(static_cast<std::uint16_t>(payload_length));
    w.u8(protocol);
    w.u8(a.hop_limit);
    w.raw(a.src_ip.bytes);
    w.raw(a.dst_ip.bytes);
  }
  return w.take();
}

wire::Bytes build_ip_frame(const FrameAddressing& a, std::uint8_t protocol, wire::ByteView transport) {
  wire::Bytes ip = build_ip_header(a, protocol, transport.size());
  ip.insert(ip.end(), transport.begin(), transport.end());
  return build_ethernet(a.dst_mac, a.src_mac, a.src_ip.v6 ? kEtherTypeIpv6 : kEtherTypeIpv4, ip);
}

std::uint16_t transport_checksum(const IpAddress& src, const IpAddress& dst, std::uint8_t protocol,
                                 wire::ByteView segment) {
  InternetChecksum c;
  c.add(wire::ByteView(src.bytes.data(), src.size()));
  c.add(wire::ByteView(dst.bytes.data(), dst.size()));
  // IPv4: zero, protocol, 16-bit length; IPv6: 32-bit length, 3 zero bytes, next header.
  // Both sum to the same words when the length fits 16 bits.
  c.add_u32(static_cast<std::uint32_t>(segment.size()));
  c.add_u16(protocol);
  c.add(segment);
  return c.finish();
}

wire::Bytes build_udp(const FrameAddressing& a, std::uint16_t src_port, std::uint16_t dst_port,
                      wire::ByteView payload, bool with_checksum) {
  wire::ByteWriter w(kUdpHeaderLength + payload.size());
  w.u16be(src_port);
  w.u16be(dst_port);
  w.u16be(static_cast<std::uint16_t>(kUdpHeaderLength + payload.size()));
  w.u16be(0);
  w.raw(payload);
  if (with_checksum || a.src_ip.v6) {
    std::uint16_t sum = transport_checksum(a.src_ip, a.dst_ip, kIpProtoUdp, w.bytes());
    // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
    w.put_u16be_at(6, sum == 0 ? 0xffff : sum);
  }
  return w.take();
}

}  // namespace smc::pcap
