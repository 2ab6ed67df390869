#include "protocol/datapath/data_path_snapshot.h"

#include <fmt/core.h>

namespace smc::datapath {

namespace {

diag::Cursor to_diag(const cdc::CdcCursor& c) { return {c.wrap, c.count}; }

std::string cursor_text(const diag::Cursor& c) { return fmt::format("{:04x}:{:08x}", c.wrap, c.count); }

const char* urgent_text(UrgentState u) {
  switch (u) {
    case UrgentState::None: return "";
    case UrgentState::NotYet: return " urg=notyet";
    case UrgentState::Valid: return " urg=valid";
  }
  return "";
}

}  // namespace

DataPathSnapshot snapshot(const ConnectionDataPath& p) {
  DataPathSnapshot s;
  s.state = p.state();
  const auto& closer = p.closer();
  s.conn.shutdown = static_cast<std::uint8_t>((closer.rcv_shutdown() ? 1 : 0) | (closer.send_shutdown() ? 2 : 0));
  s.conn.token = p.local_token();
  s.conn.rmbe_size = p.ring_size();
  s.conn.peer_rmbe_size = p.peer_ring_size();
  s.conn.rx_prod = to_diag(p.rx_producer());
  s.conn.rx_cons = to_diag(p.rx_consumer());
  s.conn.tx_prod = to_diag(p.tx_producer());
  s.conn.tx_cons = to_diag(p.tx_consumer());
  s.conn.tx_prep = s.conn.tx_sent = s.conn.tx_fin = s.conn.tx_prod;
  s.conn.rx_prod_flags = p.rx_producer_flags().to_byte();
  s.conn.rx_conn_state_flags = closer.rx_flags().to_byte();
  s.conn.tx_prod_flags = p.tx_producer_flags().to_byte();
  s.conn.tx_conn_state_flags = closer.tx_flags().to_byte();
  s.bytes_in_flight = p.bytes_in_flight();
  s.bytes_to_rcv = p.bytes_to_rcv();
  s.peer_free = p.peer_free();
  s.cdc_sent = p.cdc_sent();
  s.cdc_received = p.cdc_received();
  s.tx_seqno = p.tx_seqno();
  s.rx_seqno = p.rx_seqno();
  s.cdc_pending = p.cdc_pending();
  s.urgent = p.urgent_state();
  return s;
}

std::string format_snapshot(const DataPathSnapshot& s) {
  const auto& c = s.conn;
  return fmt::format(
      "{} shut={}-{} rmbe={} peer={} rx={}/{} {:02x}:{:02x} tx={}/{} {:02x}:{:02x} flight={} unread={} free={} "
      "cdc={}/{} seq={}/{}{}{}",
      diag::smcss_state_name(s.state), (c.shutdown & 1) ? 'R' : '<', (c.shutdown & 2) ? 'W' : '>', c.rmbe_size,
      c.peer_rmbe_size, cursor_text(c.rx_prod), cursor_text(c.rx_cons), c.rx_prod_flags, c.rx_conn_state_flags,
      cursor_text(c.tx_prod), cursor_text(c.tx_cons), c.tx_prod_flags, c.tx_conn_state_flags, s.bytes_in_flight,
      s.bytes_to_rcv, s.peer_free, s.cdc_sent, s.cdc_received, s.tx_seqno, s.rx_seqno,
      s.cdc_pending ? " cdc-pending" : "", urgent_text(s.urgent));
}

}  // namespace smc::datapath
