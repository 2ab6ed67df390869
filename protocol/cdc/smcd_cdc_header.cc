#include "protocol/cdc/smcd_cdc_header.h"

#include <fmt/core.h>

#include "protocol/cdc/cdc_message.h"
#include "protocol/wire/byte_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::cdc {

namespace {

void put_cursor(wire::ByteWriter& w, CdcCursor c, SmcdByteOrder order) {
  if (order == SmcdByteOrder::Big) {
    w.u16be(c.wrap);
    w.u32be(c.count);
  } else {
    w.u16le(c.wrap);
    w.u32le(c.count);
  }
}

CdcCursor get_cursor(const wire::ByteReader& r, std::size_t off, SmcdByteOrder order) {
  if (order == SmcdByteOrder::Big) return {*r.u16be(off), *r.u32be(off + 2)};
  return {*r.u16le(off), *r.u32le(off + 2)};
}

}  // namespace

wire::Bytes SmcdCdcHeader::encode(SmcdByteOrder order) const {
  wire::ByteWriter w(kSmcdCdcHeaderSize);
  w.u8(kCdcType);
  w.zeros(7);
  put_cursor(w, producer, order);
  w.zeros(2);
  put_cursor(w, consumer, order);
  w.u8(producer_flags.to_byte());
  w.u8(conn_state_flags.to_byte());
  w.zeros(kSmcdCdcHeaderSize - w.size());
  return w.take();
}

wire::DecodeResult<SmcdCdcHeader> SmcdCdcHeader::decode(wire::ByteView bytes, SmcdByteOrder order) {
  wire::ByteReader r(bytes);
  auto type = r.u8(0);
  if (!type) return r.truncated("type", 0, 1);
  if (*type != kCdcType)
    return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 0,
                              fmt::format("0x{:02x} is not CDC (0xfe)", *type));
  if (bytes.size() < kSmcdCdcHeaderSize) return r.truncated("message", 0, kSmcdCdcHeaderSize);
  SmcdCdcHeader m;
  m.producer = get_cursor(r, 8, order);
  m.consumer = get_cursor(r, 16, order);
  m.producer_flags = CdcProducerFlags::from_byte(*r.u8(22));
  m.conn_state_flags = CdcConnStateFlags::from_byte(*r.u8(23));
  return m;
}

wire::MessageDescription describe(const SmcdCdcHeader& m) {
  wire::MessageDescription d;
  d.type = "smcd_cdc";
  d.title = "SMC-D CDC header";
  d.length = kSmcdCdcHeaderSize;
  d.fields.push_back(wire::hex_field("type", kCdcType, 2, "CDC"));
  d.fields.push_back(wire::num_field("producer_wrap", m.producer.wrap));
  d.fields.push_back(wire::num_field("producer_count", m.producer.count));
  d.fields.push_back(wire::num_field("consumer_wrap", m.consumer.wrap));
  d.fields.push_back(wire::num_field("consumer_count", m.consumer.count));
  d.fields.push_back(describe(m.producer_flags));
  d.fields.push_back(describe(m.conn_state_flags));
  return d;
}

}  // namespace smc::cdc
