#pragma once
// What one message costs on the wire, for TCP and for SMC-R: how many frames, of which
// sizes (Ethernet header included, as sim/net serializes them: no preamble, FCS or gap).
// docs/performance-model.md lists every constant and where it comes from; the RoCE header
// lengths are sim/pcap's (roce.h), which builds exactly these frames.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace smc::perf {

inline constexpr std::size_t kEthernetHeader = 14;  // dst MAC, src MAC, EtherType
inline constexpr std::size_t kIpv4Header = 20;      // no options
inline constexpr std::size_t kTcpHeader = 20;
// Linux sends the timestamp option (10 bytes, NOP-padded to 12) on every segment.
inline constexpr std::size_t kTcpTimestampOption = 12;
inline constexpr std::size_t kUdpHeader = 8;
inline constexpr std::size_t kAethLength = 4;  // ACK Extended Transport Header of an RC ACK
inline constexpr std::size_t kCdcMessage = 44;  // wire-format.md §4.1
// A SYN / SYN-ACK as Linux lays out its options (MSS 4, SACK-permitted + timestamps 12,
// window scale 4 with its NOP) plus the SMC experimental option (8).
inline constexpr std::size_t kTcpSynOptions = 20;
inline constexpr std::size_t kSmcSynOption = 8;

// TCP payload per segment: MTU - IPv4 - TCP - timestamps (1448 at MTU 1500).
std::size_t tcp_segment_payload(std::size_t mtu);
// Data segments for `bytes` (at least 1: an empty message still costs a segment).
std::size_t tcp_segments(std::size_t bytes, std::size_t mtu);
// Frame sizes of those segments, in order.
std::vector<std::size_t> tcp_data_frames(std::size_t bytes, std::size_t mtu);
// A segment without data (pure ACK, FIN): Ethernet + IPv4 + TCP + timestamps.
std::size_t tcp_control_frame();
// A SYN or SYN-ACK, with or without the SMC option.
std::size_t tcp_syn_frame(bool smc_option);
// A segment carrying `payload` bytes of a CLC message.
std::size_t tcp_payload_frame(std::size_t payload);

// The RoCE path MTU of a netdev: the largest InfiniBand MTU (256 .. 4096) whose packet,
// with IPv4 + UDP + BTH + RETH + ICRC, fits the netdev MTU (1024 at 1500, 4096 at 9000).
std::size_t roce_path_mtu(std::size_t netdev_mtu);

struct RoceFrame {
  std::size_t bytes = 0;       // Ethernet frame size
  bool ack_request = false;    // the responder answers it with an RC ACK
};
// An RDMA WRITE split at the path MTU: First (with RETH) / Middle / Last, or Only.
std::vector<RoceFrame> rdma_write_frames(std::size_t bytes, std::size_t path_mtu);
// An RC SEND Only of `payload` bytes (a CDC message: 44; an LLC message: 44 in v1).
RoceFrame roce_send_frame(std::size_t payload = kCdcMessage);
// The RC ACK the responder's NIC sends for a packet with the AckReq bit.
std::size_t rc_ack_frame();

}  // namespace smc::perf
