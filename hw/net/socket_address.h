#pragma once
// Conversions between the protocol's vocabulary and the BSD socket API: Endpoint <->
// sockaddr, errno -> ports::StreamError, and socket options passed through by number.
#include <sys/socket.h>

#include <optional>

#include "protocol/ports/stream_transport.h"

namespace smc::hw {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family() const { return storage.ss_family; }
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

SocketAddress to_sockaddr(const ports::Endpoint& endpoint);
// nullopt for a family other than AF_INET/AF_INET6.
std::optional<ports::Endpoint> from_sockaddr(const sockaddr_storage& storage);

// The address family a socket for `endpoint` must have.
int family_of(const ports::Endpoint& endpoint);

// errno -> StreamError. The enum's numbers are Linux's errnos, so a known errno maps to
// itself; EWOULDBLOCK is EAGAIN; anything the enum does not name becomes ProtocolError
// (EPROTO), the closest "the transport failed" the engine understands.
ports::StreamError stream_error_from_errno(int err);

// setsockopt/getsockopt by (level, name). An integer value is passed as a C int (what
// every option SMC cares about takes); a byte value is passed as is (IPsec policies).
// getsockopt answers an integer when the kernel returns exactly sizeof(int) bytes, else
// the bytes.
Status<ports::StreamError> set_socket_option(int fd, ports::SockOpt opt, const ports::SockOptValue& value);
Result<ports::SockOptValue, ports::StreamError> get_socket_option(int fd, ports::SockOpt opt);

// getsockname / getpeername, or a default Endpoint when the socket has none.
ports::Endpoint local_endpoint(int fd);
ports::Endpoint peer_endpoint(int fd);

}  // namespace smc::hw
