#include "protocol/llc/llc_announce_credits.h"

namespace smc::llc {

wire::Bytes LlcAnnounceCredits::encode(const LlcCodecOptions& opt) const {
  wire::ByteWriter w(kLlcMessageSize);
  encode_llc_header(w, {LlcVersion::V1, LlcType::AnnounceCredits, kLlcMessageSize, 0,
                        static_cast<std::uint8_t>(response ? kFlagResponse : 0)},
                    opt.byte_order);
  w.u8(credits);
  pad_to(w, kLlcMessageSize);
  return w.take();
}

wire::DecodeResult<LlcAnnounceCredits> LlcAnnounceCredits::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::AnnounceCredits, opt);
  if (!h) return smc::unexpected(h.error());
  LlcAnnounceCredits m;
  m.response = h->response();
  m.credits = bytes[4];
  return m;
}

wire::MessageDescription describe(const LlcAnnounceCredits& m) {
  auto d = llc_description({LlcVersion::V1, LlcType::AnnounceCredits, kLlcMessageSize, 0,
                            static_cast<std::uint8_t>(m.response ? kFlagResponse : 0)},
                           join_flag_names({{m.response, "response"}}));
  d.fields.push_back(wire::num_field("credits", m.credits));
  return d;
}

}  // namespace smc::llc
