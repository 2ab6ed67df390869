#include "protocol/clc/clc_message.h"

namespace smc::clc {

ClcType clc_type(const ClcMessage& m) {
  if (std::holds_alternative<ClcProposal>(m)) return ClcType::Proposal;
  if (const auto* a = std::get_if<ClcAcceptConfirm>(&m)) return a->type;
  return ClcType::Decline;
}

wire::Bytes encode(const ClcMessage& m) {
  return std::visit([](const auto& x) { return x.encode(); }, m);
}

wire::DecodeResult<ClcMessage> decode_clc(wire::ByteView msg) {
  auto h = decode_header(msg);
  if (!h) return Unexpected<wire::DecodeError>{h.error()};
  switch (h->type) {
    case ClcType::Proposal: {
      auto p = ClcProposal::decode(msg);
      if (!p) return Unexpected<wire::DecodeError>{p.error()};
      return ClcMessage{std::move(*p)};
    }
    case ClcType::Accept:
    case ClcType::Confirm: {
      auto a = ClcAcceptConfirm::decode(msg);
      if (!a) return Unexpected<wire::DecodeError>{a.error()};
      return ClcMessage{std::move(*a)};
    }
    case ClcType::Decline: {
      auto d = ClcDecline::decode(msg);
      if (!d) return Unexpected<wire::DecodeError>{d.error()};
      return ClcMessage{std::move(*d)};
    }
  }
  return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 4, "unknown CLC type");
}

std::optional<std::size_t> clc_message_length(wire::ByteView stream) {
  auto len = peek_clc_length(stream);
  if (!len) return std::nullopt;
  return static_cast<std::size_t>(*len);
}

wire::MessageDescription describe(const ClcMessage& m) {
  return std::visit([](const auto& x) { return describe(x); }, m);
}

}  // namespace smc::clc
