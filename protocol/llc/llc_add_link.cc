#include "protocol/llc/llc_add_link.h"

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

namespace {

std::uint8_t flags_of(const LlcAddLink& m) {
  return static_cast<std::uint8_t>((m.response ? kFlagResponse : 0) | (m.reject ? kFlagAddLinkReject : 0));
}

bool has_extension(const LlcAddLink& m) { return m.version == LlcVersion::V2 && m.v2_extension.has_value(); }

}  // namespace

std::size_t LlcAddLink::wire_length() const {
  if (!has_extension(*this)) return kLlcMessageSize;
  return kLlcMessageSize + kAddLinkV2ExtensionSize + kLlcRkeyPairSize * v2_extension->rkeys.size();
}

wire::Bytes LlcAddLink::encode(const LlcCodecOptions& opt) const {
  const std::size_t len = wire_length();
  wire::ByteWriter w(len);
  LlcHeader h{version, LlcType::AddLink, static_cast<std::uint16_t>(len), reject_reason, flags_of(*this)};
  encode_llc_header(w, h, opt.byte_order);
  w.raw(sender_mac);
  w.zeros(2);
  w.raw(sender_gid);
  w.u24be(sender_qp_num & 0xffffff);
  w.u8(link_num);
  w.u8(qp_mtu & 0x0f);
  w.u24be(initial_psn & 0xffffff);
  w.u8(credits);
  pad_to(w, kLlcMessageSize);
  if (has_extension(*this)) {
    const auto& x = *v2_extension;
    w.u8(x.v2_direct ? 0x80 : 0x00);
    w.u8(0);
    w.raw(x.client_target_gid);
    w.zeros(8);
    put_u16(w, static_cast<std::uint16_t>(x.rkeys.size()), opt.byte_order);
    for (const auto& p : x.rkeys) {
      w.u32be(p.rkey);
      w.u32be(p.rkey_new);
      w.u64be(p.rmb_vaddr_new);
    }
  }
  return w.take();
}

wire::DecodeResult<LlcAddLink> LlcAddLink::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  using wire::DecodeErrorKind;
  auto h = decode_llc_header_of(bytes, LlcType::AddLink, opt);
  if (!h) return smc::unexpected(h.error());
  const auto msg = bytes.first(h->length);
  wire::ByteReader r(msg);
  LlcAddLink m;
  m.version = h->version;
  m.response = h->response();
  m.reject = (h->flags & kFlagAddLinkReject) != 0;
  m.reject_reason = h->reject_reason;
  m.sender_mac = *r.array<6>(4);
  m.sender_gid = *r.array<16>(12);
  m.sender_qp_num = *r.u24be(28);
  m.link_num = *r.u8(31);
  m.qp_mtu = *r.u8(32) & 0x0f;
  m.initial_psn = *r.u24be(33);
  m.credits = *r.u8(36);
  if (m.version == LlcVersion::V2 && msg.size() > kLlcMessageSize) {
    constexpr std::size_t x = kLlcMessageSize;
    if (msg.size() < x + kAddLinkV2ExtensionSize)
      return wire::decode_error(DecodeErrorKind::BadLength, "length", 1,
                                fmt::format("v2 length {} leaves no room for the 28-byte Add Link v2 extension",
                                            msg.size()));
    LlcAddLinkV2Extension ext;
    ext.v2_direct = (*r.u8(x) & 0x80) != 0;
    ext.client_target_gid = *r.array<16>(x + 2);
    const std::uint16_t count = read_u16(msg, x + 26, opt.byte_order);
    // Linux reads the count as u16 and then truncates it to u8; a count that only
    // makes sense truncated is refused rather than silently reinterpreted.
    if (count > kAddLinkV2MaxRkeys)
      return wire::decode_error(DecodeErrorKind::CountOverLimit, "num_rkeys", x + 26,
                                fmt::format("{} rkeys > {}", count, kAddLinkV2MaxRkeys));
    const std::size_t need = x + kAddLinkV2ExtensionSize + kLlcRkeyPairSize * count;
    if (need > msg.size())
      return wire::decode_error(DecodeErrorKind::BadLength, "num_rkeys", x + 26,
                                fmt::format("{} rkeys need {} bytes, length is {}", count, need, msg.size()));
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t off = x + kAddLinkV2ExtensionSize + kLlcRkeyPairSize * i;
      ext.rkeys.push_back({*r.u32be(off), *r.u32be(off + 4), *r.u64be(off + 8)});
    }
    m.v2_extension = std::move(ext);
  }
  return m;
}

wire::Field describe_rkey_pair(const LlcRkeyPair& p) {
  return wire::group_field("", {wire::hex_field("rkey", p.rkey, 8), wire::hex_field("rkey_new", p.rkey_new, 8),
                                wire::hex_field("rmb_vaddr_new", p.rmb_vaddr_new, 16)});
}

wire::MessageDescription describe(const LlcAddLink& m) {
  LlcHeader h{m.version, LlcType::AddLink, static_cast<std::uint16_t>(m.wire_length()), m.reject_reason, flags_of(m)};
  auto d = llc_description(h, join_flag_names({{m.response, "response"}, {m.reject, "reject"}}));
  d.fields.push_back(wire::num_field("reject", m.reject ? 1 : 0));
  if (m.version == LlcVersion::V1)
    d.fields.push_back(wire::num_field("reject_reason", m.reject_reason,
                                       to_string(static_cast<AddLinkRejectReason>(m.reject_reason))));
  d.fields.push_back(wire::text_field("sender_mac", format_mac(m.sender_mac.data())));
  d.fields.push_back(wire::text_field("sender_gid", format_gid(m.sender_gid.data())));
  d.fields.push_back(wire::hex_field("sender_qp_num", m.sender_qp_num, 6));
  d.fields.push_back(wire::num_field("link_num", m.link_num));
  d.fields.push_back(wire::num_field("qp_mtu", m.qp_mtu));
  d.fields.push_back(wire::hex_field("initial_psn", m.initial_psn, 6));
  d.fields.push_back(wire::num_field("credits", m.credits, "Anolis initial credits; reserved upstream"));
  if (h.version == LlcVersion::V2 && m.v2_extension) {
    const auto& x = *m.v2_extension;
    std::vector<wire::Field> rk;
    for (const auto& p : x.rkeys) rk.push_back(describe_rkey_pair(p));
    d.fields.push_back(wire::group_field(
        "v2_extension", {wire::num_field("v2_direct", x.v2_direct ? 1 : 0),
                         wire::text_field("client_target_gid", format_gid(x.client_target_gid.data())),
                         wire::num_field("num_rkeys", x.rkeys.size()), wire::group_field("rkeys", std::move(rk))}));
  }
  return d;
}

}  // namespace smc::llc
