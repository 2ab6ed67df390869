#include "protocol/llc/llc_request_add_link.h"

#include <algorithm>

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

std::size_t LlcRequestAddLink::wire_length() const { return std::max<std::size_t>(kLlcMessageSize, 28 + 16 * gids.size()); }

wire::Bytes LlcRequestAddLink::encode(const LlcCodecOptions& opt) const {
  const std::size_t len = wire_length();
  wire::ByteWriter w(len);
  encode_llc_header(w, {LlcVersion::V2, LlcType::RequestAddLink, static_cast<std::uint16_t>(len), 0,
                        static_cast<std::uint8_t>(response ? kFlagResponse : 0)},
                    opt.byte_order);
  w.zeros(20);
  w.u8(static_cast<std::uint8_t>(gids.size()));
  w.zeros(3);
  for (const auto& g : gids) w.raw(g);
  pad_to(w, len);
  return w.take();
}

wire::DecodeResult<LlcRequestAddLink> LlcRequestAddLink::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::RequestAddLink, opt);
  if (!h) return smc::unexpected(h.error());
  const auto msg = bytes.first(h->length);
  wire::ByteReader r(msg);
  LlcRequestAddLink m;
  m.response = h->response();
  const std::size_t k = *r.u8(24);
  if (28 + 16 * k > msg.size())
    return wire::decode_error(wire::DecodeErrorKind::BadLength, "gid_cnt", 24,
                              fmt::format("{} GIDs need {} bytes, length is {}", k, 28 + 16 * k, msg.size()));
  for (std::size_t i = 0; i < k; ++i) m.gids.push_back(*r.array<16>(28 + 16 * i));
  return m;
}

wire::MessageDescription describe(const LlcRequestAddLink& m) {
  auto d = llc_description({LlcVersion::V2, LlcType::RequestAddLink, static_cast<std::uint16_t>(m.wire_length()), 0,
                            static_cast<std::uint8_t>(m.response ? kFlagResponse : 0)},
                           join_flag_names({{m.response, "response"}}));
  d.fields.push_back(wire::num_field("gid_cnt", m.gids.size()));
  std::vector<wire::Field> g;
  for (const auto& gid : m.gids) g.push_back(wire::text_field("", format_gid(gid.data())));
  d.fields.push_back(wire::group_field("gids", std::move(g)));
  return d;
}

}  // namespace smc::llc
