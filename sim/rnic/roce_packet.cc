#include "sim/rnic/roce_packet.h"

#include <fmt/format.h>

#include <array>

namespace smc::sim {

std::string_view to_string(RoceOpcode op) {
  switch (op) {
    case RoceOpcode::Send: return "SEND";
    case RoceOpcode::SendWithImm: return "SEND_IMM";
    case RoceOpcode::RdmaWrite: return "WRITE";
    case RoceOpcode::RdmaWriteWithImm: return "WRITE_IMM";
    case RoceOpcode::Ack: return "ACK";
    case RoceOpcode::Nak: return "NAK";
  }
  return "?";
}

std::string_view to_string(NakCode code) {
  switch (code) {
    case NakCode::Rnr: return "RNR";
    case NakCode::RemoteAccess: return "REMOTE_ACCESS";
    case NakCode::InvalidRequest: return "INVALID_REQUEST";
    case NakCode::RemoteOperation: return "REMOTE_OP";
    case NakCode::PsnSequence: return "PSN_SEQ";
  }
  return "?";
}

std::string short_gid(const ports::Gid& g) {
  bool mapped = g[10] == 0xff && g[11] == 0xff;
  for (int i = 0; i < 10 && mapped; ++i) mapped = g[static_cast<std::size_t>(i)] == 0;
  if (mapped) return fmt::format("{}.{}.{}.{}", g[12], g[13], g[14], g[15]);
  return ports::format_gid(g);
}

void trace_packet(Trace& trace, SimTime at, std::string_view actor, std::string_view kind, const RocePacket& p) {
  const std::string src = short_gid(p.src_gid);
  const std::string dst = short_gid(p.dst_gid);
  trace.record(at, actor, kind,
               {{"op", to_string(p.opcode)},
                {"psn", p.psn},
                {"pkts", p.packets},
                {"len", p.length},
                {"src", src},
                {"dst", dst},
                {"sqpn", p.src_qpn},
                {"dqpn", p.dest_qpn}});
}

void trace_qp_packet(Trace& trace, SimTime at, std::string_view actor, std::string_view kind, const RocePacket& p,
                     std::optional<std::uint64_t> wr_id, bool remote) {
  if (p.opcode == RoceOpcode::Ack) {
    trace.record(at, actor, kind, {{"op", to_string(p.opcode)}, {"psn", p.psn}});
    return;
  }
  if (p.opcode == RoceOpcode::Nak) {
    trace.record(at, actor, kind, {{"op", to_string(p.opcode)}, {"psn", p.psn}, {"code", to_string(p.nak)}});
    return;
  }
  // A fixed array, not a vector: this runs for every message of a bulk stream.
  const TraceField blank{"", TraceValue(0u)};
  std::array<TraceField, 8> f{blank, blank, blank, blank, blank, blank, blank, blank};
  std::size_t n = 0;
  if (wr_id) f[n++] = {"wr_id", *wr_id};
  f[n++] = {"op", to_string(p.opcode)};
  f[n++] = {"psn", p.psn};
  f[n++] = {"pkts", p.packets};
  f[n++] = {"len", p.length};
  if (remote && (p.opcode == RoceOpcode::RdmaWrite || p.opcode == RoceOpcode::RdmaWriteWithImm)) {
    f[n++] = {"va", TraceValue::hex(p.remote_addr)};
    f[n++] = {"rkey", TraceValue::hex(p.rkey)};
  }
  if (p.solicited) f[n++] = {"se", true};
  trace.record(TraceRecord{at, actor, kind, std::span<const TraceField>(f.data(), n)});
}

void trace_rx_request(Trace& trace, SimTime at, std::string_view actor, const RocePacket& request,
                      const RocePacket* response) {
  const TraceField blank{"", TraceValue(0u)};
  std::array<TraceField, 8> f{blank, blank, blank, blank, blank, blank, blank, blank};
  std::size_t n = 0;
  f[n++] = {"op", to_string(request.opcode)};
  f[n++] = {"psn", request.psn};
  f[n++] = {"pkts", request.packets};
  f[n++] = {"len", request.length};
  if (request.solicited) f[n++] = {"se", true};
  f[n++] = {"resp", response ? to_string(response->opcode) : std::string_view("none")};
  if (response && response->opcode == RoceOpcode::Nak) f[n++] = {"code", to_string(response->nak)};
  if (response && response->psn != request.psn) f[n++] = {"apsn", response->psn};
  trace.record(TraceRecord{at, actor, "rnic.rx",
                           std::span<const TraceField>(f.data(), n)});
}


}  // namespace smc::sim
