#pragma once
// What SMC needs from TCP, in the protocol's words. SMC rides on a TCP connection: the
// client offers SMC with a TCP option in its SYN (kind 254, ExID 0xE2D4C3D9), the server
// answers in the SYN-ACK, and then the CLC handshake (or, after a fallback, the
// application's data) flows over the byte stream. The engine therefore needs more than
// send/recv: it chooses the SYN's options, sees the SYN-ACK's, and as a listener sees
// each SYN's options and chooses what its SYN-ACK carries.
//
// Implemented by sim/tcp (deterministic simulated TCP) and hw/ (real sockets). All
// callbacks run on the transport's own event loop, never re-entrantly from inside the call
// that the engine is making (a send() never calls on_readable() before returning).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/common/result.h"
#include "protocol/ports/ip_address.h"
#include "protocol/wire/bytes.h"

namespace smc::ports {

// errno-like codes. Numbers are Linux's, so a report can print "ECONNREFUSED (111)".
enum class StreamError : int {
  PermissionDenied = 1,          // EPERM
  WouldBlock = 11,               // EAGAIN: nothing to read / no room to write / no connection to accept
  InvalidArgument = 22,          // EINVAL
  BrokenPipe = 32,               // EPIPE: send after shutdown(SHUT_WR) or after the peer reset
  ProtocolError = 71,            // EPROTO
  NotSupported = 95,             // EOPNOTSUPP
  AddressInUse = 98,             // EADDRINUSE
  AddressNotAvailable = 99,      // EADDRNOTAVAIL: no free ephemeral port, or bind to a foreign address
  NetworkUnreachable = 101,      // ENETUNREACH: no route
  ConnectionReset = 104,         // ECONNRESET
  NoBufferSpace = 105,           // ENOBUFS
  IsConnected = 106,             // EISCONN
  NotConnected = 107,            // ENOTCONN
  TimedOut = 110,                // ETIMEDOUT: SYN retries or data retransmissions exhausted
  ConnectionRefused = 111,       // ECONNREFUSED: RST in answer to our SYN
  HostUnreachable = 113,         // EHOSTUNREACH
  Already = 114,                 // EALREADY
  InProgress = 115,              // EINPROGRESS
};

int to_errno(StreamError e);
const char* errno_name(StreamError e);  // "ECONNREFUSED"

// A TCP option as carried in a SYN or SYN-ACK: kind and the bytes after the length octet.
// Options are opaque to the transport except for the ones it produces itself (MSS, window
// scale, SACK permitted, timestamps, Fast Open cookie); NOP/EOL padding is not listed.
struct TcpOption {
  std::uint8_t kind = 0;
  wire::Bytes data;  // without kind and length
  std::size_t wire_size() const { return 2 + data.size(); }
  bool operator==(const TcpOption&) const = default;
};
using TcpOptions = std::vector<TcpOption>;

// Well-known option kinds (IANA). 254 is RFC 6994's shared experimental kind SMC uses.
namespace tcp_option_kind {
inline constexpr std::uint8_t kEol = 0, kNop = 1, kMss = 2, kWindowScale = 3, kSackPermitted = 4,
                              kTimestamps = 8, kMd5 = 19, kAuthentication = 29, kFastOpen = 34,
                              kExperimental = 254;
}

struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;
  std::string to_string() const;  // "10.0.0.1:4711", "[fe80::1]:4711"
  auto operator<=>(const Endpoint&) const = default;
};

// A socket option passed through by number, as setsockopt(level, name) would: SMC's
// fallback rules depend on option numbers (a SOL_IP option numbered like a Fast Open option
// has the same effect), so names are not abstracted away.
struct SockOpt {
  int level = 0;  // SOL_SOCKET = 1, SOL_IP = 0, SOL_IPV6 = 41, SOL_TCP = 6
  int name = 0;
  auto operator<=>(const SockOpt&) const = default;
};
namespace sockopt {
inline constexpr int kSolIp = 0, kSolSocket = 1, kSolTcp = 6, kSolIpv6 = 41;
inline constexpr SockOpt kReuseAddr{kSolSocket, 2}, kKeepAlive{kSolSocket, 9}, kSndBuf{kSolSocket, 7},
    kRcvBuf{kSolSocket, 8}, kNoDelay{kSolTcp, 1}, kMaxSeg{kSolTcp, 2}, kCork{kSolTcp, 3},
    kFastOpen{kSolTcp, 23}, kFastOpenConnect{kSolTcp, 30}, kFastOpenNoCookie{kSolTcp, 34},
    kIpIpsecPolicy{kSolIp, 16}, kIpv6IpsecPolicy{kSolIpv6, 34};
}
using SockOptValue = std::variant<std::int64_t, wire::Bytes>;

enum class StreamState : std::uint8_t { Connecting, Established, Closing, Closed };

// What the transport tells the owner of a connection. Unset callbacks are ignored.
struct StreamEvents {
  // Active open finished; `synack_options` are the options of the SYN-ACK as received
  // (after any middlebox), so the engine can tell whether the server offered SMC.
  std::function<void(const TcpOptions& synack_options)> on_connected;
  std::function<void()> on_readable;   // new bytes (or the peer's FIN) can be read
  std::function<void()> on_writable;   // send buffer space freed after a WouldBlock
  std::function<void()> on_peer_fin;   // the peer shut down its sending side: recv() returns 0 after the data
  // The connection failed or ended abnormally: ConnectionRefused (RST to our SYN),
  // ConnectionReset (RST later), TimedOut (retries exhausted), HostUnreachable ...
  // No other callback follows.
  std::function<void(StreamError)> on_error;
};

// One TCP connection, active or accepted. Dropping the handle closes it (close()).
class StreamConnection {
 public:
  virtual ~StreamConnection() = default;
  virtual void set_events(StreamEvents events) = 0;

  // Queues bytes; returns how many were accepted (may be fewer than offered), or
  // WouldBlock when the send buffer is full, BrokenPipe after shutdown_write()/reset.
  virtual Result<std::size_t, StreamError> send(wire::ByteView data) = 0;
  // Reads up to max bytes in order. An empty result means end of stream (peer FIN and all
  // data read); WouldBlock when nothing is there yet.
  virtual Result<wire::Bytes, StreamError> recv(std::size_t max) = 0;
  virtual std::size_t readable_bytes() const = 0;

  virtual Status<StreamError> shutdown_write() = 0;  // shutdown(SHUT_WR): FIN after queued data
  // Orderly close. Like Linux, closing with unread received data sends RST instead of FIN.
  virtual void close() = 0;
  virtual void reset() = 0;  // abortive close: RST now, queued data discarded

  virtual Status<StreamError> set_option(SockOpt opt, const SockOptValue& value) = 0;
  virtual Result<SockOptValue, StreamError> get_option(SockOpt opt) const = 0;

  virtual StreamState state() const = 0;
  virtual Endpoint local() const = 0;
  virtual Endpoint peer() const = 0;
  // The options the peer's handshake segment carried: the SYN-ACK's for an active open,
  // the SYN's for an accepted connection.
  virtual const TcpOptions& peer_handshake_options() const = 0;
};

struct ConnectRequest {
  std::optional<Endpoint> local;  // bind() first; port 0 = ephemeral
  Endpoint remote;
  TcpOptions syn_options;  // added to the SYN if they fit in its option space, in this order
  // Socket options applied before connect() (e.g. an IPsec policy, TCP_NODELAY).
  std::vector<std::pair<SockOpt, SockOptValue>> options;
  // sendto(MSG_FASTOPEN): data carried in the SYN (or sent right after the handshake
  // when the transport has no cookie for the peer).
  std::optional<wire::Bytes> fast_open_data;
};

// What a listener learns from each SYN before answering it.
struct SynInfo {
  Endpoint peer;
  Endpoint local;
  TcpOptions syn_options;
  // Bytes of option space left in the SYN-ACK after the transport's own options: an
  // option larger than this is silently left out (the SYN-ACK still goes).
  std::size_t synack_space_left = 0;
};

// The listener's answer to a SYN: the extra options of the SYN-ACK (e.g. the SMC option).
using SynPolicy = std::function<TcpOptions(const SynInfo&)>;

struct ListenRequest {
  Endpoint local;  // address may be unspecified (0.0.0.0 / ::) to listen on all
  int backlog = 128;
  SynPolicy on_syn;                      // unset: SYN-ACK carries only the transport's options
  std::function<void()> on_acceptable;   // a completed connection waits in the accept queue
  std::vector<std::pair<SockOpt, SockOptValue>> options;  // applied before listen(), inherited by children
};

class StreamListener {
 public:
  virtual ~StreamListener() = default;
  // The next completed connection, or WouldBlock. Events for it are set by the caller.
  virtual Result<std::unique_ptr<StreamConnection>, StreamError> accept() = 0;
  virtual Endpoint local() const = 0;
  virtual void close() = 0;  // pending, not yet accepted connections are reset
};

class StreamTransport {
 public:
  virtual ~StreamTransport() = default;
  // Starts an active open; the result arrives through events (on_connected or on_error).
  // Immediate failures (EADDRINUSE on bind, ENETUNREACH, no ephemeral port) are returned.
  virtual Result<std::unique_ptr<StreamConnection>, StreamError> connect(ConnectRequest request,
                                                                         StreamEvents events) = 0;
  virtual Result<std::unique_ptr<StreamListener>, StreamError> listen(ListenRequest request) = 0;
  // False on a transport that cannot put options into its SYNs nor see the peer's (real
  // sockets in user space, hw/net): syn_options are not sent, on_connected reports none
  // and a listener's SynPolicy is never consulted, so the engine must not read "no SMC
  // option seen" as "the peer does not offer SMC".
  virtual bool carries_syn_options() const { return true; }
};

}  // namespace smc::ports
