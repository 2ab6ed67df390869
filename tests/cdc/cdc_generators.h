#pragma once
// rapidcheck generators for CDC values: cursors (inside a ring of a given size), flags,
// SMC-R CDC messages and SMC-D CDC headers.
#include <rapidcheck.h>

#include "protocol/cdc/cdc_message.h"
#include "protocol/cdc/smcd_cdc_header.h"

namespace smc::cdc::gen {

// RMBE sizes Linux can use: 16 KiB << c; plus small rings that make wrapping frequent.
inline rc::Gen<std::uint32_t> ring_size() {
  return rc::gen::oneOf(rc::gen::map(rc::gen::inRange<int>(0, 16), [](int c) { return std::uint32_t{16384} << c; }),
                        rc::gen::inRange<std::uint32_t>(1, 64));
}

inline rc::Gen<CdcCursor> cursor_in(std::uint32_t ring) {
  return rc::gen::exec([ring] {
    return CdcCursor{*rc::gen::arbitrary<std::uint16_t>(), *rc::gen::inRange<std::uint32_t>(0, ring)};
  });
}

inline rc::Gen<CdcCursor> any_cursor() {
  return rc::gen::exec([] { return CdcCursor{*rc::gen::arbitrary<std::uint16_t>(), *rc::gen::arbitrary<std::uint32_t>()}; });
}

inline rc::Gen<CdcProducerFlags> producer_flags() {
  return rc::gen::map(rc::gen::arbitrary<std::uint8_t>(), [](std::uint8_t b) { return CdcProducerFlags::from_byte(b); });
}

inline rc::Gen<CdcConnStateFlags> conn_state_flags() {
  return rc::gen::map(rc::gen::arbitrary<std::uint8_t>(), [](std::uint8_t b) { return CdcConnStateFlags::from_byte(b); });
}

inline rc::Gen<CdcMessage> cdc_message() {
  return rc::gen::exec([] {
    CdcMessage m;
    m.seqno = *rc::gen::arbitrary<std::uint16_t>();
    m.token = *rc::gen::arbitrary<std::uint32_t>();
    m.producer = *any_cursor();
    m.consumer = *any_cursor();
    m.producer_flags = *producer_flags();
    m.conn_state_flags = *conn_state_flags();
    m.credits = *rc::gen::arbitrary<std::uint8_t>();
    return m;
  });
}

inline rc::Gen<SmcdCdcHeader> smcd_cdc_header() {
  return rc::gen::exec([] {
    SmcdCdcHeader m;
    m.producer = *any_cursor();
    m.consumer = *any_cursor();
    m.producer_flags = *producer_flags();
    m.conn_state_flags = *conn_state_flags();
    return m;
  });
}

}  // namespace smc::cdc::gen
