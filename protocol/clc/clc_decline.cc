#include "protocol/clc/clc_decline.h"

#include <string>

#include "protocol/clc/clc_field_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::clc {

wire::Bytes ClcDecline::encode() const {
  const std::size_t len = wire_length();
  wire::ByteWriter w(len);
  encode_header(w, ClcHeader{eyecatcher, ClcType::Decline, static_cast<std::uint16_t>(len), version,
                             static_cast<std::uint8_t>(out_of_sync ? 0x08 : 0x00)});
  w.raw(peer_id);
  w.u32be(peer_diagnosis);
  w.u8(static_cast<std::uint8_t>((os_type & 0x0f) << 4));
  w.zeros(3);
  if (version >= kSmcV2)
    for (auto d : additional_diagnosis) w.u32be(d);
  w.raw(trailer);
  return w.take();
}

wire::DecodeResult<ClcDecline> ClcDecline::decode(wire::ByteView msg) {
  auto h = decode_header_of(msg, ClcType::Decline);
  if (!h) return Unexpected<wire::DecodeError>{h.error()};

  ClcDecline d;
  d.eyecatcher = h->eyecatcher;
  d.version = h->version;
  d.out_of_sync = (h->low_nibble & 0x08) != 0;
  const std::size_t want = d.wire_length();
  if (h->length != want)
    return wire::decode_error(wire::DecodeErrorKind::BadLength, "length", 5,
                              std::to_string(h->length) + " but a version " + std::to_string(d.version) +
                                  " Decline is " + std::to_string(want));

  detail::ClcFieldReader r(msg, h->length);
  d.peer_id = r.bytes<8>(8, "peer_id");
  d.peer_diagnosis = r.u32(16, "peer_diagnosis");
  d.os_type = static_cast<std::uint8_t>(r.u8(20, "os_type") >> 4);
  if (d.version >= kSmcV2)
    for (std::size_t i = 0; i < 4; ++i) d.additional_diagnosis[i] = r.u32(24 + 4 * i, "additional_diagnosis");
  // Linux reads a Decline without checking its trailer (smc_clc_wait_msg skips the
  // check for this type although §2.1 asks for it): we follow the kernel, keep the bytes.
  d.trailer = r.bytes<4>(want - 4, "trailer");
  if (!r.ok()) return r.failure();
  if (auto e = detail::check_frame(msg, h->length)) return Unexpected<wire::DecodeError>{*e};
  return d;
}

}  // namespace smc::clc
