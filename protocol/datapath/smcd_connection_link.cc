#include "protocol/datapath/smcd_connection_link.h"

namespace smc::datapath {

LinkError link_error_from(ports::IsmError e) {
  switch (e) {
    case ports::IsmError::UnknownToken:
    case ports::IsmError::Unreachable:
    case ports::IsmError::NoDevice:
      return LinkError::LinkDown;
    default:
      return LinkError::Rejected;
  }
}

Status<LinkError> SmcdConnectionLink::write_to_peer(std::uint32_t offset, wire::ByteView data) {
  auto st = device_.move_data(peer_dmb_, static_cast<std::uint32_t>(cdc::kSmcdCdcHeaderSize) + offset, data, false);
  if (!st) return smc::unexpected(link_error_from(st.error()));
  return Ok{};
}

Status<LinkError> SmcdConnectionLink::send_cdc(const cdc::CdcMessage& message) {
  const auto header = smcd_header_from(message).encode(order_);
  auto st = device_.move_data(peer_dmb_, 0, header, true);
  if (!st) return smc::unexpected(link_error_from(st.error()));
  return Ok{};
}

cdc::SmcdCdcHeader smcd_header_from(const cdc::CdcMessage& m) {
  cdc::SmcdCdcHeader h;
  h.producer = m.producer;
  h.consumer = m.consumer;
  h.producer_flags = m.producer_flags;
  h.conn_state_flags = m.conn_state_flags;
  return h;
}

cdc::CdcMessage cdc_from_smcd_header(const cdc::SmcdCdcHeader& h) {
  cdc::CdcMessage m;
  m.producer = h.producer;
  m.consumer = h.consumer;
  m.producer_flags = h.producer_flags;
  m.conn_state_flags = h.conn_state_flags;
  return m;
}

std::span<std::uint8_t> smcd_ring(std::span<std::uint8_t> dmb) {
  if (dmb.size() <= cdc::kSmcdCdcHeaderSize) return {};
  return dmb.subspan(cdc::kSmcdCdcHeaderSize);
}

std::uint32_t smcd_ring_size(std::uint32_t dmbe_size) {
  return dmbe_size > cdc::kSmcdCdcHeaderSize ? dmbe_size - static_cast<std::uint32_t>(cdc::kSmcdCdcHeaderSize) : 0;
}

bool smcd_deliver_signal(std::span<const std::uint8_t> dmb, cdc::SmcdByteOrder order, ConnectionDataPath& path) {
  auto h = cdc::SmcdCdcHeader::decode(dmb, order);
  if (!h) return false;
  path.on_cdc(cdc_from_smcd_header(*h));
  return true;
}

}  // namespace smc::datapath
