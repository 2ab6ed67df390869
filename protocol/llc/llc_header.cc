#include "protocol/llc/llc_header.h"

#include <arpa/inet.h>
#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

const char* to_string(LlcType type) {
  switch (type) {
    case LlcType::ConfirmLink: return "Confirm Link";
    case LlcType::AddLink: return "Add Link";
    case LlcType::AddLinkContinuation: return "Add Link Continuation";
    case LlcType::DeleteLink: return "Delete Link";
    case LlcType::RequestAddLink: return "Request Add Link";
    case LlcType::ConfirmRkey: return "Confirm RKey";
    case LlcType::TestLink: return "Test Link";
    case LlcType::ConfirmRkeyContinuation: return "Confirm RKey Continuation";
    case LlcType::DeleteRkey: return "Delete RKey";
    case LlcType::AnnounceCredits: return "Announce Credits";
  }
  return "unknown";
}

const char* type_key(LlcType type) {
  switch (type) {
    case LlcType::ConfirmLink: return "llc_confirm_link";
    case LlcType::AddLink: return "llc_add_link";
    case LlcType::AddLinkContinuation: return "llc_add_link_continuation";
    case LlcType::DeleteLink: return "llc_delete_link";
    case LlcType::RequestAddLink: return "llc_request_add_link";
    case LlcType::ConfirmRkey: return "llc_confirm_rkey";
    case LlcType::TestLink: return "llc_test_link";
    case LlcType::ConfirmRkeyContinuation: return "llc_confirm_rkey_continuation";
    case LlcType::DeleteRkey: return "llc_delete_rkey";
    case LlcType::AnnounceCredits: return "llc_announce_credits";
  }
  return "llc_unknown";
}

bool type_known(LlcVersion v, LlcType t, bool anolis) {
  switch (t) {
    case LlcType::ConfirmLink:
    case LlcType::AddLink:
    case LlcType::DeleteLink:
    case LlcType::ConfirmRkey:
    case LlcType::TestLink:
    case LlcType::DeleteRkey:
      return true;
    case LlcType::AddLinkContinuation:
    case LlcType::ConfirmRkeyContinuation:
      return v == LlcVersion::V1;
    case LlcType::RequestAddLink:
      return v == LlcVersion::V2;
    case LlcType::AnnounceCredits:
      return anolis && v == LlcVersion::V1;
  }
  return false;
}

const char* to_string(AddLinkRejectReason r) {
  switch (r) {
    case AddLinkRejectReason::None: return "none";
    case AddLinkRejectReason::NoAlternatePath: return "no alternate path";
  }
  return "unknown";
}

std::uint16_t read_u16(wire::ByteView bytes, std::size_t off, LlcByteOrder order) {
  wire::ByteReader r(bytes);
  auto v = order == LlcByteOrder::Little ? r.u16le(off) : r.u16be(off);
  return v.value_or(0);
}

void put_u16(wire::ByteWriter& w, std::uint16_t v, LlcByteOrder order) {
  if (order == LlcByteOrder::Little) w.u16le(v);
  else w.u16be(v);
}

wire::DecodeResult<LlcHeader> decode_llc_header(wire::ByteView bytes, const LlcCodecOptions& opt) {
  using wire::DecodeErrorKind;
  wire::ByteReader r(bytes);
  auto type_byte = r.u8(0);
  if (!type_byte) return r.truncated("type", 0, 1);
  const std::uint8_t version = *type_byte >> 4;
  const auto type = static_cast<LlcType>(*type_byte & 0x0f);
  if (version != 0 && version != 2)
    return wire::decode_error(DecodeErrorKind::BadVersion, "type", 0,
                              fmt::format("type byte 0x{:02x}: LLC version {} (Linux knows 0 and 2)", *type_byte, version));
  if (!type_known(static_cast<LlcVersion>(version), type, opt.anolis))
    return wire::decode_error(DecodeErrorKind::BadType, "type", 0,
                              fmt::format("type byte 0x{:02x} has no LLC handler", *type_byte));
  // Linux drops any LLC receive shorter than the 44-byte message.
  if (bytes.size() < kLlcMessageSize) return r.truncated("message", 0, kLlcMessageSize);
  LlcHeader h;
  h.version = static_cast<LlcVersion>(version);
  h.type = type;
  h.flags = bytes[3];
  if (h.version == LlcVersion::V1) {
    h.length = bytes[1];
    h.reject_reason = bytes[2] & 0x0f;
    if (h.length != kLlcMessageSize)
      return wire::decode_error(DecodeErrorKind::BadLength, "length", 1,
                                fmt::format("v1 length {} (must be 44)", h.length));
  } else {
    h.length = read_u16(bytes, 1, opt.byte_order);
    if (h.length < kLlcMessageSize)
      return wire::decode_error(DecodeErrorKind::BadLength, "length", 1, fmt::format("v2 length {} < 44", h.length));
    if (h.length > bytes.size())
      return wire::decode_error(DecodeErrorKind::BadLength, "length", 1,
                                fmt::format("v2 length {} but only {} bytes received", h.length, bytes.size()));
  }
  return h;
}

wire::DecodeResult<LlcHeader> decode_llc_header_of(wire::ByteView bytes, LlcType want, const LlcCodecOptions& opt) {
  LlcCodecOptions o = opt;
  if (want == LlcType::AnnounceCredits) o.anolis = true;  // asking for it explicitly
  auto h = decode_llc_header(bytes, o);
  if (!h) return h;
  if (h->type != want)
    return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 0,
                              fmt::format("{} where {} was expected", to_string(h->type), to_string(want)));
  return h;
}

void encode_llc_header(wire::ByteWriter& w, const LlcHeader& h, LlcByteOrder order) {
  w.u8(type_byte(h.version, h.type));
  if (h.version == LlcVersion::V1) {
    w.u8(static_cast<std::uint8_t>(h.length));
    w.u8(h.reject_reason & 0x0f);
  } else {
    put_u16(w, h.length, order);
  }
  w.u8(h.flags);
}

wire::MessageDescription llc_description(const LlcHeader& h, std::string flag_names) {
  wire::MessageDescription m;
  m.type = type_key(h.type);
  m.title = fmt::format("LLC {} v{} {}", to_string(h.type), h.version == LlcVersion::V2 ? 2 : 1,
                        h.response() ? "response" : "request");
  m.length = h.length;
  m.fields.push_back(wire::hex_field("type", type_byte(h.version, h.type), 2, to_string(h.type)));
  m.fields.push_back(wire::num_field("version", static_cast<std::uint8_t>(h.version)));
  m.fields.push_back(wire::num_field("length", h.length));
  m.fields.push_back(wire::hex_field("flags", h.flags, 2, std::move(flag_names)));
  m.fields.push_back(wire::num_field("response", h.response() ? 1 : 0));
  return m;
}

std::string format_mac(const std::uint8_t* mac) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

std::string format_gid(const std::uint8_t* gid) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(AF_INET6, gid, buf, sizeof buf)) return "?";
  return buf;
}

std::string join_flag_names(std::initializer_list<std::pair<bool, const char*>> flags) {
  std::string s;
  for (const auto& [on, name] : flags) {
    if (!on) continue;
    if (!s.empty()) s += ", ";
    s += name;
  }
  return s;
}

}  // namespace smc::llc
