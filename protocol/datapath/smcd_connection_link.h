#pragma once
// SMC-D as a ConnectionLink strategy: the same ConnectionDataPath runs over an ISM
// device. Data goes into the peer's DMB after its 32-byte CDC area (wire-format.md §5);
// the CDC is the SMC-D header written at offset 0 of the peer's DMB with the signal
// flag (smcd_cdc_msg_send). The receiving side reads the header the peer wrote into our
// DMB when the signal arrives and hands it to on_cdc (smcd_cdc_rx_tsklet).
//
// Sequence number and token do not exist in the SMC-D header: run the data path with
// DataPathConfig::sequence_numbers = false.
#include <cstdint>
#include <span>

#include "protocol/cdc/smcd_cdc_header.h"
#include "protocol/datapath/connection_data_path.h"
#include "protocol/datapath/connection_link.h"
#include "protocol/ports/ism.h"

namespace smc::datapath {

class SmcdConnectionLink final : public ConnectionLink {
 public:
  SmcdConnectionLink(ports::IsmDevice& device, ports::DmbToken peer_dmb,
                     cdc::SmcdByteOrder order = cdc::SmcdByteOrder::Big)
      : device_(device), peer_dmb_(peer_dmb), order_(order) {}

  Status<LinkError> write_to_peer(std::uint32_t offset, wire::ByteView data) override;
  Status<LinkError> send_cdc(const cdc::CdcMessage& message) override;

 private:
  ports::IsmDevice& device_;
  ports::DmbToken peer_dmb_;
  cdc::SmcdByteOrder order_;
};

// The ISM failure as the data path sees it: a vanished peer or device is a lost link;
// a bad offset or size is a rejected request.
LinkError link_error_from(ports::IsmError e);

cdc::SmcdCdcHeader smcd_header_from(const cdc::CdcMessage& m);
cdc::CdcMessage cdc_from_smcd_header(const cdc::SmcdCdcHeader& h);

// The receive ring inside a DMB: everything after the CDC area.
std::span<std::uint8_t> smcd_ring(std::span<std::uint8_t> dmb);
std::uint32_t smcd_ring_size(std::uint32_t dmbe_size);

// An ISM signal for our DMB: decode the header the peer wrote and deliver it. False
// (nothing delivered) when the area does not hold a CDC header.
bool smcd_deliver_signal(std::span<const std::uint8_t> dmb, cdc::SmcdByteOrder order, ConnectionDataPath& path);

}  // namespace smc::datapath
