#pragma once
// One RC message on the simulated RoCEv2 wire. A message of n bytes occupies
// max(1, ceil(n / path MTU)) packets and as many PSNs; the model moves it as one unit
// (first PSN + packet count) so that a 64 KiB write is one event, not 64, while PSN
// arithmetic, retransmission and packet counters stay those of the real protocol.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocol/ports/rnic.h"
#include "sim/kernel/time.h"
#include "sim/kernel/trace.h"

namespace smc::sim {

enum class RoceOpcode : std::uint8_t { Send, SendWithImm, RdmaWrite, RdmaWriteWithImm, Ack, Nak };
enum class NakCode : std::uint8_t { Rnr, RemoteAccess, InvalidRequest, RemoteOperation, PsnSequence };

std::string_view to_string(RoceOpcode op);

constexpr RoceOpcode wire_opcode(ports::SendOpcode op) {
  switch (op) {
    case ports::SendOpcode::Send: return RoceOpcode::Send;
    case ports::SendOpcode::SendWithImm: return RoceOpcode::SendWithImm;
    case ports::SendOpcode::RdmaWrite: return RoceOpcode::RdmaWrite;
    case ports::SendOpcode::RdmaWriteWithImm: return RoceOpcode::RdmaWriteWithImm;
  }
  return RoceOpcode::Send;
}
std::string_view to_string(NakCode code);

// A piece of the sender's registered memory. The payload is not copied when the message
// is sent: the responder copies straight from here when the message lands (the verbs
// contract forbids touching a buffer before its WR completes). `mr_id`/`mr_generation`
// let the sender check the region is still registered at that moment.
struct PayloadSegment {
  const std::uint8_t* data = nullptr;
  std::uint32_t length = 0;
  std::uint32_t mr_id = 0;
  std::uint32_t mr_generation = 0;
};

class SimRnic;

struct RocePacket {
  RoceOpcode opcode = RoceOpcode::Send;
  ports::Gid src_gid{};
  ports::Gid dst_gid{};
  std::uint32_t src_qpn = 0;
  std::uint32_t dest_qpn = 0;
  std::uint32_t psn = 0;      // first PSN (requests) or the PSN acknowledged / NAKed
  std::uint32_t packets = 1;  // wire packets this message stands for
  std::uint32_t length = 0;   // payload bytes
  bool solicited = false;
  std::uint32_t imm_data = 0;
  std::uint64_t remote_addr = 0;
  std::uint32_t rkey = 0;
  NakCode nak = NakCode::Rnr;
  std::uint8_t rnr_timer = 0;  // NAK(RNR): the responder's min_rnr_timer
  // Requests only: where the payload is, and who owns that memory.
  const SimRnic* source = nullptr;
  std::vector<PayloadSegment> payload;
};

// One trace record for `p` under `actor`:
//   ... server/rnic0/qp17 rnic.tx op=WRITE psn=100 pkts=64 len=65536 va=0x10000000 rkey=0x101
//       src=10.0.0.1 dst=10.0.0.2 dqpn=18
void trace_packet(Trace& trace, SimTime at, std::string_view actor, std::string_view kind, const RocePacket& p);
// The compact record a QP writes for its own packets: the addresses are the QP's (traced
// once when it went to RTR), so only what changes per message is written:
//   ... client/rnic0/qp256 rnic.tx wr_id=3 op=WRITE psn=48 pkts=16 len=65536 va=0x10010000 rkey=0x101
// `wr_id` only for requests leaving the requester; `va`/`rkey` only with `remote`.
void trace_qp_packet(Trace& trace, SimTime at, std::string_view actor, std::string_view kind, const RocePacket& p,
                     std::optional<std::uint64_t> wr_id, bool remote);
// The responder's record of a request, with the ACK/NAK it answered (null: none):
//   ... server/rnic0/qp257 rnic.rx op=WRITE psn=48 pkts=16 len=65536 resp=ACK
void trace_rx_request(Trace& trace, SimTime at, std::string_view actor, const RocePacket& request,
                      const RocePacket* response);
// The interesting part of a GID: "10.0.0.1" for a v4-mapped GID, else the full form.
std::string short_gid(const ports::Gid& g);

}  // namespace smc::sim
