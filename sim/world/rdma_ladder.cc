#include "sim/world/rdma_ladder.h"

#include <cstdio>
#include <vector>

#include "protocol/cdc/cdc_message.h"

namespace smc::world {

namespace {

// The first `want` payload bytes of a request (the sender's memory is valid while the
// request is outstanding, which it is at transmit time).
std::vector<std::uint8_t> head_of(const sim::RocePacket& p, std::size_t want) {
  std::vector<std::uint8_t> out;
  for (const auto& seg : p.payload) {
    if (out.size() >= want || !seg.data) break;
    std::size_t n = std::min<std::size_t>(seg.length, want - out.size());
    out.insert(out.end(), seg.data, seg.data + n);
  }
  return out;
}

std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// PSNs are 24-bit serial numbers: is a before b?
bool psn_before(std::uint32_t a, std::uint32_t b) { return ((b - a) & 0xffffff) != 0 && ((b - a) & 0xffffff) < 0x800000; }

}  // namespace

std::string rdma_send_label(const std::uint8_t* bytes, std::size_t size) {
  if (size == 0) return "SEND";
  if (bytes[0] == cdc::kCdcType) return "CDC";
  // wire-format.md §6: LLC type in byte 0 (v2: version nibble 2), response flag 0x80 in byte 3.
  static const char* const kLlc[] = {nullptr,        "Confirm Link", "Add Link",     "Add Link Continuation",
                                     "Delete Link",  "Request Add Link", "Confirm RKey", "Test Link",
                                     "Confirm RKey Continuation", "Delete RKey"};
  const std::uint8_t type = bytes[0] & 0x0f;
  const std::uint8_t version = bytes[0] >> 4;
  if ((version == 0 || version == 2) && type >= 1 && type <= 9) {
    std::string l = std::string("LLC ") + kLlc[type];
    if (size > 3 && (bytes[3] & 0x80)) l += " response";
    return l;
  }
  return "SEND " + hex(bytes[0]);
}

std::optional<std::size_t> RdmaLadder::End::sent(const sim::RocePacket& p, bool dropped, std::int64_t at_ns) {
  const bool retransmission = next_psn_ && psn_before(p.psn, *next_psn_);
  if (!retransmission) next_psn_ = (p.psn + p.packets) & 0xffffff;
  MessageEvent e;
  e.sent_ns = at_ns;
  e.from = from_;
  e.to = to_;
  const bool write = p.opcode == sim::RoceOpcode::RdmaWrite || p.opcode == sim::RoceOpcode::RdmaWriteWithImm;
  Bulk* bulk = nullptr;
  if (write) {
    e.layer = MessageLayer::Rdma;
    e.label = "RDMA WRITE";
    e.detail = "len=" + std::to_string(p.length) + " va=" + hex(p.remote_addr) + " rkey=" + hex(p.rkey);
    bulk = &rdma;
  } else {
    auto head = head_of(p, cdc::kCdcMessageSize);
    e.label = rdma_send_label(head.data(), head.size());
    if (e.label == "CDC") {
      e.layer = MessageLayer::Cdc;
      bulk = &cdc;
      if (auto m = cdc::CdcMessage::decode(head))
        e.detail = "seq=" + std::to_string(m->seqno) + " prod=" + std::to_string(m->producer.wrap) + ":" +
                   std::to_string(m->producer.count) + " cons=" + std::to_string(m->consumer.wrap) + ":" +
                   std::to_string(m->consumer.count);
    } else {
      e.layer = MessageLayer::Llc;
      ++llc;
      e.detail = std::string(!head.empty() && (head[0] >> 4) == 2 ? "v2" : "v1") + " len=" + std::to_string(p.length);
    }
  }
  e.detail += " qp=" + std::to_string(p.src_qpn) + "->" + std::to_string(p.dest_qpn);
  if (retransmission) e.label += " (retransmission)";
  MessageLog& log = ladder_.log_;
  if (bulk) {
    ++bulk->count;
    if (bulk->count > kShownPerLayer) {
      ++bulk->folded;
      bulk->folded_bytes += p.length;
      if (!bulk->summary) {
        e.label = (write ? std::string("RDMA WRITE") : std::string("CDC")) + " (bulk)";
        log.push_back(e);
        bulk->summary = log.size() - 1;
      }
      MessageEvent& s = log[*bulk->summary];
      s.detail = "+" + std::to_string(bulk->folded) + " messages, " + std::to_string(bulk->folded_bytes) + " bytes";
      // A dropped one leaves the summary's arrival to the others.
      return dropped ? std::nullopt : bulk->summary;
    }
  }
  log.push_back(std::move(e));
  if (dropped) return std::nullopt;
  return log.size() - 1;
}

void RdmaLadder::End::arrived(std::size_t token, std::int64_t at_ns) {
  MessageLog& log = ladder_.log_;
  if (token < log.size() && log[token].arrived_ns < at_ns) log[token].arrived_ns = at_ns;
}

std::uint64_t RdmaLadder::messages(MessageLayer layer) const {
  switch (layer) {
    case MessageLayer::Rdma: return client_.rdma.count + server_.rdma.count;
    case MessageLayer::Cdc: return client_.cdc.count + server_.cdc.count;
    case MessageLayer::Llc: return client_.llc + server_.llc;
    default: return 0;
  }
}

}  // namespace smc::world
