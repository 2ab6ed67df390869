#pragma once
// What one SMC connection's data path needs from the link (SMC-R: the link group's current
// link; SMC-D: the ISM device), and nothing more: put bytes into the peer's RMB element
// (RDMA WRITE / ISM move) and tell the peer with a CDC message (RDMA SEND / ISM signal).
// Inbound, the link layer hands received CDC messages to ConnectionDataPath::on_cdc() and
// the peer's writes land directly in the connection's own RMB element memory.
//
// Implemented by the link layer (protocol/link/) over ports::RnicDevice, by the SMC-D
// path over ports::IsmDevice, and by in-memory fakes in tests.
#include <cstdint>

#include "protocol/cdc/cdc_message.h"
#include "protocol/common/result.h"
#include "protocol/wire/bytes.h"

namespace smc::datapath {

enum class LinkError : std::uint8_t {
  NoBuffers,    // no free send slot right now (all work requests outstanding): retry later
  LinkDown,     // no usable link: the connection must fail over or abort
  Rejected,     // the device refused the request (bad rkey, bounds): a bug or a fault
};
const char* to_string(LinkError e);

class ConnectionLink {
 public:
  virtual ~ConnectionLink() = default;
  // Writes `data` at byte `offset` of the peer's RMB element (offset + size <= the peer's
  // element size; a write that wraps is split by the caller into two calls). The bytes are
  // in the peer's memory before any CDC message sent after this call arrives there (RC
  // ordering), which is all the data path relies on.
  virtual Status<LinkError> write_to_peer(std::uint32_t offset, wire::ByteView data) = 0;
  // Sends a CDC message to the peer; the link fills in nothing: the caller sets the
  // sequence number and the peer's alert token.
  virtual Status<LinkError> send_cdc(const cdc::CdcMessage& message) = 0;
};

}  // namespace smc::datapath
