#include "protocol/datapath/socket_error.h"

namespace smc::datapath {

const char* to_string(SocketError e) {
  switch (e) {
    case SocketError::WouldBlock: return "EAGAIN";
    case SocketError::BrokenPipe: return "EPIPE";
    case SocketError::ConnectionReset: return "ECONNRESET";
    case SocketError::ConnectionAborted: return "ECONNABORTED";
    case SocketError::NotConnected: return "ENOTCONN";
    case SocketError::InvalidArgument: return "EINVAL";
  }
  return "?";
}

}  // namespace smc::datapath
