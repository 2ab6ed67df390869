#include "protocol/llc/llc_add_link_continuation.h"

#include <algorithm>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

wire::Bytes LlcAddLinkContinuation::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  encode_llc_header(w, {LlcVersion::V1, LlcType::AddLinkContinuation, kLlcMessageSize, 0,
                        static_cast<std::uint8_t>(response ? kFlagResponse : 0)},
                    opt.byte_order);
  w.u8(link_num);
  w.u8(num_rkeys);
  w.zeros(2);
  for (std::size_t i = 0; i < kAddLinkContinuationPairs; ++i) {
    LlcRkeyPair p = i < rkeys.size() ? rkeys[i] : LlcRkeyPair{};
    w.u32be(p.rkey);
    w.u32be(p.rkey_new);
    w.u64be(p.rmb_vaddr_new);
  }
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcAddLinkContinuation> LlcAddLinkContinuation::decode(wire::ByteView bytes,
                                                                          const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::AddLinkContinuation, opt);
  if (!h) return smc::unexpected(h.error());
  wire::ByteReader r(bytes.first(h->length));
  LlcAddLinkContinuation m;
  m.response = h->response();
  m.link_num = *r.u8(4);
  m.num_rkeys = *r.u8(5);
  const std::size_t carried = std::min<std::size_t>(m.num_rkeys, kAddLinkContinuationPairs);
  for (std::size_t i = 0; i < carried; ++i) {
    const std::size_t off = 8 + kLlcRkeyPairSize * i;
    m.rkeys.push_back({*r.u32be(off), *r.u32be(off + 4), *r.u64be(off + 8)});
  }
  return m;
}

wire::MessageDescription describe(const LlcAddLinkContinuation& m) {
  auto d = llc_description({LlcVersion::V1, LlcType::AddLinkContinuation, kLlcMessageSize, 0,
                            static_cast<std::uint8_t>(m.response ? kFlagResponse : 0)},
                           join_flag_names({{m.response, "response"}}));
  d.fields.push_back(wire::num_field("link_num", m.link_num));
  d.fields.push_back(wire::num_field("num_rkeys", m.num_rkeys));
  std::vector<wire::Field> rk;
  for (const auto& p : m.rkeys) rk.push_back(describe_rkey_pair(p));
  d.fields.push_back(wire::group_field("rkeys", std::move(rk)));
  return d;
}

}  // namespace smc::llc
