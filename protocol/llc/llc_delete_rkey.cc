#include "protocol/llc/llc_delete_rkey.h"

#include <algorithm>

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"

namespace smc::llc {

namespace {
std::uint8_t flags_of(const LlcDeleteRkey& m) {
  return static_cast<std::uint8_t>((m.response ? kFlagResponse : 0) | (m.negative ? kFlagRkeyNegative : 0));
}
}  // namespace

std::size_t LlcDeleteRkey::wire_length() const {
  if (version == LlcVersion::V1) return kLlcMessageSize;
  return std::max<std::size_t>(kLlcMessageSize, 8 + 4 * rkeys.size());
}

wire::Bytes LlcDeleteRkey::encode(const LlcCodecOptions& opt) const {
  const std::size_t len = wire_length();
  const std::size_t listed = version == LlcVersion::V1 ? std::min(rkeys.size(), kDeleteRkeyV1Max) : rkeys.size();
  wire::ByteWriter w(len);
  encode_llc_header(w, {version, LlcType::DeleteRkey, static_cast<std::uint16_t>(len), 0, flags_of(*this)},
                    opt.byte_order);
  w.u8(num_rkeys);
  w.u8(error_mask);
  w.zeros(2);
  for (std::size_t i = 0; i < listed; ++i) w.u32be(rkeys[i]);
  pad_to(w, len);
  return w.take();
}

wire::DecodeResult<LlcDeleteRkey> LlcDeleteRkey::decode(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header_of(bytes, LlcType::DeleteRkey, opt);
  if (!h) return smc::unexpected(h.error());
  const auto msg = bytes.first(h->length);
  wire::ByteReader r(msg);
  LlcDeleteRkey m;
  m.version = h->version;
  m.response = h->response();
  m.negative = (h->flags & kFlagRkeyNegative) != 0;
  m.num_rkeys = *r.u8(4);
  m.error_mask = *r.u8(5);
  std::size_t capacity = kDeleteRkeyV1Max;
  if (m.version == LlcVersion::V2) {
    capacity = (msg.size() - 8) / 4;
    // A v2 request names every rkey it deletes; only the response may drop the list.
    if (!m.response && m.num_rkeys > capacity)
      return wire::decode_error(wire::DecodeErrorKind::BadLength, "num_rkeys", 4,
                                fmt::format("{} rkeys need {} bytes, length is {}", m.num_rkeys,
                                            8 + 4 * std::size_t{m.num_rkeys}, msg.size()));
  }
  const std::size_t listed = std::min<std::size_t>(m.num_rkeys, capacity);
  for (std::size_t i = 0; i < listed; ++i) m.rkeys.push_back(*r.u32be(8 + 4 * i));
  return m;
}

wire::MessageDescription describe(const LlcDeleteRkey& m) {
  auto d = llc_description({m.version, LlcType::DeleteRkey, static_cast<std::uint16_t>(m.wire_length()), 0, flags_of(m)},
                           join_flag_names({{m.response, "response"}, {m.negative, "negative"}}));
  d.fields.push_back(wire::num_field("negative", m.negative ? 1 : 0));
  d.fields.push_back(wire::num_field("num_rkeys", m.num_rkeys));
  if (m.version == LlcVersion::V1) {
    std::string unknown;
    for (std::size_t i = 0; i < kDeleteRkeyV1Max; ++i)
      if (m.v1_rkey_unknown(i)) unknown += (unknown.empty() ? "unknown rkey " : ", ") + std::to_string(i);
    d.fields.push_back(wire::hex_field("error_mask", m.error_mask, 2, unknown));
  } else {
    d.fields.push_back(wire::num_field("num_invalid_rkeys", m.error_mask));
  }
  std::vector<wire::Field> rk;
  for (auto k : m.rkeys) rk.push_back(wire::hex_field("", k, 8));
  d.fields.push_back(wire::group_field("rkeys", std::move(rk)));
  return d;
}

}  // namespace smc::llc
