#include "sim/pcap/roce.h"

#include <algorithm>

#include "protocol/wire/byte_writer.h"
#include "sim/pcap/checksum.h"

namespace smc::pcap {

const char* to_string(BthOpcode op) {
  switch (op) {
    case BthOpcode::RcSendFirst: return "RC SEND First";
    case BthOpcode::RcSendMiddle: return "RC SEND Middle";
    case BthOpcode::RcSendLast: return "RC SEND Last";
    case BthOpcode::RcSendOnly: return "RC SEND Only";
    case BthOpcode::RcRdmaWriteFirst: return "RC RDMA WRITE First";
    case BthOpcode::RcRdmaWriteMiddle: return "RC RDMA WRITE Middle";
    case BthOpcode::RcRdmaWriteLast: return "RC RDMA WRITE Last";
    case BthOpcode::RcRdmaWriteOnly: return "RC RDMA WRITE Only";
    case BthOpcode::RcAcknowledge: return "RC Acknowledge";
  }
  return "RC opcode?";
}

bool carries_reth(std::uint8_t opcode) {
  return opcode == static_cast<std::uint8_t>(BthOpcode::RcRdmaWriteFirst) ||
         opcode == static_cast<std::uint8_t>(BthOpcode::RcRdmaWriteOnly);
}

wire::Bytes encode_bth(const Bth& b) {
  wire::ByteWriter w(kBthLength);
  w.u8(b.opcode);
  w.u8(static_cast<std::uint8_t>((b.solicited_event ? 0x80 : 0) | (b.mig_req ? 0x40 : 0) |
                                 (b.pad_count & 3) << 4 | (b.header_version & 0xf)));
  w.u16be(b.partition_key);
  w.u8(b.reserved8a);
  w.u24be(b.dest_qp & 0xffffff);
  w.u8(b.ack_request ? 0x80 : 0);
  w.u24be(b.psn & 0xffffff);
  return w.take();
}

wire::Bytes encode_reth(const Reth& r) {
  wire::ByteWriter w(kRethLength);
  w.u64be(r.virtual_address);
  w.u32be(r.rkey);
  w.u32be(r.dma_length);
  return w.take();
}

std::optional<std::uint32_t> roce_icrc(wire::ByteView ip) {
  if (ip.empty()) return std::nullopt;
  bool v6 = (ip[0] >> 4) == 6;
  std::size_t ip_len = v6 ? kIpv6HeaderLength : static_cast<std::size_t>(ip[0] & 0xf) * 4;
  if (!v6 && ip_len < kIpv4HeaderLength) return std::nullopt;
  std::size_t hdr_len = ip_len + kUdpHeaderLength + kBthLength;
  if (ip.size() < hdr_len) return std::nullopt;
  wire::Bytes masked(ip.begin(), ip.begin() + static_cast<std::ptrdiff_t>(hdr_len));
  if (!v6) {
    masked[1] = 0xff;  // TOS (DSCP/ECN may change hop by hop)
    masked[8] = 0xff;  // TTL
    masked[10] = masked[11] = 0xff;  // header checksum follows the TTL
  } else {
    masked[0] |= 0x0f;  // traffic class and flow label
    masked[1] = masked[2] = masked[3] = 0xff;
    masked[7] = 0xff;  // hop limit
  }
  masked[ip_len + 6] = masked[ip_len + 7] = 0xff;  // UDP checksum
  masked[ip_len + kUdpHeaderLength + 4] = 0xff;    // BTH reserved byte (FECN/BECN)
  static constexpr std::uint8_t kLrhStandIn[8] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  std::uint32_t reg = crc32_update(0xffffffffu, kLrhStandIn);
  reg = crc32_update(reg, masked);
  reg = crc32_update(reg, ip.subspan(hdr_len));
  return ~reg;
}

wire::Bytes build_roce_frame(const FrameAddressing& a, std::uint16_t udp_src_port, Bth bth,
                             const std::optional<Reth>& reth, wire::ByteView payload) {
  bth.pad_count = static_cast<std::uint8_t>((4 - payload.size() % 4) % 4);
  wire::ByteWriter ib;
  ib.raw(encode_bth(bth));
  if (reth) ib.raw(encode_reth(*reth));
  ib.raw(payload);
  ib.zeros(bth.pad_count);
  ib.zeros(kIcrcLength);  // placeholder: counted in the UDP and IP lengths
  wire::Bytes udp = build_udp(a, udp_src_port, kRoceV2UdpPort, ib.bytes(), false);
  wire::Bytes ip = build_ip_header(a, kIpProtoUdp, udp.size());
  ip.insert(ip.end(), udp.begin(), udp.end());
  std::uint32_t icrc = *roce_icrc(wire::ByteView(ip).first(ip.size() - kIcrcLength));
  for (std::size_t i = 0; i < kIcrcLength; ++i) ip[ip.size() - kIcrcLength + i] = static_cast<std::uint8_t>(icrc >> (8 * i));
  return build_ethernet(a.dst_mac, a.src_mac, a.src_ip.v6 ? kEtherTypeIpv6 : kEtherTypeIpv4, ip);
}

wire::Bytes build_roce_send(const RoceQpPath& p, std::uint32_t psn, wire::ByteView payload) {
  Bth bth;
  bth.opcode = static_cast<std::uint8_t>(BthOpcode::RcSendOnly);
  bth.solicited_event = true;
  bth.ack_request = true;
  bth.dest_qp = p.dest_qp;
  bth.psn = psn;
  return build_roce_frame(p.addressing, p.udp_src_port, bth, std::nullopt, payload);
}

std::vector<wire::Bytes> build_rdma_write(const RoceQpPath& p, std::uint32_t first_psn, Reth reth,
                                          wire::ByteView payload, std::size_t path_mtu) {
  std::vector<wire::Bytes> frames;
  reth.dma_length = static_cast<std::uint32_t>(payload.size());
  std::size_t mtu = std::max<std::size_t>(path_mtu, 1);
  std::size_t packets = payload.empty() ? 1 : (payload.size() + mtu - 1) / mtu;
  for (std::size_t i = 0; i < packets; ++i) {
    Bth bth;
    bool first = i == 0;
    bool last = i + 1 == packets;
    bth.opcode = static_cast<std::uint8_t>(first && last ? BthOpcode::RcRdmaWriteOnly
                                           : first       ? BthOpcode::RcRdmaWriteFirst
                                           : last        ? BthOpcode::RcRdmaWriteLast
                                                         : BthOpcode::RcRdmaWriteMiddle);
    bth.ack_request = last;
    bth.dest_qp = p.dest_qp;
    bth.psn = (first_psn + static_cast<std::uint32_t>(i)) & 0xffffff;
    std::size_t off = i * mtu;
    auto chunk = payload.subspan(std::min(off, payload.size()), std::min(mtu, payload.size() - std::min(off, payload.size())));
    // Each packet is its own IPv4 datagram: successive identifications, as rxe sends.
    FrameAddressing a = p.addressing;
    a.ip_id = static_cast<std::uint16_t>(p.addressing.ip_id + i);
    frames.push_back(build_roce_frame(a, p.udp_src_port, bth, first ? std::optional<Reth>(reth) : std::nullopt, chunk));
  }
  return frames;
}

}  // namespace smc::pcap
