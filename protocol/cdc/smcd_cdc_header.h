#pragma once
// SMC-D CDC header: the 32 bytes at the start of the receiver's DMB that the peer writes
// (followed by an ISM signal), wire-format.md §4.2:
//   0 0xFE, 1–7 rsv, 8 producer wrap, 10 producer count, 14–15 rsv, 16 consumer wrap,
//   18 consumer count, 22 producer flags, 23 connection state flags, 24–31 rsv.
// No length, sequence number or token: the DMB identifies the connection. Linux writes
// the integers in host byte order — big-endian on s390 with ISM hardware, the host's
// order for loopback-ism, which never leaves the machine — so the order is a parameter.
#include <cstdint>

#include "protocol/cdc/cdc_cursor.h"
#include "protocol/cdc/cdc_flags.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/field_list.h"

namespace smc::cdc {

inline constexpr std::size_t kSmcdCdcHeaderSize = 32;  // the DMB data starts after it

enum class SmcdByteOrder {
  Big,     // s390 / ISM (the §9 vector)
  Little,  // loopback-ism on a little-endian host
};

struct SmcdCdcHeader {
  CdcCursor producer;
  CdcCursor consumer;
  CdcProducerFlags producer_flags;
  CdcConnStateFlags conn_state_flags;

  bool operator==(const SmcdCdcHeader&) const = default;
  wire::Bytes encode(SmcdByteOrder order = SmcdByteOrder::Big) const;
  // ≥ 32 bytes (Truncated) and type byte 0xFE (BadType).
  static wire::DecodeResult<SmcdCdcHeader> decode(wire::ByteView bytes, SmcdByteOrder order = SmcdByteOrder::Big);
};

wire::MessageDescription describe(const SmcdCdcHeader& m);

}  // namespace smc::cdc
