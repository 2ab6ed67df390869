#include "hw/net/socket_address.h"

#include <netinet/in.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstring>

namespace smc::hw {

using ports::StreamError;

int family_of(const ports::Endpoint& endpoint) { return endpoint.address.is_v6() ? AF_INET6 : AF_INET; }

SocketAddress to_sockaddr(const ports::Endpoint& endpoint) {
  SocketAddress out;
  if (endpoint.address.is_v6()) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&out.storage);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(endpoint.port);
    std::memcpy(sa->sin6_addr.s6_addr, endpoint.address.bytes().data(), 16);
    out.length = sizeof(sockaddr_in6);
  } else {
    auto* sa = reinterpret_cast<sockaddr_in*>(&out.storage);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(endpoint.port);
    sa->sin_addr.s_addr = htonl(endpoint.address.v4_value());
    out.length = sizeof(sockaddr_in);
  }
  return out;
}

std::optional<ports::Endpoint> from_sockaddr(const sockaddr_storage& storage) {
  if (storage.ss_family == AF_INET) {
    const auto* sa = reinterpret_cast<const sockaddr_in*>(&storage);
    return ports::Endpoint{ports::IpAddress::v4(ntohl(sa->sin_addr.s_addr)), ntohs(sa->sin_port)};
  }
  if (storage.ss_family == AF_INET6) {
    const auto* sa = reinterpret_cast<const sockaddr_in6*>(&storage);
    std::array<std::uint8_t, 16> bytes{};
    std::memcpy(bytes.data(), sa->sin6_addr.s6_addr, 16);
    return ports::Endpoint{ports::IpAddress::v6(bytes), ntohs(sa->sin6_port)};
  }
  return std::nullopt;
}

StreamError stream_error_from_errno(int err) {
  switch (err) {
    case EPERM: return StreamError::PermissionDenied;
    case EACCES: return StreamError::PermissionDenied;
    case EAGAIN: return StreamError::WouldBlock;
    case EINVAL: return StreamError::InvalidArgument;
    case EPIPE: return StreamError::BrokenPipe;
    case EPROTO: return StreamError::ProtocolError;
    case EOPNOTSUPP: return StreamError::NotSupported;
    case ENOPROTOOPT: return StreamError::NotSupported;
    case EADDRINUSE: return StreamError::AddressInUse;
    case EADDRNOTAVAIL: return StreamError::AddressNotAvailable;
    case ENETUNREACH: return StreamError::NetworkUnreachable;
    case ECONNRESET: return StreamError::ConnectionReset;
    case ENOBUFS: return StreamError::NoBufferSpace;
    case ENOMEM: return StreamError::NoBufferSpace;
    case EISCONN: return StreamError::IsConnected;
    case ENOTCONN: return StreamError::NotConnected;
    case ETIMEDOUT: return StreamError::TimedOut;
    case ECONNREFUSED: return StreamError::ConnectionRefused;
    case EHOSTUNREACH: return StreamError::HostUnreachable;
    case EALREADY: return StreamError::Already;
    case EINPROGRESS: return StreamError::InProgress;
    default: return StreamError::ProtocolError;
  }
}

Status<StreamError> set_socket_option(int fd, ports::SockOpt opt, const ports::SockOptValue& value) {
  int rc = 0;
  if (const auto* v = std::get_if<std::int64_t>(&value)) {
    if (*v < INT_MIN || *v > INT_MAX) return smc::unexpected(StreamError::InvalidArgument);
    const int i = static_cast<int>(*v);
    rc = ::setsockopt(fd, opt.level, opt.name, &i, sizeof i);
  } else {
    const auto& bytes = std::get<wire::Bytes>(value);
    rc = ::setsockopt(fd, opt.level, opt.name, bytes.data(), static_cast<socklen_t>(bytes.size()));
  }
  if (rc != 0) return smc::unexpected(stream_error_from_errno(errno));
  return Ok{};
}

Result<ports::SockOptValue, StreamError> get_socket_option(int fd, ports::SockOpt opt) {
  std::array<std::uint8_t, 256> buf{};
  socklen_t len = buf.size();
  if (::getsockopt(fd, opt.level, opt.name, buf.data(), &len) != 0)
    return smc::unexpected(stream_error_from_errno(errno));
  if (len == sizeof(int)) {
    int i = 0;
    std::memcpy(&i, buf.data(), sizeof i);
    return ports::SockOptValue{static_cast<std::int64_t>(i)};
  }
  return ports::SockOptValue{wire::Bytes(buf.begin(), buf.begin() + len)};
}

ports::Endpoint local_endpoint(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
  return from_sockaddr(ss).value_or(ports::Endpoint{});
}

ports::Endpoint peer_endpoint(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return {};
  return from_sockaddr(ss).value_or(ports::Endpoint{});
}

}  // namespace smc::hw
