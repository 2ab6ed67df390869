#include "protocol/llc/llc_confirm_link.h"

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

wire::Bytes LlcConfirmLink::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  LlcHeader h{version, LlcType::ConfirmLink, kLlcMessageSize, 0,
              static_cast<std::uint8_t>((response ? kFlagResponse : 0) | (no_rmbe_eyecatcher ? kFlagNoRmbeEyecatcher : 0))};
  encode_llc_header(w, h, opt.byte_order);
  w.raw(sender_mac);
  w.raw(sender_gid);
  w.u24be(sender_qp_num & 0xffffff);
  w.u8(link_num);
  w.u32be(link_uid);
  w.u8(max_links);
  w.u8(max_conns);
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcConfirmLink> LlcConfirmLink::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::ConfirmLink, opt);
  if (!h) return smc::unexpected(h.error());
  wire::ByteReader r(bytes.first(h->length));
  LlcConfirmLink m;
  m.version = h->version;
  m.response = h->response();
  m.no_rmbe_eyecatcher = (h->flags & kFlagNoRmbeEyecatcher) != 0;
  m.sender_mac = *r.array<6>(4);
  m.sender_gid = *r.array<16>(10);
  m.sender_qp_num = *r.u24be(26);
  m.link_num = *r.u8(29);
  m.link_uid = *r.u32be(30);
  m.max_links = *r.u8(34);
  m.max_conns = *r.u8(35);
  return m;
}

wire::MessageDescription describe(const LlcConfirmLink& m) {
  LlcHeader h{m.version, LlcType::ConfirmLink, kLlcMessageSize, 0,
              static_cast<std::uint8_t>((m.response ? kFlagResponse : 0) | (m.no_rmbe_eyecatcher ? kFlagNoRmbeEyecatcher : 0))};
  auto d = llc_description(h, join_flag_names({{m.response, "response"}, {m.no_rmbe_eyecatcher, "no_rmbe_eyecatcher"}}));
  d.fields.push_back(wire::num_field("no_rmbe_eyecatcher", m.no_rmbe_eyecatcher ? 1 : 0));
  d.fields.push_back(wire::text_field("sender_mac", format_mac(m.sender_mac.data())));
  d.fields.push_back(wire::text_field("sender_gid", format_gid(m.sender_gid.data())));
  d.fields.push_back(wire::hex_field("sender_qp_num", m.sender_qp_num, 6));
  d.fields.push_back(wire::num_field("link_num", m.link_num));
  d.fields.push_back(wire::hex_field("link_uid", m.link_uid, 8));
  d.fields.push_back(wire::num_field("max_links", m.max_links));
  d.fields.push_back(wire::num_field("max_conns", m.max_conns));
  return d;
}

}  // namespace smc::llc
