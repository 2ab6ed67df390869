#pragma once
// SMC-R CDC message (RDMA SEND, 44 bytes, type 0xFE also in v2 link groups),
// wire-format.md §4.1:
//   0 type 0xFE, 1 length 44, 2 sequence number, 4 alert token (the RECEIVER's),
//   8 rsv, 10 producer wrap, 12 producer count, 16 rsv, 18 consumer wrap,
//   20 consumer count, 24 producer flags, 25 connection state flags,
//   26 rsv (Anolis: credits), 27–43 rsv. All integers big-endian.
#include <cstdint>

#include "protocol/cdc/cdc_cursor.h"
#include "protocol/cdc/cdc_flags.h"
#include "protocol/wire/bytes.h"
#include "protocol/wire/decode_error.h"
#include "protocol/wire/field_list.h"

namespace smc::cdc {

inline constexpr std::uint8_t kCdcType = 0xFE;
inline constexpr std::size_t kCdcMessageSize = 44;
// Linux drops a CDC receive shorter than this (offset of the reserved tail).
inline constexpr std::size_t kCdcMinReceive = 26;

struct CdcMessage {
  std::uint16_t seqno = 0;
  std::uint32_t token = 0;
  CdcCursor producer;
  CdcCursor consumer;
  CdcProducerFlags producer_flags;
  CdcConnStateFlags conn_state_flags;
  std::uint8_t credits = 0;  // byte 26: Anolis piggy-backed credits; reserved upstream

  bool operator==(const CdcMessage&) const = default;
  wire::Bytes encode() const;
  // Linux's acceptance: ≥ 26 bytes received (Truncated), type byte 0xFE (BadType),
  // length byte 44 (BadLength). A receive of 26–43 bytes with length 44 is accepted, as
  // in Linux; credits are then 0.
  static wire::DecodeResult<CdcMessage> decode(wire::ByteView bytes);
};

wire::MessageDescription describe(const CdcMessage& m);

}  // namespace smc::cdc
