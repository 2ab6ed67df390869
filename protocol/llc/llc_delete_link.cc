#include "protocol/llc/llc_delete_link.h"

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

const char* to_string(DeleteLinkReason r) {
  switch (r) {
    case DeleteLinkReason::Success: return "success";
    case DeleteLinkReason::LostPath: return "lost path";
    case DeleteLinkReason::OperatorInitiated: return "operator-initiated termination";
    case DeleteLinkReason::ProgramInitiated: return "program-initiated termination";
    case DeleteLinkReason::ProtocolViolation: return "protocol violation";
    case DeleteLinkReason::AsymmetricNotNeeded: return "asymmetric link no longer needed";
    case DeleteLinkReason::UnknownLinkId: return "unknown link ID";
    case DeleteLinkReason::UnknownLinkGroup: return "unknown link group";
  }
  return "unknown reason";
}

std::string to_hex(DeleteLinkReason r) { return fmt::format("0x{:08x}", static_cast<std::uint32_t>(r)); }

namespace {
std::uint8_t flags_of(const LlcDeleteLink& m) {
  return static_cast<std::uint8_t>((m.response ? kFlagResponse : 0) | (m.all ? kFlagDeleteLinkAll : 0) |
                                   (m.orderly ? kFlagDeleteLinkOrderly : 0));
}
}  // namespace

wire::Bytes LlcDeleteLink::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  encode_llc_header(w, {version, LlcType::DeleteLink, kLlcMessageSize, 0, flags_of(*this)}, opt.byte_order);
  w.u8(link_num);
  w.u32be(static_cast<std::uint32_t>(reason));
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcDeleteLink> LlcDeleteLink::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::DeleteLink, opt);
  if (!h) return smc::unexpected(h.error());
  wire::ByteReader r(bytes.first(h->length));
  LlcDeleteLink m;
  m.version = h->version;
  m.response = h->response();
  m.all = (h->flags & kFlagDeleteLinkAll) != 0;
  m.orderly = (h->flags & kFlagDeleteLinkOrderly) != 0;
  m.link_num = *r.u8(4);
  m.reason = static_cast<DeleteLinkReason>(*r.u32be(5));
  return m;
}

wire::MessageDescription describe(const LlcDeleteLink& m) {
  auto d = llc_description({m.version, LlcType::DeleteLink, kLlcMessageSize, 0, flags_of(m)},
                           join_flag_names({{m.response, "response"}, {m.all, "all"}, {m.orderly, "orderly"}}));
  d.fields.push_back(wire::num_field("all", m.all ? 1 : 0));
  d.fields.push_back(wire::num_field("orderly", m.orderly ? 1 : 0));
  d.fields.push_back(wire::num_field("link_num", m.link_num));
  d.fields.push_back(wire::hex_field("reason", static_cast<std::uint32_t>(m.reason), 8, to_string(m.reason)));
  return d;
}

}  // namespace smc::llc
