#include "protocol/llc/llc_confirm_rkey_continuation.h"

#include <algorithm>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {


wire::Bytes LlcConfirmRkeyContinuation::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  encode_llc_header(w, {LlcVersion::V1, LlcType::ConfirmRkeyContinuation, kLlcMessageSize, 0, rkey_flags(response, negative, retry)},
                    opt.byte_order);
  w.u8(num_rkeys);
  for (std::size_t i = 0; i < kConfirmRkeyContinuationEntries; ++i) {
    encode_rtoken(w, i < entries.size() ? entries[i] : LlcRtoken{});
  }
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcConfirmRkeyContinuation> LlcConfirmRkeyContinuation::decode(wire::ByteView bytes,
                                                                                  const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::ConfirmRkeyContinuation, opt);
  if (!h) return smc::unexpected(h.error());
  wire::ByteReader r(bytes.first(h->length));
  LlcConfirmRkeyContinuation m;
  m.response = h->response();
  m.negative = (h->flags & kFlagRkeyNegative) != 0;
  m.retry = (h->flags & kFlagRkeyRetry) != 0;
  m.num_rkeys = *r.u8(4);
  const std::size_t carried = std::min<std::size_t>(m.num_rkeys, kConfirmRkeyContinuationEntries);
  for (std::size_t i = 0; i < carried; ++i) {
    const std::size_t off = 5 + kLlcRtokenSize * i;
    m.entries.push_back(decode_rtoken(r, off));
  }
  return m;
}

wire::MessageDescription describe(const LlcConfirmRkeyContinuation& m) {
  auto d = llc_description({LlcVersion::V1, LlcType::ConfirmRkeyContinuation, kLlcMessageSize, 0, rkey_flags(m.response, m.negative, m.retry)},
                           join_flag_names({{m.response, "response"}, {m.negative, "negative"}, {m.retry, "retry"}}));
  d.fields.push_back(wire::num_field("negative", m.negative ? 1 : 0));
  d.fields.push_back(wire::num_field("retry", m.retry ? 1 : 0));
  d.fields.push_back(wire::num_field("num_rkeys", m.num_rkeys));
  std::vector<wire::Field> e;
  for (const auto& t : m.entries) e.push_back(describe_rtoken(t));
  d.fields.push_back(wire::group_field("entries", std::move(e)));
  return d;
}

}  // namespace smc::llc
