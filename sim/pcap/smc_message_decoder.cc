#include "sim/pcap/smc_message_decoder.h"

#include <algorithm>

#include "protocol/cdc/cdc_message.h"
#include "protocol/cdc/smcd_cdc_header.h"
#include "protocol/clc/clc_message.h"
#include "protocol/llc/llc_message.h"
#include "protocol/tcp_option/tcp_option_list.h"

namespace smc::pcap {

const char* to_string(MessageKind k) {
  switch (k) {
    case MessageKind::Auto: return "auto";
    case MessageKind::Clc: return "clc";
    case MessageKind::Llc: return "llc";
    case MessageKind::Cdc: return "cdc";
    case MessageKind::SmcdCdc: return "smcd-cdc";
    case MessageKind::TcpOptions: return "tcp-options";
  }
  return "?";
}

std::optional<MessageKind> parse_message_kind(std::string_view text) {
  for (auto k : {MessageKind::Auto, MessageKind::Clc, MessageKind::Llc, MessageKind::Cdc, MessageKind::SmcdCdc,
                 MessageKind::TcpOptions})
    if (text == to_string(k)) return k;
  return std::nullopt;
}

namespace {

constexpr std::size_t kLlcLength = 44;
constexpr std::size_t kSmcdCdcLength = 32;

bool starts_with_eyecatcher(wire::ByteView b) {
  return b.size() >= 4 && b[0] == 0xe2 && b[1] == 0xd4 && b[2] == 0xc3 && (b[3] == 0xd9 || b[3] == 0xc4);
}

template <typename T, typename Describe, typename Encode>
void take(DecodedMessage& out, wire::DecodeResult<T>&& r, Describe&& describe_fn, Encode&& encode_fn) {
  if (!r) {
    out.error = r.error();
    return;
  }
  out.description = describe_fn(*r);
  out.reencoded = encode_fn(*r);
}

// The length the message at the start of b claims, or nullopt when it cannot be trusted.
std::optional<std::size_t> claimed_length(MessageKind k, wire::ByteView b) {
  switch (k) {
    case MessageKind::Clc: {
      if (b.size() < 8) return std::nullopt;
      std::size_t len = static_cast<std::size_t>(b[5] << 8 | b[6]);
      if (len < 12) return std::nullopt;
      return len;
    }
    case MessageKind::Llc: {
      if (b.size() < 3) return std::nullopt;
      // v1: one length byte (always 44). v2: 16 bits in host order; Linux on x86 sends
      // little-endian (wire-format.md §11.3), which is the codecs' default too.
      if ((b[0] >> 4) == 0) return kLlcLength;
      std::size_t len = static_cast<std::size_t>(b[1] | b[2] << 8);
      if (len < kLlcLength) return std::nullopt;
      return len;
    }
    case MessageKind::Cdc: return kLlcLength;
    case MessageKind::SmcdCdc: return kSmcdCdcLength;
    default: return std::nullopt;
  }
}

}  // namespace

MessageKind resolve_kind(MessageKind k, wire::ByteView bytes) {
  if (k != MessageKind::Auto) return k;
  if (starts_with_eyecatcher(bytes)) return MessageKind::Clc;
  if (!bytes.empty() && bytes[0] == cdc::kCdcType) return MessageKind::Cdc;
  return MessageKind::Llc;
}

DecodedMessage decode_message(MessageKind kind, wire::ByteView bytes) {
  DecodedMessage out;
  out.kind = resolve_kind(kind, bytes);
  out.bytes.assign(bytes.begin(), bytes.end());
  switch (out.kind) {
    case MessageKind::Clc:
      take(out, clc::decode_clc(bytes), [](const auto& m) { return clc::describe(m); },
           [](const auto& m) { return clc::encode(m); });
      break;
    case MessageKind::Llc:
      take(out, llc::decode_llc(bytes), [](const auto& m) { return llc::describe(m); },
           [](const auto& m) { return llc::encode_llc(m); });
      break;
    case MessageKind::Cdc:
      take(out, cdc::CdcMessage::decode(bytes), [](const auto& m) { return cdc::describe(m); },
           [](const auto& m) { return m.encode(); });
      break;
    case MessageKind::SmcdCdc:
      take(out, cdc::SmcdCdcHeader::decode(bytes), [](const auto& m) { return cdc::describe(m); },
           [](const auto& m) { return m.encode(); });
      break;
    case MessageKind::TcpOptions:
      take(out, tcp_option::TcpOptionList::decode(bytes), [](const auto& m) { return tcp_option::describe(m); },
           [](const auto& m) { return m.encode(); });
      break;
    case MessageKind::Auto: break;  // resolved above
  }
  return out;
}

std::vector<DecodedMessage> decode_concatenated(MessageKind kind, wire::ByteView bytes) {
  std::vector<DecodedMessage> out;
  std::size_t off = 0;
  do {
    wire::ByteView rest = bytes.subspan(off);
    MessageKind k = resolve_kind(kind, rest);
    std::size_t len = rest.size();
    if (k != MessageKind::TcpOptions) {
      auto claimed = claimed_length(k, rest);
      if (claimed && *claimed <= rest.size()) len = *claimed;
    }
    DecodedMessage m = decode_message(k, rest.first(len));
    m.offset = off;
    // Errors inside a later message name offsets within that message; keep them so, and
    // say where the message starts.
    out.push_back(std::move(m));
    off += len;
  } while (off < bytes.size() && out.back().ok());
  return out;
}

DecodedMessage decode_extracted(const ExtractedMessage& m) {
  switch (m.kind) {
    case CarrierKind::Clc: return decode_message(MessageKind::Clc, m.bytes);
    case CarrierKind::RoceSend:
      // A SEND on an SMC-R link is CDC (0xFE) or LLC; never CLC, even if it looked like it.
      return decode_message(!m.bytes.empty() && m.bytes[0] == cdc::kCdcType ? MessageKind::Cdc : MessageKind::Llc,
                            m.bytes);
    case CarrierKind::TcpSyn: return decode_message(MessageKind::TcpOptions, m.bytes);
    case CarrierKind::RdmaWrite: break;
  }
  DecodedMessage out;
  out.kind = MessageKind::Auto;
  wire::MessageDescription d;
  d.type = "rdma_write";
  d.title = "RDMA WRITE";
  d.length = m.bytes.size();
  if (m.reth) {
    d.fields.push_back(wire::hex_field("virtual_address", m.reth->virtual_address, 16));
    d.fields.push_back(wire::hex_field("rkey", m.reth->rkey, 8));
    d.fields.push_back(wire::num_field("dma_length", m.reth->dma_length));
  }
  d.fields.push_back(wire::hex_field("dest_qp", m.dest_qp, 6));
  d.fields.push_back(wire::num_field("first_psn", m.psn));
  d.fields.push_back(wire::num_field("packets", m.frames.size()));
  out.description = std::move(d);
  return out;
}

}  // namespace smc::pcap
