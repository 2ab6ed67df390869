#include "protocol/clc/clc_header.h"

#include <string>

#include "protocol/wire/byte_reader.h"

namespace smc::clc {

const char* to_string(ClcType t) {
  switch (t) {
    case ClcType::Proposal: return "Proposal";
    case ClcType::Accept: return "Accept";
    case ClcType::Confirm: return "Confirm";
    case ClcType::Decline: return "Decline";
  }
  return "?";
}

const char* to_string(Eyecatcher e) { return e == Eyecatcher::Smcd ? "SMCD" : "SMCR"; }

const char* to_string(SmcType t) {
  switch (t) {
    case SmcType::R: return "SMC-R";
    case SmcType::D: return "SMC-D";
    case SmcType::None: return "none";
    case SmcType::Both: return "SMC-R+SMC-D";
  }
  return "?";
}

std::optional<Eyecatcher> eyecatcher_from(std::uint32_t v) {
  if (v == static_cast<std::uint32_t>(Eyecatcher::Smcr)) return Eyecatcher::Smcr;
  if (v == static_cast<std::uint32_t>(Eyecatcher::Smcd)) return Eyecatcher::Smcd;
  return std::nullopt;
}

void encode_header(wire::ByteWriter& w, const ClcHeader& h) {
  w.u32be(static_cast<std::uint32_t>(h.eyecatcher));
  w.u8(static_cast<std::uint8_t>(h.type));
  w.u16be(h.length);
  w.u8(static_cast<std::uint8_t>((h.version & 0x0f) << 4 | (h.low_nibble & 0x0f)));
}

void encode_trailer(wire::ByteWriter& w, Eyecatcher e) { w.u32be(static_cast<std::uint32_t>(e)); }

wire::DecodeResult<ClcHeader> decode_header(wire::ByteView msg) {
  wire::ByteReader r(msg);
  auto eye = r.u32be(0);
  if (!eye) return r.truncated("eyecatcher", 0, 4);
  auto type = r.u8(4);
  if (!type) return r.truncated("type", 4, 1);
  auto length = r.u16be(5);
  if (!length) return r.truncated("length", 5, 2);
  auto b7 = r.u8(7);
  if (!b7) return r.truncated("version", 7, 1);

  ClcHeader h;
  auto e = eyecatcher_from(*eye);
  if (!e) return wire::decode_error(wire::DecodeErrorKind::BadEyecatcher, "eyecatcher", 0, "neither SMCR nor SMCD");
  h.eyecatcher = *e;
  if (*type < 1 || *type > 4)
    return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 4, "unknown CLC type " + std::to_string(*type));
  h.type = static_cast<ClcType>(*type);
  h.length = *length;
  h.version = static_cast<std::uint8_t>(*b7 >> 4);
  h.low_nibble = static_cast<std::uint8_t>(*b7 & 0x0f);
  if (h.version == 0)
    return wire::decode_error(wire::DecodeErrorKind::BadVersion, "version", 7, "version nibble 0 (Linux: EPROTO)");
  return h;
}

wire::DecodeResult<ClcHeader> decode_header_of(wire::ByteView msg, ClcType expected) {
  auto h = decode_header(msg);
  if (!h) return h;
  if (h->type != expected)
    return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 4,
                              std::string("expected ") + to_string(expected) + ", got " + to_string(h->type));
  return h;
}

wire::DecodeResult<Eyecatcher> decode_trailer(wire::ByteView msg, std::size_t length) {
  wire::ByteReader r(msg);
  std::size_t off = length >= kClcTrailerLength ? length - kClcTrailerLength : 0;
  auto v = r.u32be(off);
  if (!v) return r.truncated("trailer", off, 4);
  auto e = eyecatcher_from(*v);
  if (!e) return wire::decode_error(wire::DecodeErrorKind::TrailerMismatch, "trailer", off, "neither SMCR nor SMCD");
  return *e;
}

std::optional<std::uint16_t> peek_clc_length(wire::ByteView stream) {
  wire::ByteReader r(stream);
  if (stream.size() < kClcHeaderLength) return std::nullopt;
  return r.u16be(5);
}

}  // namespace smc::clc
