#include "protocol/llc/llc_test_link.h"

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

wire::Bytes LlcTestLink::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  encode_llc_header(w, {version, LlcType::TestLink, kLlcMessageSize, 0, static_cast<std::uint8_t>(response ? kFlagResponse : 0)},
                    opt.byte_order);
  w.raw(user_data);
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcTestLink> LlcTestLink::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::TestLink, opt);
  if (!h) return smc::unexpected(h.error());
  wire::ByteReader r(bytes.first(h->length));
  LlcTestLink m;
  m.version = h->version;
  m.response = h->response();
  m.user_data = *r.array<16>(4);
  return m;
}

wire::MessageDescription describe(const LlcTestLink& m) {
  auto d = llc_description({m.version, LlcType::TestLink, kLlcMessageSize, 0, static_cast<std::uint8_t>(m.response ? kFlagResponse : 0)},
                           join_flag_names({{m.response, "response"}}));
  d.fields.push_back(wire::text_field("user_data", wire::to_hex(m.user_data, false)));
  return d;
}

}  // namespace smc::llc
