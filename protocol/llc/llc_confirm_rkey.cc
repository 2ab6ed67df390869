#include "protocol/llc/llc_confirm_rkey.h"

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

void encode_rtoken(wire::ByteWriter& w, const LlcRtoken& t) {
  w.u8(t.link_num);
  w.u32be(t.rkey);
  w.u64be(t.rmb_vaddr);
}

LlcRtoken decode_rtoken(const wire::ByteReader& r, std::size_t off) {
  return {*r.u8(off), *r.u32be(off + 1), *r.u64be(off + 5)};
}

std::uint8_t rkey_flags(bool response, bool negative, bool retry) {
  return static_cast<std::uint8_t>((response ? kFlagResponse : 0) | (negative ? kFlagRkeyNegative : 0) |
                                   (retry ? kFlagRkeyRetry : 0));
}

wire::Bytes LlcConfirmRkey::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  encode_llc_header(w, {version, LlcType::ConfirmRkey, kLlcMessageSize, 0, rkey_flags(response, negative, retry)}, opt.byte_order);
  w.u8(static_cast<std::uint8_t>(entries.size()));
  w.u32be(rkey);
  w.u64be(rmb_vaddr);
  for (std::size_t i = 0; i < kConfirmRkeyMaxEntries; ++i) {
    encode_rtoken(w, i < entries.size() ? entries[i] : LlcRtoken{});
  }
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcConfirmRkey> LlcConfirmRkey::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::ConfirmRkey, opt);
  if (!h) return smc::unexpected(h.error());
  wire::ByteReader r(bytes.first(h->length));
  LlcConfirmRkey m;
  m.version = h->version;
  m.response = h->response();
  m.negative = (h->flags & kFlagRkeyNegative) != 0;
  m.retry = (h->flags & kFlagRkeyRetry) != 0;
  const std::uint8_t n = *r.u8(4);
  if (n > kConfirmRkeyMaxEntries)
    return wire::decode_error(wire::DecodeErrorKind::CountOverLimit, "num_rkeys", 4,
                              fmt::format("{} additional rkeys > {}", n, kConfirmRkeyMaxEntries));
  m.rkey = *r.u32be(5);
  m.rmb_vaddr = *r.u64be(9);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t off = 17 + kLlcRtokenSize * i;
    m.entries.push_back(decode_rtoken(r, off));
  }
  return m;
}

wire::Field describe_rtoken(const LlcRtoken& t) {
  return wire::group_field("", {wire::num_field("link_num", t.link_num), wire::hex_field("rkey", t.rkey, 8),
                                wire::hex_field("rmb_vaddr", t.rmb_vaddr, 16)});
}

wire::MessageDescription describe(const LlcConfirmRkey& m) {
  auto d = llc_description({m.version, LlcType::ConfirmRkey, kLlcMessageSize, 0, rkey_flags(m.response, m.negative, m.retry)},
                           join_flag_names({{m.response, "response"}, {m.negative, "negative"}, {m.retry, "retry"}}));
  d.fields.push_back(wire::num_field("negative", m.negative ? 1 : 0));
  d.fields.push_back(wire::num_field("retry", m.retry ? 1 : 0));
  d.fields.push_back(wire::num_field("num_rkeys", m.entries.size()));
  d.fields.push_back(wire::hex_field("rkey", m.rkey, 8));
  d.fields.push_back(wire::hex_field("rmb_vaddr", m.rmb_vaddr, 16));
  std::vector<wire::Field> e;
  for (const auto& t : m.entries) e.push_back(describe_rtoken(t));
  d.fields.push_back(wire::group_field("entries", std::move(e)));
  return d;
}

}  // namespace smc::llc
