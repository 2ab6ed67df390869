// hw/net on the host's loopback: real Linux TCP behind ports::StreamTransport. Expected
// behaviour is the port's contract (protocol/ports/stream_transport.h) and Linux's
// documented TCP semantics (RST on close with unread data, SO_LINGER 0, ECONNREFUSED).
#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "hw/loop/event_loop.h"
#include "hw/net/socket_transport.h"

using namespace smc;
using namespace smc::ports;
using smc::hw::EventLoop;
using smc::hw::SocketTransport;

namespace {

constexpr Nanos kWait = 10 * kSecond;

struct World {
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<SocketTransport> transport;
  World() {
    auto l = EventLoop::create();
    REQUIRE(l.ok());
    loop = std::move(l.value());
    transport = std::make_unique<SocketTransport>(*loop);
  }
  bool run_until(const std::function<bool()>& done, Nanos timeout = kWait) { return loop->run_until(done, timeout); }
};

Endpoint ep(const char* addr, std::uint16_t port) { return Endpoint{*IpAddress::parse(addr), port}; }

// A listener that accepts everything into `accepted`.
struct Server {
  std::unique_ptr<StreamListener> listener;
  std::vector<std::unique_ptr<StreamConnection>> accepted;
  int acceptable_calls = 0;
  bool auto_accept = true;

  Result<Ok, StreamError> start(World& w, Endpoint local, std::vector<std::pair<SockOpt, SockOptValue>> opts = {}) {
    ListenRequest req;
    req.local = local;
    req.options = std::move(opts);
    req.on_acceptable = [this] {
      ++acceptable_calls;
      if (!auto_accept) return;
      auto c = listener->accept();
      REQUIRE(c.ok());
      accepted.push_back(std::move(c.value()));
    };
    auto l = w.transport->listen(std::move(req));
    if (!l) return smc::unexpected(l.error());
    listener = std::move(l.value());
    return Ok{};
  }
  Endpoint local() const { return listener->local(); }
};

// Records what a connection's events reported.
struct Observer {
  bool connected = false;
  std::optional<TcpOptions> synack;
  std::optional<StreamError> error;
  int readable = 0, writable = 0, peer_fin = 0, after_error = 0;
  StreamEvents events() {
    StreamEvents e;
    e.on_connected = [this](const TcpOptions& o) {
      connected = true;
      synack = o;
      if (error) ++after_error;
    };
    e.on_readable = [this] {
      ++readable;
      if (error) ++after_error;
    };
    e.on_writable = [this] { ++writable; };
    e.on_peer_fin = [this] {
      ++peer_fin;
      if (error) ++after_error;
    };
    e.on_error = [this](StreamError err) { error = err; };
    return e;
  }
};

wire::Bytes pattern(std::size_t n) {
  wire::Bytes b(n);
  std::uint32_t x = 0x12345678;
  for (auto& v : b) {
    x = x * 1103515245u + 12345u;  // fixed LCG: the same bytes every run
    v = static_cast<std::uint8_t>(x >> 24);
  }
  return b;
}

// Connects a client to `server` and returns both ends once established.
struct Pair {
  std::unique_ptr<StreamConnection> client;
  StreamConnection* server = nullptr;
  Observer client_obs, server_obs;
};

std::unique_ptr<Pair> connect_pair(World& w, Server& s, const char* addr) {
  auto p = std::make_unique<Pair>();
  ConnectRequest req;
  req.remote = ep(addr, s.local().port);
  auto c = w.transport->connect(req, p->client_obs.events());
  REQUIRE(c.ok());
  p->client = std::move(c.value());
  const std::size_t before = s.accepted.size();
  REQUIRE(w.run_until([&] { return p->client_obs.connected && s.accepted.size() > before; }));
  p->server = s.accepted.back().get();
  p->server->set_events(p->server_obs.events());
  return p;
}

void echo_one_mebibyte(const char* addr) {
  World w;
  Server s;
  REQUIRE(s.start(w, ep(addr, 0)).ok());
  CHECK(s.local().port != 0);
  auto p = connect_pair(w, s, addr);
  CHECK(p->client->state() == StreamState::Established);
  CHECK(p->server->state() == StreamState::Established);
  CHECK(p->client->peer() == s.local());
  CHECK(p->server->peer() == p->client->local());
  CHECK(p->client->local().address == *IpAddress::parse(addr));

  const wire::Bytes data = pattern(1 << 20);
  std::size_t sent = 0;
  wire::Bytes echoed, to_echo;
  StreamConnection* srv = p->server;
  auto pump = [&] {
    // Client: push the payload; server: echo whatever arrives; client: collect it.
    while (sent < data.size()) {
      auto n = p->client->send(wire::ByteView(data).subspan(sent));
      if (!n) {
        CHECK(n.error() == StreamError::WouldBlock);
        break;
      }
      sent += *n;
    }
    for (;;) {
      auto r = srv->recv(64 * 1024);
      if (!r || r->empty()) break;
      to_echo.insert(to_echo.end(), r->begin(), r->end());
    }
    while (!to_echo.empty()) {
      auto n = srv->send(to_echo);
      if (!n) break;
      to_echo.erase(to_echo.begin(), to_echo.begin() + static_cast<std::ptrdiff_t>(*n));
    }
    for (;;) {
      auto r = p->client->recv(64 * 1024);
      if (!r || r->empty()) break;
      echoed.insert(echoed.end(), r->begin(), r->end());
    }
  };
  StreamEvents ce = p->client_obs.events();
  ce.on_readable = pump;
  ce.on_writable = pump;
  p->client->set_events(ce);
  StreamEvents se = p->server_obs.events();
  se.on_readable = pump;
  se.on_writable = pump;
  srv->set_events(se);
  pump();
  REQUIRE(w.run_until([&] { return echoed.size() >= data.size(); }, 30 * kSecond));
  CHECK(echoed.size() == data.size());
  CHECK(echoed == data);
}

}  // namespace

TEST_CASE("the socket transport declares that it carries no SYN options") {
  World w;
  CHECK_FALSE(w.transport->carries_syn_options());
  StreamTransport& as_port = *w.transport;
  CHECK_FALSE(as_port.carries_syn_options());
}

TEST_CASE("echo of 1 MiB over 127.0.0.1 with verified bytes") { echo_one_mebibyte("127.0.0.1"); }

TEST_CASE("echo of 1 MiB over ::1 with verified bytes") { echo_one_mebibyte("::1"); }

TEST_CASE("connect: on_connected reports no SYN-ACK options, SMC option requested is dropped") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  Observer obs;
  ConnectRequest req;
  req.remote = s.local();
  // The SMC experimental option (kind 254, ExID 0xE2D4C3D9, RFC 6994 / wire-format.md).
  req.syn_options.push_back(TcpOption{tcp_option_kind::kExperimental, {0xe2, 0xd4, 0xc3, 0xd9}});
  auto c = w.transport->connect(req, obs.events());
  REQUIRE(c.ok());
  CHECK((*c)->state() == StreamState::Connecting);
  CHECK_FALSE(obs.connected);  // never from inside connect()
  REQUIRE(w.run_until([&] { return obs.connected && !s.accepted.empty(); }));
  REQUIRE(obs.synack.has_value());
  CHECK(obs.synack->empty());
  CHECK((*c)->peer_handshake_options().empty());
  CHECK(s.accepted[0]->peer_handshake_options().empty());
  CHECK(w.transport->syn_options_dropped() == 1);
}

TEST_CASE("connect to a closed port: ECONNREFUSED through on_error, never from inside connect()") {
  World w;
  std::uint16_t port = 0;
  {
    Server s;  // learn a free port, then close it
    REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
    port = s.local().port;
  }
  Observer obs;
  ConnectRequest req;
  req.remote = ep("127.0.0.1", port);
  auto c = w.transport->connect(req, obs.events());
  REQUIRE(c.ok());
  CHECK_FALSE(obs.error.has_value());
  REQUIRE(w.run_until([&] { return obs.error.has_value(); }));
  CHECK(*obs.error == StreamError::ConnectionRefused);
  CHECK(to_errno(*obs.error) == 111);
  CHECK_FALSE(obs.connected);
  CHECK((*c)->state() == StreamState::Closed);
  w.loop->run_once(20 * kMillisecond);
  CHECK(obs.after_error == 0);
}

TEST_CASE("EADDRINUSE: a second listener on the same port, and binding a connect to it") {
  World w;
  Server a, b;
  REQUIRE(a.start(w, ep("127.0.0.1", 0)).ok());
  auto second = b.start(w, ep("127.0.0.1", a.local().port));
  REQUIRE_FALSE(second.ok());
  CHECK(second.error() == StreamError::AddressInUse);
  CHECK(to_errno(second.error()) == 98);

  Observer obs;
  ConnectRequest req;
  req.local = ep("127.0.0.1", a.local().port);
  req.remote = a.local();
  auto c = w.transport->connect(req, obs.events());
  REQUIRE_FALSE(c.ok());
  CHECK(c.error() == StreamError::AddressInUse);
}

TEST_CASE("connect from an explicit local address and port") {
  World w;
  Server s, probe;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  REQUIRE(probe.start(w, ep("127.0.0.1", 0)).ok());
  const std::uint16_t free_port = probe.local().port;
  probe.listener->close();
  Observer obs;
  ConnectRequest req;
  req.local = ep("127.0.0.1", free_port);
  req.remote = s.local();
  auto c = w.transport->connect(req, obs.events());
  REQUIRE(c.ok());
  REQUIRE(w.run_until([&] { return obs.connected && !s.accepted.empty(); }));
  CHECK((*c)->local() == ep("127.0.0.1", free_port));
  CHECK(s.accepted[0]->peer() == ep("127.0.0.1", free_port));
}

TEST_CASE("a family mismatch between local and remote is EINVAL") {
  World w;
  ConnectRequest req;
  req.local = ep("::1", 0);
  req.remote = ep("127.0.0.1", 9);
  Observer obs;
  auto c = w.transport->connect(req, obs.events());
  REQUIRE_FALSE(c.ok());
  CHECK(c.error() == StreamError::InvalidArgument);
}

TEST_CASE("shutdown_write: the peer sees its data, then on_peer_fin and end of stream; half-close still carries data back") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  auto p = connect_pair(w, s, "127.0.0.1");
  const wire::Bytes hello{'h', 'e', 'l', 'l', 'o'};
  REQUIRE(p->client->send(hello).ok());
  REQUIRE(p->client->shutdown_write().ok());
  CHECK(p->client->state() == StreamState::Closing);
  auto again = p->client->send(hello);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error() == StreamError::BrokenPipe);

  REQUIRE(w.run_until([&] { return p->server_obs.peer_fin == 1; }));
  CHECK(p->server_obs.readable >= 1);
  CHECK(p->server->readable_bytes() == hello.size());
  auto r = p->server->recv(100);
  REQUIRE(r.ok());
  CHECK(*r == hello);
  auto eof = p->server->recv(100);
  REQUIRE(eof.ok());
  CHECK(eof->empty());
  CHECK(p->server->state() == StreamState::Closing);

  const wire::Bytes back{'b', 'y', 'e'};
  REQUIRE(p->server->send(back).ok());
  REQUIRE(w.run_until([&] { return p->client->readable_bytes() == back.size(); }));
  auto got = p->client->recv(100);
  REQUIRE(got.ok());
  CHECK(*got == back);
  CHECK_FALSE(p->client_obs.error.has_value());
  CHECK(p->server_obs.peer_fin == 1);
}

TEST_CASE("recv before any data is WouldBlock") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  auto p = connect_pair(w, s, "127.0.0.1");
  auto r = p->server->recv(10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == StreamError::WouldBlock);
}

TEST_CASE("close with unread data sends RST: the peer gets ECONNRESET, not a FIN") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  auto p = connect_pair(w, s, "127.0.0.1");
  REQUIRE(p->client->send(wire::Bytes(1000, 0xab)).ok());
  REQUIRE(w.run_until([&] { return p->server->readable_bytes() == 1000; }));
  s.accepted.back()->close();  // unread: Linux answers with RST
  CHECK(s.accepted.back()->state() == StreamState::Closed);
  REQUIRE(w.run_until([&] { return p->client_obs.error.has_value(); }));
  CHECK(*p->client_obs.error == StreamError::ConnectionReset);
  CHECK(p->client_obs.peer_fin == 0);
  CHECK(p->client->state() == StreamState::Closed);
  auto sent = p->client->send(wire::Bytes{1});
  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error() == StreamError::BrokenPipe);
  auto r = p->client->recv(10);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == StreamError::ConnectionReset);
}

TEST_CASE("close with everything read is an orderly FIN") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  auto p = connect_pair(w, s, "127.0.0.1");
  REQUIRE(p->client->send(wire::Bytes(10, 1)).ok());
  REQUIRE(w.run_until([&] { return p->server->readable_bytes() == 10; }));
  REQUIRE(p->server->recv(10).ok());
  p->server->close();
  REQUIRE(w.run_until([&] { return p->client_obs.peer_fin == 1; }));
  CHECK_FALSE(p->client_obs.error.has_value());
  auto eof = p->client->recv(10);
  REQUIRE(eof.ok());
  CHECK(eof->empty());
}

TEST_CASE("reset(): RST at once, queued data discarded, the peer gets ECONNRESET") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("::1", 0)).ok());
  auto p = connect_pair(w, s, "::1");
  p->client->reset();
  CHECK(p->client->state() == StreamState::Closed);
  auto sent = p->client->send(wire::Bytes{1});
  REQUIRE_FALSE(sent.ok());
  REQUIRE(w.run_until([&] { return p->server_obs.error.has_value(); }));
  CHECK(*p->server_obs.error == StreamError::ConnectionReset);
  CHECK(p->server_obs.peer_fin == 0);
}

TEST_CASE("socket options by number: set, read back, applied before connect and listen") {
  World w;
  Server s;
  // TCP_FASTOPEN (6, 23) on the listener, as an SMC server test would set it.
  REQUIRE(s.start(w, ep("127.0.0.1", 0), {{sockopt::kFastOpen, SockOptValue{std::int64_t{5}}}}).ok());
  Observer obs;
  ConnectRequest req;
  req.remote = s.local();
  req.options.push_back({sockopt::kNoDelay, SockOptValue{std::int64_t{1}}});
  auto c = w.transport->connect(req, obs.events());
  REQUIRE(c.ok());
  REQUIRE(w.run_until([&] { return obs.connected && !s.accepted.empty(); }));
  auto& conn = **c;

  auto nodelay = conn.get_option(sockopt::kNoDelay);
  REQUIRE(nodelay.ok());
  CHECK(std::get<std::int64_t>(*nodelay) == 1);
  REQUIRE(conn.set_option(sockopt::kNoDelay, SockOptValue{std::int64_t{0}}).ok());
  CHECK(std::get<std::int64_t>(*conn.get_option(sockopt::kNoDelay)) == 0);

  REQUIRE(conn.set_option(sockopt::kKeepAlive, SockOptValue{std::int64_t{1}}).ok());
  CHECK(std::get<std::int64_t>(*conn.get_option(sockopt::kKeepAlive)) == 1);

  // Linux doubles SO_SNDBUF for its bookkeeping (socket(7)).
  REQUIRE(conn.set_option(sockopt::kSndBuf, SockOptValue{std::int64_t{65536}}).ok());
  CHECK(std::get<std::int64_t>(*conn.get_option(sockopt::kSndBuf)) == 131072);

  auto mss = conn.get_option(sockopt::kMaxSeg);
  REQUIRE(mss.ok());
  CHECK(std::get<std::int64_t>(*mss) > 0);

  // An option number TCP does not know: ENOPROTOOPT, reported as EOPNOTSUPP.
  auto bogus = conn.set_option(SockOpt{sockopt::kSolTcp, 9999}, SockOptValue{std::int64_t{1}});
  REQUIRE_FALSE(bogus.ok());
  CHECK(bogus.error() == StreamError::NotSupported);
  // A value that is not an int.
  auto too_big = conn.set_option(sockopt::kNoDelay, SockOptValue{std::int64_t{1} << 40});
  REQUIRE_FALSE(too_big.ok());
  CHECK(too_big.error() == StreamError::InvalidArgument);

  conn.close();
  auto after = conn.get_option(sockopt::kNoDelay);
  REQUIRE_FALSE(after.ok());
  CHECK(after.error() == StreamError::NotConnected);
}

TEST_CASE("a bad option in a ConnectRequest fails connect() at once") {
  World w;
  Observer obs;
  ConnectRequest req;
  req.remote = ep("127.0.0.1", 9);
  req.options.push_back({SockOpt{sockopt::kSolTcp, 9999}, SockOptValue{std::int64_t{1}}});
  auto c = w.transport->connect(req, obs.events());
  REQUIRE_FALSE(c.ok());
  CHECK(c.error() == StreamError::NotSupported);
}

TEST_CASE("on_acceptable fires once per connection; accept drains the queue, then WouldBlock") {
  World w;
  Server s;
  s.auto_accept = false;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  std::vector<std::unique_ptr<StreamConnection>> clients;
  std::vector<std::unique_ptr<Observer>> observers;
  for (int i = 0; i < 3; ++i) {
    observers.push_back(std::make_unique<Observer>());
    ConnectRequest req;
    req.remote = s.local();
    auto c = w.transport->connect(req, observers.back()->events());
    REQUIRE(c.ok());
    clients.push_back(std::move(c.value()));
  }
  REQUIRE(w.run_until([&] { return s.acceptable_calls == 3; }));
  for (int i = 0; i < 3; ++i) CHECK(s.listener->accept().ok());
  auto none = s.listener->accept();
  REQUIRE_FALSE(none.ok());
  CHECK(none.error() == StreamError::WouldBlock);
}

TEST_CASE("closing a listener resets connections not yet accepted") {
  World w;
  Server s;
  s.auto_accept = false;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  Observer obs;
  ConnectRequest req;
  req.remote = s.local();
  auto c = w.transport->connect(req, obs.events());
  REQUIRE(c.ok());
  REQUIRE(w.run_until([&] { return s.acceptable_calls == 1 && obs.connected; }));
  s.listener->close();
  REQUIRE(w.run_until([&] { return obs.error.has_value(); }));
  CHECK(*obs.error == StreamError::ConnectionReset);
  auto a = s.listener->accept();
  REQUIRE_FALSE(a.ok());
}

TEST_CASE("dropping a connection from inside its own callback is safe") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  auto p = connect_pair(w, s, "127.0.0.1");
  bool dropped = false;
  StreamEvents e;
  e.on_readable = [&] {
    p->client.reset();
    dropped = true;
  };
  e.on_peer_fin = [&] { FAIL("no callback after the owner dropped the connection"); };
  p->client->set_events(e);
  REQUIRE(p->server->send(wire::Bytes{1, 2, 3}).ok());
  REQUIRE(p->server->shutdown_write().ok());
  REQUIRE(w.run_until([&] { return dropped; }));
  w.loop->run_once(20 * kMillisecond);
  CHECK(p->client == nullptr);
}

TEST_CASE("Fast Open data: delivered to the server whether or not a cookie exists") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0), {{sockopt::kFastOpen, SockOptValue{std::int64_t{5}}}}).ok());
  for (int round = 0; round < 2; ++round) {  // first without a cookie, then (maybe) with one
    Observer obs;
    ConnectRequest req;
    req.remote = s.local();
    req.fast_open_data = wire::Bytes{'s', 'y', 'n', '0' + 0};
    (*req.fast_open_data)[3] = static_cast<std::uint8_t>('0' + round);
    auto c = w.transport->connect(req, obs.events());
    REQUIRE(c.ok());
    const std::size_t before = s.accepted.size();
    REQUIRE(w.run_until([&] { return s.accepted.size() > before && s.accepted.back()->readable_bytes() == 4; }));
    auto r = s.accepted.back()->recv(10);
    REQUIRE(r.ok());
    CHECK(*r == *req.fast_open_data);
  }
}

TEST_CASE("send until WouldBlock, then on_writable once the peer reads") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("127.0.0.1", 0)).ok());
  auto p = connect_pair(w, s, "127.0.0.1");
  REQUIRE(p->client->set_option(sockopt::kSndBuf, SockOptValue{std::int64_t{4096}}).ok());
  REQUIRE(p->server->set_option(sockopt::kRcvBuf, SockOptValue{std::int64_t{4096}}).ok());
  const wire::Bytes chunk(16 * 1024, 0x5a);
  std::size_t queued = 0;
  bool blocked = false;
  for (int i = 0; i < 10000 && !blocked; ++i) {
    auto n = p->client->send(chunk);
    if (n)
      queued += *n;
    else {
      CHECK(n.error() == StreamError::WouldBlock);
      blocked = true;
    }
    w.loop->run_once(0);  // let loopback move what it can
  }
  REQUIRE(blocked);
  CHECK(p->client_obs.writable == 0);
  std::size_t drained = 0;
  REQUIRE(w.run_until([&] {
    for (;;) {
      auto r = p->server->recv(64 * 1024);
      if (!r || r->empty()) break;
      drained += r->size();
    }
    return p->client_obs.writable > 0;
  }));
  CHECK(p->client_obs.writable == 1);
  CHECK(drained > 0);
  CHECK(drained <= queued);
}

TEST_CASE("a dual-stack listener on :: sees an IPv4 client as ::ffff:127.0.0.1") {
  World w;
  Server s;
  REQUIRE(s.start(w, ep("::", 0)).ok());
  Observer obs;
  ConnectRequest req;
  req.remote = ep("127.0.0.1", s.local().port);
  auto c = w.transport->connect(req, obs.events());
  REQUIRE(c.ok());
  REQUIRE(w.run_until([&] { return obs.connected && !s.accepted.empty(); }));
  const Endpoint peer = s.accepted[0]->peer();
  CHECK(peer.address.is_v4_mapped());
  CHECK(peer.address.unmapped() == *IpAddress::parse("127.0.0.1"));
  CHECK(peer.port == (*c)->local().port);
}
