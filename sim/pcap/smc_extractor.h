#pragma once
// Finds the SMC traffic in a capture: the SMC option on SYN / SYN-ACK, CLC messages in
// each TCP direction (reassembled in sequence order and split by the CLC length field, so
// a message may span segments or share one), every RoCEv2 SEND payload (LLC or CDC), and
// RDMA WRITEs (one message per WRITE, First..Last gathered). Decoding is left to the
// codecs (see smc_message_decoder.h): this layer only frames bytes and says where they
// came from.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/wire/bytes.h"
#include "sim/pcap/addresses.h"
#include "sim/pcap/capture_reader.h"
#include "sim/pcap/roce.h"

namespace smc::pcap {

enum class CarrierKind {
  TcpSyn,     // bytes = the TCP option list of a SYN or SYN-ACK
  Clc,        // bytes = one whole CLC message
  RoceSend,   // bytes = the payload of an RC SEND (LLC or CDC)
  RdmaWrite,  // bytes = the data written (all packets of one WRITE)
};
const char* to_string(CarrierKind k);

struct ExtractedMessage {
  CarrierKind kind = CarrierKind::Clc;
  std::size_t frame = 0;  // 1-based; a CLC message spanning segments: the frame that completes it
  std::uint64_t time_ns = 0;
  Endpoint src;  // RoCE: UDP source port / 4791
  Endpoint dst;
  wire::Bytes bytes;
  std::vector<std::size_t> frames;  // every frame that carried a part (first to last)
  // TcpSyn
  std::uint8_t tcp_flags = 0;
  bool smc_option = false;  // Linux's acceptance rule (tcp_option::smc_option_accepted)
  // RoceSend / RdmaWrite
  std::uint32_t dest_qp = 0;
  std::uint32_t psn = 0;  // first packet's PSN
  bool solicited_event = false;
  std::optional<Reth> reth;

  std::string direction() const { return src.to_string() + " -> " + dst.to_string(); }
};

// Something the extractor skipped or could not make sense of; never fatal.
struct ExtractionNote {
  std::size_t frame = 0;
  std::string text;
};

struct Extraction {
  std::vector<ExtractedMessage> messages;  // in frame order
  std::vector<ExtractionNote> notes;
};

Extraction extract_smc(const Capture& capture);

}  // namespace smc::pcap
