#include "protocol/ports/stream_transport.h"

namespace smc::ports {

int to_errno(StreamError e) { return static_cast<int>(e); }

const char* errno_name(StreamError e) {
  switch (e) {
    case StreamError::PermissionDenied: return "EPERM";
    case StreamError::WouldBlock: return "EAGAIN";
    case StreamError::InvalidArgument: return "EINVAL";
    case StreamError::BrokenPipe: return "EPIPE";
    case StreamError::ProtocolError: return "EPROTO";
    case StreamError::NotSupported: return "EOPNOTSUPP";
    case StreamError::AddressInUse: return "EADDRINUSE";
    case StreamError::AddressNotAvailable: return "EADDRNOTAVAIL";
    case StreamError::NetworkUnreachable: return "ENETUNREACH";
    case StreamError::ConnectionReset: return "ECONNRESET";
    case StreamError::NoBufferSpace: return "ENOBUFS";
    case StreamError::IsConnected: return "EISCONN";
    case StreamError::NotConnected: return "ENOTCONN";
    case StreamError::TimedOut: return "ETIMEDOUT";
    case StreamError::ConnectionRefused: return "ECONNREFUSED";
    case StreamError::HostUnreachable: return "EHOSTUNREACH";
    case StreamError::Already: return "EALREADY";
    case StreamError::InProgress: return "EINPROGRESS";
  }
  return "E?";
}

std::string Endpoint::to_string() const {
  if (address.is_v6()) return "[" + address.to_string() + "]:" + std::to_string(port);
  return address.to_string() + ":" + std::to_string(port);
}

}  // namespace smc::ports
