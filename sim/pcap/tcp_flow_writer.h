#pragma once
// Turns what the two ends of one TCP connection send (handshake with options, byte
// streams, FINs) into frames with consistent sequence and acknowledgement numbers, and
// appends them to a capture. The simulator's stream transport is not a TCP
// implementation; this helper makes its traffic look like one to Wireshark: each side's
// sequence numbers advance by the bytes it sent (+1 for SYN and FIN), and every segment
// acknowledges everything the peer has sent so far (the simulated network is in order).
#include <cstdint>

#include "protocol/wire/bytes.h"
#include "sim/pcap/pcap_writer.h"
#include "sim/pcap/tcp_segment.h"

namespace smc::pcap {

enum class TcpSide { Client, Server };

struct TcpFlowConfig {
  FrameAddressing client_to_server;  // the server's frames use its reversed()
  std::uint16_t client_port = 0;
  std::uint16_t server_port = 0;
  std::uint32_t client_isn = 0;
  std::uint32_t server_isn = 0;
  std::uint16_t mss = 1460;       // largest payload per segment
  std::uint16_t window = 502;     // advertised window field after the handshake (scaled)
  std::uint16_t syn_window = 64240;
  bool client_smc_option = true;  // SMC experimental option on the SYN
  bool server_smc_option = true;  // ... and on the SYN-ACK
  bool timestamps = true;         // RFC 7323 timestamps, TSval = virtual time in ms
};

class TcpFlowWriter {
 public:
  TcpFlowWriter(PcapWriter& out, TcpFlowConfig config);
  TcpFlowWriter(const TcpFlowWriter&) = delete;
  TcpFlowWriter& operator=(const TcpFlowWriter&) = delete;

  void syn(std::uint64_t time_ns);
  void syn_ack(std::uint64_t time_ns);
  // A segment without data acknowledging everything the peer sent.
  void ack(TcpSide from, std::uint64_t time_ns);
  // Data split into segments of at most mss bytes; PSH on the last one.
  void send(TcpSide from, std::uint64_t time_ns, wire::ByteView data);
  void fin(TcpSide from, std::uint64_t time_ns);

  std::uint32_t next_seq(TcpSide side) const { return side == TcpSide::Client ? client_nxt_ : server_nxt_; }

 private:
  void emit(TcpSide from, std::uint64_t time_ns, std::uint8_t flags, wire::Bytes options, wire::ByteView payload);

  PcapWriter& out_;
  TcpFlowConfig config_;
  std::uint32_t client_nxt_;
  std::uint32_t server_nxt_;
  std::uint16_t client_ip_id_;
  std::uint16_t server_ip_id_ = 0;
  std::uint32_t last_ts_[2] = {0, 0};
};

}  // namespace smc::pcap
