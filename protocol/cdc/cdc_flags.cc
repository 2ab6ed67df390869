#include "protocol/cdc/cdc_flags.h"

#include <fmt/core.h>

namespace smc::cdc {

namespace {
void add(std::string& s, bool on, const char* name) {
  if (!on) return;
  if (!s.empty()) s += ", ";
  s += name;
}
}  // namespace

std::uint8_t CdcProducerFlags::to_byte() const {
  return static_cast<std::uint8_t>((write_blocked ? 0x80 : 0) | (urgent_pending ? 0x40 : 0) |
                                   (urgent_present ? 0x20 : 0) | (cons_update_requested ? 0x10 : 0) |
                                   (failover_validation ? 0x08 : 0));
}

CdcProducerFlags CdcProducerFlags::from_byte(std::uint8_t b) {
  return {(b & 0x80) != 0, (b & 0x40) != 0, (b & 0x20) != 0, (b & 0x10) != 0, (b & 0x08) != 0};
}

std::string CdcProducerFlags::names() const {
  std::string s;
  add(s, write_blocked, "write_blocked");
  add(s, urgent_pending, "urgent_pending");
  add(s, urgent_present, "urgent_present");
  add(s, cons_update_requested, "cons_update_requested");
  add(s, failover_validation, "failover_validation");
  return s;
}

std::uint8_t CdcConnStateFlags::to_byte() const {
  return static_cast<std::uint8_t>((peer_done_writing ? 0x80 : 0) | (peer_conn_closed ? 0x40 : 0) |
                                   (peer_abnormal_close ? 0x20 : 0));
}

CdcConnStateFlags CdcConnStateFlags::from_byte(std::uint8_t b) {
  return {(b & 0x80) != 0, (b & 0x40) != 0, (b & 0x20) != 0};
}

std::string CdcConnStateFlags::names() const {
  std::string s;
  add(s, peer_done_writing, "peer_done_writing");
  add(s, peer_conn_closed, "peer_conn_closed");
  add(s, peer_abnormal_close, "peer_abnormal_close");
  return s;
}

wire::Field describe(const CdcProducerFlags& p) {
  return wire::group_field(
      "producer_flags",
      {wire::num_field("write_blocked", p.write_blocked), wire::num_field("urgent_pending", p.urgent_pending),
       wire::num_field("urgent_present", p.urgent_present),
       wire::num_field("cons_update_requested", p.cons_update_requested),
       wire::num_field("failover_validation", p.failover_validation)},
      fmt::format("0x{:02x}", p.to_byte()));
}

wire::Field describe(const CdcConnStateFlags& c) {
  return wire::group_field(
      "conn_state_flags",
      {wire::num_field("peer_done_writing", c.peer_done_writing), wire::num_field("peer_conn_closed", c.peer_conn_closed),
       wire::num_field("peer_abnormal_close", c.peer_abnormal_close)},
      fmt::format("0x{:02x}", c.to_byte()));
}

}  // namespace smc::cdc
