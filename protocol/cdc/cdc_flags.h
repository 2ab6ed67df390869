#pragma once
// The two flag bytes shared by SMC-R CDC (bytes 24–25) and the SMC-D CDC header
// (bytes 22–23), wire-format.md §4.1. Bits not named here are reserved: sent as 0,
// ignored on receipt.
#include <cstdint>
#include <string>

#include "protocol/wire/field_list.h"

namespace smc::cdc {

struct CdcProducerFlags {
  bool write_blocked = false;          // 0x80: sender has data, the peer's RMBE is full
  bool urgent_pending = false;         // 0x40
  bool urgent_present = false;         // 0x20: the byte before the producer cursor is urgent
  bool cons_update_requested = false;  // 0x10: please announce your consumer cursor
  bool failover_validation = false;    // 0x08: sequence check after a link failover

  bool operator==(const CdcProducerFlags&) const = default;
  std::uint8_t to_byte() const;
  static CdcProducerFlags from_byte(std::uint8_t b);
  std::string names() const;  // "write_blocked, urgent_pending"
};

struct CdcConnStateFlags {
  bool peer_done_writing = false;    // 0x80: shutdown(SHUT_WR)
  bool peer_conn_closed = false;     // 0x40: close
  bool peer_abnormal_close = false;  // 0x20: abort

  bool operator==(const CdcConnStateFlags&) const = default;
  std::uint8_t to_byte() const;
  static CdcConnStateFlags from_byte(std::uint8_t b);
  std::string names() const;
};

// The flag bytes as described fields; SMC-R CDC and the SMC-D header share them.
wire::Field describe(const CdcProducerFlags& p);
wire::Field describe(const CdcConnStateFlags& c);

}  // namespace smc::cdc
