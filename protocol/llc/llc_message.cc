#include "protocol/llc/llc_message.h"

namespace smc::llc {

namespace {
template <typename T>
wire::DecodeResult<LlcMessage> as_message(wire::DecodeResult<T> r) {
  if (!r) return smc::unexpected(r.error());
  return LlcMessage{std::move(r).value()};
}
}  // namespace

wire::DecodeResult<LlcMessage> decode_llc(wire::ByteView bytes, const LlcCodecOptions& opt) {
  auto h = decode_llc_header(bytes, opt);
  if (!h) return smc::unexpected(h.error());
  switch (h->type) {
    case LlcType::ConfirmLink: return as_message(LlcConfirmLink::decode(bytes, opt));
    case LlcType::AddLink: return as_message(LlcAddLink::decode(bytes, opt));
    case LlcType::AddLinkContinuation: return as_message(LlcAddLinkContinuation::decode(bytes, opt));
    case LlcType::DeleteLink: return as_message(LlcDeleteLink::decode(bytes, opt));
    case LlcType::RequestAddLink: return as_message(LlcRequestAddLink::decode(bytes, opt));
    case LlcType::ConfirmRkey: return as_message(LlcConfirmRkey::decode(bytes, opt));
    case LlcType::ConfirmRkeyContinuation: return as_message(LlcConfirmRkeyContinuation::decode(bytes, opt));
    case LlcType::DeleteRkey: return as_message(LlcDeleteRkey::decode(bytes, opt));
    case LlcType::TestLink: return as_message(LlcTestLink::decode(bytes, opt));
    case LlcType::AnnounceCredits: return as_message(LlcAnnounceCredits::decode(bytes, opt));
  }
  return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 0, "unreachable");
}

wire::Bytes encode_llc(const LlcMessage& m, const LlcCodecOptions& opt) {
  return std::visit([&opt](const auto& msg) { return msg.encode(opt); }, m);
}

wire::MessageDescription describe(const LlcMessage& m) {
  return std::visit([](const auto& msg) { return describe(msg); }, m);
}

LlcType type_of(const LlcMessage& m) {
  static constexpr LlcType kTypes[] = {LlcType::ConfirmLink, LlcType::AddLink, LlcType::AddLinkContinuation,
                                       LlcType::DeleteLink, LlcType::RequestAddLink, LlcType::ConfirmRkey,
                                       LlcType::ConfirmRkeyContinuation, LlcType::DeleteRkey, LlcType::TestLink,
                                       LlcType::AnnounceCredits};
  return kTypes[m.index()];
}

bool is_response(const LlcMessage& m) {
  return std::visit([](const auto& msg) { return msg.response; }, m);
}

}  // namespace smc::llc
