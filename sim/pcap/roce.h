#pragma once
// RoCEv2 packets as rxe and RoCE NICs put them on the wire: UDP (destination port 4791)
// carrying an InfiniBand Base Transport Header, an optional RDMA Extended Transport
// Header, the payload padded to 4 bytes, and the 4-byte invariant CRC (ICRC).
#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/wire/bytes.h"
#include "sim/pcap/ip_frame.h"

namespace smc::pcap {

inline constexpr std::uint16_t kRoceV2UdpPort = 4791;
inline constexpr std::size_t kBthLength = 12;
inline constexpr std::size_t kRethLength = 16;
inline constexpr std::size_t kIcrcLength = 4;

// Reliable-connection opcodes (IBA vol. 1, table 38) that SMC-R uses.
enum class BthOpcode : std::uint8_t {
  RcSendFirst = 0x00,
  RcSendMiddle = 0x01,
  RcSendLast = 0x02,
  RcSendOnly = 0x04,
  RcRdmaWriteFirst = 0x06,
  RcRdmaWriteMiddle = 0x07,
  RcRdmaWriteLast = 0x08,
  RcRdmaWriteOnly = 0x0a,
  RcAcknowledge = 0x11,
};
const char* to_string(BthOpcode op);  // "RC SEND Only"
bool carries_reth(std::uint8_t opcode);  // RDMA WRITE First / Only

struct Bth {
  std::uint8_t opcode = 0;
  bool solicited_event = false;
  bool mig_req = false;
  std::uint8_t pad_count = 0;      // 0-3, bytes added after the payload
  std::uint8_t header_version = 0;
  std::uint16_t partition_key = 0xffff;  // default partition, as rxe sends
  std::uint8_t reserved8a = 0;     // byte 4 (FECN/BECN in RoCEv2); masked out of the ICRC
  std::uint32_t dest_qp = 0;       // 24 bits
  bool ack_request = false;
  std::uint32_t psn = 0;           // 24 bits
};

struct Reth {
  std::uint64_t virtual_address = 0;
  std::uint32_t rkey = 0;
  std::uint32_t dma_length = 0;
};

wire::Bytes encode_bth(const Bth& b);
wire::Bytes encode_reth(const Reth& r);

// The ICRC of a RoCEv2 packet given as its IP packet (IP header up to the end of the
// padded payload, without the ICRC): CRC-32 over 8 bytes of 0xFF standing in for the
// InfiniBand LRH, then the IP/UDP/BTH headers with their variant fields set to ones
// (IPv4 TOS, TTL, header checksum; IPv6 traffic class, flow label, hop limit; UDP
// checksum; BTH byte 4), then the rest of the packet unchanged. The CRC register is
// complemented and sent least significant byte first, like Ethernet's FCS.
// nullopt if the bytes are too short to hold IP, UDP and BTH headers.
std::optional<std::uint32_t> roce_icrc(wire::ByteView ip_packet);

// One complete Ethernet frame: headers, payload, pad to 4 bytes, ICRC.
wire::Bytes build_roce_frame(const FrameAddressing& a, std::uint16_t udp_src_port, Bth bth,
                             const std::optional<Reth>& reth, wire::ByteView payload);

// The path of one RC queue pair on the wire. rxe derives the UDP source port from the
// QP numbers; the simulator picks it and keeps it constant per QP.
struct RoceQpPath {
  FrameAddressing addressing;
  std::uint16_t udp_src_port = 0xc000;
  std::uint32_t dest_qp = 0;
};

// An LLC or CDC message: RC SEND Only with the solicited-event bit (Linux posts every
// LLC/CDC work request solicited) and the acknowledge-request bit (last packet of a
// request).
wire::Bytes build_roce_send(const RoceQpPath& p, std::uint32_t psn, wire::ByteView payload);

// An RDMA WRITE of payload split at the path MTU (256..4096): RDMA WRITE Only if it fits
// one packet, else First (with RETH) / Middle... / Last; PSNs count up from first_psn
// modulo 2^24, IPv4 identifications from addressing.ip_id; ack request only on the last
// packet. reth.dma_length is set to the payload size.
std::vector<wire::Bytes> build_rdma_write(const RoceQpPath& p, std::uint32_t first_psn, Reth reth,
                                          wire::ByteView payload, std::size_t path_mtu);

}  // namespace smc::pcap
