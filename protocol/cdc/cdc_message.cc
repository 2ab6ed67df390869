#include "protocol/cdc/cdc_message.h"

#include <fmt/core.h>

#include "protocol/wire/byte_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::cdc {

wire::Bytes CdcMessage::encode() const {
  wire::ByteWriter w(kCdcMessageSize);
  w.u8(kCdcType);
  w.u8(kCdcMessageSize);
  w.u16be(seqno);
  w.u32be(token);
  w.zeros(2);
  w.u16be(producer.wrap);
  w.u32be(producer.count);
  w.zeros(2);
  w.u16be(consumer.wrap);
  w.u32be(consumer.count);
  w.u8(producer_flags.to_byte());
  w.u8(conn_state_flags.to_byte());
  w.u8(credits);
  w.zeros(kCdcMessageSize - w.size());
  return w.take();
}

wire::DecodeResult<CdcMessage> CdcMessage::decode(wire::ByteView bytes) {
  using wire::DecodeErrorKind;
  wire::ByteReader r(bytes);
  auto type = r.u8(0);
  if (!type) return r.truncated("type", 0, 1);
  if (*type != kCdcType)
    return wire::decode_error(DecodeErrorKind::BadType, "type", 0, fmt::format("0x{:02x} is not CDC (0xfe)", *type));
  if (bytes.size() < kCdcMinReceive) return r.truncated("message", 0, kCdcMinReceive);
  if (bytes[1] != kCdcMessageSize)
    return wire::decode_error(DecodeErrorKind::BadLength, "length", 1, fmt::format("length {} (must be 44)", bytes[1]));
  CdcMessage m;
  m.seqno = *r.u16be(2);
  m.token = *r.u32be(4);
  m.producer = {*r.u16be(10), *r.u32be(12)};
  m.consumer = {*r.u16be(18), *r.u32be(20)};
  m.producer_flags = CdcProducerFlags::from_byte(*r.u8(24));
  m.conn_state_flags = CdcConnStateFlags::from_byte(*r.u8(25));
  m.credits = r.u8(26).value_or(0);
  return m;
}

wire::MessageDescription describe(const CdcMessage& m) {
  wire::MessageDescription d;
  d.type = "cdc";
  d.title = "SMC-R CDC";
  d.length = kCdcMessageSize;
  d.fields.push_back(wire::hex_field("type", kCdcType, 2, "CDC"));
  d.fields.push_back(wire::num_field("length", kCdcMessageSize));
  d.fields.push_back(wire::num_field("seqno", m.seqno));
  d.fields.push_back(wire::hex_field("token", m.token, 8));
  d.fields.push_back(wire::num_field("producer_wrap", m.producer.wrap));
  d.fields.push_back(wire::num_field("producer_count", m.producer.count));
  d.fields.push_back(wire::num_field("consumer_wrap", m.consumer.wrap));
  d.fields.push_back(wire::num_field("consumer_count", m.consumer.count));
  d.fields.push_back(describe(m.producer_flags));
  d.fields.push_back(describe(m.conn_state_flags));
  d.fields.push_back(wire::num_field("credits", m.credits, "Anolis credits; reserved upstream"));
  return d;
}

}  // namespace smc::cdc
