#pragma once
// A value snapshot of one connection's data path for `smcss -d` / `-R` and for test
// failure messages: the kernel's smc_diag_conninfo fields (diag::ConnInfo) plus what
// smcss does not show but a reader of a trace wants (bytes in flight, unread bytes, CDC
// counts, pending work).
#include <cstdint>
#include <string>

#include "protocol/datapath/connection_data_path.h"
#include "protocol/diag/socket_diag.h"

namespace smc::datapath {

struct DataPathSnapshot {
  diag::SmcState state = diag::SmcState::Active;
  diag::ConnInfo conn;              // what smc_diag reports (and smcss -d prints)
  std::uint32_t bytes_in_flight = 0;  // written to the peer, not yet consumed by it
  std::uint32_t bytes_to_rcv = 0;     // readable in our ring
  std::uint32_t peer_free = 0;
  std::uint64_t cdc_sent = 0;
  std::uint64_t cdc_received = 0;
  std::uint16_t tx_seqno = 0;
  std::uint16_t rx_seqno = 0;
  bool cdc_pending = false;
  UrgentState urgent = UrgentState::None;
};

// There is no send buffer (the application's buffer plays it), so sndbuf_size is 0 and
// tx_prep = tx_sent = tx_fin = the producer cursor: everything prepared was sent.
DataPathSnapshot snapshot(const ConnectionDataPath& path);

// One line:
// "ACTIVE shut=<-> rmbe=16384 peer=16384 rx=0000:00000010/0000:00000000 80:00
//  tx=0001:00000004/0000:00000010 00:00 flight=20 unread=16 free=16364 cdc=3/2 seq=3/2"
std::string format_snapshot(const DataPathSnapshot& s);

}  // namespace smc::datapath
