#pragma once
// What the application sees from an SMC socket call, named after the errno the kernel's
// smc_tx_sendmsg / smc_rx_recvmsg return (docs/data-path.md, "What the application sees").
#include <cstdint>

namespace smc::datapath {

enum class SocketError : std::uint8_t {
  WouldBlock,         // EAGAIN: no peer space / no data yet (non-blocking socket)
  BrokenPipe,         // EPIPE: local side shut down for writing, or the connection was killed
  ConnectionReset,    // ECONNRESET: the peer closed or aborted and we still write
  ConnectionAborted,  // ECONNABORTED: the link group died under us (reported once)
  NotConnected,       // ENOTCONN: never connected, or used after close()
  InvalidArgument,    // EINVAL: e.g. MSG_OOB read with no urgent byte
};

// "EAGAIN", "EPIPE", ...
const char* to_string(SocketError e);

}  // namespace smc::datapath
