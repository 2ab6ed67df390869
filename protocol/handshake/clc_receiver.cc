#include "protocol/handshake/clc_receiver.h"

#include "protocol/clc/clc_message.h"

namespace smc::handshake {

Framed take_clc_message(wire::Bytes& buffer, clc::ClcType expected) {
  Framed f;
  auto len = clc::clc_message_length(buffer);
  if (!len) return f;
  // A Decline is always welcome in place of the expected message.
  auto hdr = clc::decode_header(buffer);
  if (!hdr || (hdr->type != expected && hdr->type != clc::ClcType::Decline) ||
      *len < clc::kClcHeaderLength + clc::kClcTrailerLength) {
    f.status = FrameStatus::ProtocolError;
    return f;
  }
  if (buffer.size() < *len) return f;
  f.status = FrameStatus::Message;
  f.type = hdr->type;
  f.message.assign(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*len));
  buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*len));
  return f;
}

}  // namespace smc::handshake
