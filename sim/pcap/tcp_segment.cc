#include "sim/pcap/tcp_segment.h"

#include "protocol/wire/byte_writer.h"

namespace smc::pcap {

wire::Bytes encode_tcp(const TcpSegment& s, const IpAddress& src, const IpAddress& dst) {
  std::size_t opt_len = (s.options.size() + 3) / 4 * 4;
  std::size_t header_len = kTcpHeaderLength + opt_len;
  wire::ByteWriter w(header_len + s.payload.size());
  w.u16be(s.src_port);
  w.u16be(s.dst_port);
  w.u32be(s.seq);
  w.u32be(s.ack);
  w.u8(static_cast<std::uint8_t>(header_len / 4 << 4));
  w.u8(s.flags);
  w.u16be(s.window);
  w.u16be(0);  // checksum, patched below
  w.u16be(0);  // urgent pointer
  w.raw(s.options);
  w.zeros(opt_len - s.options.size());
  w.raw(s.payload);
  w.put_u16be_at(16, transport_checksum(src, dst, kIpProtoTcp, w.bytes()));
  return w.take();
}

wire::Bytes build_tcp_frame(const FrameAddressing& a, const TcpSegment& s) {
  return build_ip_frame(a, kIpProtoTcp, encode_tcp(s, a.src_ip, a.dst_ip));
}

wire::Bytes smc_tcp_option() { return {0x01, 0x01, 0xfe, 0x06, 0xe2, 0xd4, 0xc3, 0xd9}; }

wire::Bytes linux_syn_options(const LinuxSynOptions& o) {
  wire::ByteWriter w;
  w.u8(2);
  w.u8(4);
  w.u16be(o.mss);
  w.u8(4);  // SACK permitted, packed before the timestamps as Linux does
  w.u8(2);
  w.u8(8);
  w.u8(10);
  w.u32be(o.ts_val);
  w.u32be(o.ts_ecr);
  w.u8(1);
  w.u8(3);
  w.u8(3);
  w.u8(o.window_scale);
  if (o.smc) w.raw(smc_tcp_option());
  return w.take();
}

wire::Bytes linux_timestamp_options(std::uint32_t ts_val, std::uint32_t ts_ecr) {
  wire::ByteWriter w;
  w.u8(1);
  w.u8(1);
  w.u8(8);
  w.u8(10);
  w.u32be(ts_val);
  w.u32be(ts_ecr);
  return w.take();
}

}  // namespace smc::pcap
