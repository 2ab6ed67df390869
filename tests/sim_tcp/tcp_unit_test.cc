// TCP over the simulated network: handshake options, refusal, ports, retries, close
// semantics, backlog, Fast Open. Expected instants come from Linux's constants (initial
// RTO 1 s doubling, tcp_syn_retries 6) and the link parameters, not from the code.
#include <doctest/doctest.h>

#include <optional>

#include "sim/net/faults.h"
#include "sim/tcp/sim_stream.h"
#include "tests/sim_tcp/tcp_world.h"

using namespace smc;
using namespace smc::sim;
using smc::sim::test::TcpWorld;
using ports::StreamError;

namespace {

bool has_kind(const ports::TcpOptions& o, std::uint8_t k) {
  for (const auto& x : o)
    if (x.kind == k) return true;
  return false;
}

struct Accepting {
  std::unique_ptr<ports::StreamListener> listener;
  std::vector<std::unique_ptr<ports::StreamConnection>> conns;
  std::vector<ports::SynInfo> syns;
  wire::Bytes received;
  bool eof = false;
};

void listen_on(TcpWorld& w, Accepting& a, std::uint16_t port, ports::TcpOptions synack_extra = {},
               bool auto_accept = true, int backlog = 128) {
  ports::ListenRequest req;
  req.local = TcpWorld::ep("0.0.0.0", port);
  req.backlog = backlog;
  req.on_syn = [&a, synack_extra](const ports::SynInfo& info) {
    a.syns.push_back(info);
    return synack_extra;
  };
  if (auto_accept) {
    req.on_acceptable = [&a] {
      while (auto c = a.listener->accept()) {
        auto* raw = c->get();
        ports::StreamEvents ev;
        ev.on_readable = [&a, raw] {
          while (auto d = raw->recv(1 << 20)) {
            if (d->empty()) {
              a.eof = true;
              break;
            }
            a.received.insert(a.received.end(), d->begin(), d->end());
          }
        };
        raw->set_events(std::move(ev));
        a.conns.push_back(std::move(*c));
      }
    };
  }
  auto l = w.server->listen(std::move(req));
  REQUIRE(l.ok());
  a.listener = std::move(*l);
}

}  // namespace

TEST_CASE("handshake carries the caller's SYN option and the listener's SYN-ACK option") {
  TcpWorld w;
  Accepting a;
  listen_on(w, a, 80, {test::smc_option()});
  std::optional<ports::TcpOptions> synack;
  ports::StreamEvents ev;
  ev.on_connected = [&](const ports::TcpOptions& o) { synack = o; };
  ports::ConnectRequest req;
  req.remote = TcpWorld::ep("10.0.0.2", 80);
  req.syn_options = {test::smc_option()};
  auto c = w.client->connect(req, ev);
  REQUIRE(c.ok());
  REQUIRE(w.sim.run_until([&] { return synack.has_value() && !a.conns.empty(); }).ok());
  REQUIRE(a.syns.size() == 1);
  CHECK(has_kind(a.syns[0].syn_options, 254));
  CHECK(has_kind(a.syns[0].syn_options, ports::tcp_option_kind::kMss));
  CHECK(has_kind(*synack, 254));
  // Linux's own SYN-ACK options take 20 bytes (MSS 4, SACK-permitted + timestamps 12, WS 4).
  CHECK(a.syns[0].synack_space_left == 20);
  CHECK((*c)->local().address.to_string() == "10.0.0.1");
  CHECK((*c)->state() == ports::StreamState::Established);

  // Bytes go through in order and FIN ends the stream.
  wire::Bytes data(100'000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
  REQUIRE((*c)->send(data).value() == data.size());
  REQUIRE((*c)->shutdown_write().ok());
  REQUIRE(w.sim.run_until([&] { return a.eof; }).ok());
  CHECK(a.received == data);
}

TEST_CASE("connect to a closed port is refused by RST after one round trip") {
  TcpWorld w;
  std::optional<StreamError> err;
  SimTime at;
  ports::StreamEvents ev;
  ev.on_error = [&](StreamError e) {
    err = e;
    at = w.sim.now();
  };
  auto c = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 81)), ev);
  REQUIRE(c.ok());
  REQUIRE(w.sim.run_until([&] { return err.has_value(); }).ok());
  CHECK(*err == StreamError::ConnectionRefused);
  CHECK(std::string(ports::errno_name(*err)) == "ECONNREFUSED");
  CHECK(at < SimTime::from_ns(1'000'000));  // well before the first SYN retransmission
}

TEST_CASE("SYN retries exhaust after 1+2+4+8+16+32+64 s and give ETIMEDOUT") {
  TcpWorld w;
  auto cut = std::make_shared<net::Partition>("cut");
  w.server_link->add_filter_both(cut);
  std::optional<StreamError> err;
  SimTime at;
  ports::StreamEvents ev;
  ev.on_error = [&](StreamError e) {
    err = e;
    at = w.sim.now();
  };
  auto c = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80)), ev);
  REQUIRE(c.ok());
  REQUIRE(w.sim.run_until([&] { return err.has_value(); }).ok());
  CHECK(*err == StreamError::TimedOut);
  CHECK(at == SimTime::from_ns(127'000'000'000));
}

TEST_CASE("EADDRINUSE on a taken port, and reserved port ranges") {
  TcpWorld w;
  Accepting a, b;
  listen_on(w, a, 80);
  ports::ListenRequest again;
  again.local = TcpWorld::ep("0.0.0.0", 80);
  auto second = w.server->listen(again);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error() == StreamError::AddressInUse);

  // eRDMA's reserved ports: held by the driver, refused to bind and never handed out.
  REQUIRE(w.client->reserve_ports(65500, 65515, "erdma").ok());
  CHECK(w.client->reserve_ports(65515, 65520, "other").error() == StreamError::AddressInUse);
  ports::ConnectRequest bind_reserved;
  bind_reserved.local = TcpWorld::ep("10.0.0.1", 65505);
  bind_reserved.remote = TcpWorld::ep("10.0.0.2", 80);
  auto r = w.client->connect(bind_reserved, {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == StreamError::AddressInUse);

  // A 41-port ephemeral range with 16 ports held leaves exactly 25.
  w.client_host->init().set_sysctl("net.ipv4.ip_local_port_range", std::string("65490 65530"));
  std::vector<std::unique_ptr<ports::StreamListener>> held;
  for (int i = 0; i < 25; ++i) {
    auto l = w.client->listen(test::listen_req(TcpWorld::ep("0.0.0.0", 0)));
    REQUIRE(l.ok());
    auto port = (*l)->local().port;
    CHECK(port >= 65490);
    CHECK(port <= 65530);
    CHECK_FALSE((port >= 65500 && port <= 65515));
    held.push_back(std::move(*l));
  }
  auto none = w.client->listen(test::listen_req(TcpWorld::ep("0.0.0.0", 0)));
  REQUIRE_FALSE(none.ok());
  CHECK(none.error() == StreamError::AddressNotAvailable);
}

TEST_CASE("ip_local_reserved_ports only keeps ports out of ephemeral allocation") {
  TcpWorld w;
  auto& ns = w.client_host->init();
  ns.set_sysctl("net.ipv4.ip_local_port_range", std::string("65498 65517"));
  ns.set_sysctl("net.ipv4.ip_local_reserved_ports", std::string("65500-65515"));
  std::vector<std::unique_ptr<ports::StreamListener>> held;
  for (int i = 0; i < 4; ++i) {
    auto p = w.client->listen(test::listen_req(TcpWorld::ep("0.0.0.0", 0)));
    REQUIRE(p.ok());
    auto port = (*p)->local().port;
    CHECK((port == 65498 || port == 65499 || port == 65516 || port == 65517));
    held.push_back(std::move(*p));
  }
  CHECK_FALSE(w.client->listen(test::listen_req(TcpWorld::ep("0.0.0.0", 0))).ok());
  CHECK(w.client->listen(test::listen_req(TcpWorld::ep("0.0.0.0", 65505))).ok());  // explicit bind is fine
}

TEST_CASE("option space: TCP-AO with timestamps leaves no room for the SMC option, MD5 does") {
  // Own SYN options: MSS 4 + SACK-permitted/timestamps 12 + window scale 4 = 20 bytes.
  // AO with a 12-byte MAC is 16 bytes -> 36, so the 8-byte SMC option would need 44 > 40.
  TcpWorld w;
  Accepting a;
  listen_on(w, a, 80);
  ports::TcpOption ao{ports::tcp_option_kind::kAuthentication, wire::Bytes(14)};
  auto c = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80), {ao, test::smc_option()}), {});
  REQUIRE(c.ok());
  // MD5 (18 bytes, padded 20) makes Linux drop timestamps: 4 + 4 + 4 + 20 + 8 = 40 fits.
  ports::TcpOption md5{ports::tcp_option_kind::kMd5, wire::Bytes(16)};
  auto d = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80), {md5, test::smc_option()}), {});
  REQUIRE(d.ok());
  REQUIRE(w.sim.run_until([&] { return a.syns.size() == 2; }).ok());
  CHECK(has_kind(a.syns[0].syn_options, ports::tcp_option_kind::kAuthentication));
  CHECK_FALSE(has_kind(a.syns[0].syn_options, 254));
  auto* sc = static_cast<tcp::SimStreamConnection*>(c->get());
  CHECK_FALSE(has_kind(sc->local_handshake_options(), 254));
  CHECK(has_kind(a.syns[1].syn_options, 254));
  CHECK_FALSE(has_kind(a.syns[1].syn_options, ports::tcp_option_kind::kTimestamps));
}

TEST_CASE("close with unread data resets the peer; close without sends FIN") {
  TcpWorld w;
  Accepting a;
  listen_on(w, a, 80, {}, /*auto_accept=*/false);
  std::optional<StreamError> client_err;
  bool connected = false;
  ports::StreamEvents ev;
  ev.on_connected = [&](const ports::TcpOptions&) { connected = true; };
  ev.on_error = [&](StreamError e) { client_err = e; };
  auto c = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80)), ev);
  REQUIRE(w.sim.run_until([&] { return connected; }).ok());
  REQUIRE(w.sim.run_for(ms(1)).ok());
  auto s = a.listener->accept();
  REQUIRE(s.ok());
  wire::Bytes hello{'h', 'i'};
  REQUIRE((*c)->send(hello).ok());
  REQUIRE(w.sim.run_until([&] { return (*s)->readable_bytes() == 2; }).ok());
  (*s)->close();  // unread data: RST (RFC 2525 2.17, as Linux)
  REQUIRE(w.sim.run_until([&] { return client_err.has_value(); }).ok());
  CHECK(*client_err == StreamError::ConnectionReset);
}

TEST_CASE("a full accept queue drops new SYNs until accept() makes room") {
  TcpWorld w;
  Accepting a;
  listen_on(w, a, 80, {}, /*auto_accept=*/false, /*backlog=*/1);
  bool first = false, second = false;
  SimTime second_at;
  ports::StreamEvents e1, e2;
  e1.on_connected = [&](const ports::TcpOptions&) { first = true; };
  e2.on_connected = [&](const ports::TcpOptions&) {
    second = true;
    second_at = w.sim.now();
  };
  auto c1 = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80)), e1);
  REQUIRE(w.sim.run_until([&] { return first; }).ok());
  REQUIRE(w.sim.run_for(ms(1)).ok());
  auto c2 = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80)), e2);
  REQUIRE(w.sim.run_for(ms(500)).ok());
  CHECK_FALSE(second);
  auto s1 = a.listener->accept();
  REQUIRE(s1.ok());
  REQUIRE(w.sim.run_until([&] { return second; }).ok());
  // Admitted by the SYN retransmission one initial RTO (1 s) after its first SYN.
  CHECK(second_at > SimTime::from_ns(1'000'000'000));
  CHECK(second_at < SimTime::from_ns(1'010'000'000));
}

TEST_CASE("Fast Open: the first connection gets a cookie, the second carries data in its SYN") {
  TcpWorld w;
  Accepting a;
  ports::ListenRequest req;
  req.local = TcpWorld::ep("0.0.0.0", 80);
  req.options.emplace_back(ports::sockopt::kFastOpen, ports::SockOptValue{std::int64_t{5}});
  req.on_syn = [&](const ports::SynInfo& i) {
    a.syns.push_back(i);
    return ports::TcpOptions{};
  };
  auto l = w.server->listen(req);
  REQUIRE(l.ok());
  wire::Bytes data{'G', 'E', 'T'};
  auto c1 = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80), {}, data), {});
  REQUIRE(w.sim.run_until([&] { return w.client->fast_open_cache.size() == 1; }).ok());
  auto c2 = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", 80), {}, data), {});
  REQUIRE(w.sim.run_until([&] { return a.syns.size() == 2; }).ok());
  const auto* req1 = &a.syns[0].syn_options;
  const auto* req2 = &a.syns[1].syn_options;
  bool cookie_request = false, cookie = false;
  for (const auto& o : *req1) cookie_request |= o.kind == 34 && o.data.empty();
  for (const auto& o : *req2) cookie |= o.kind == 34 && o.data.size() == 8;
  CHECK(cookie_request);
  CHECK(cookie);
  REQUIRE(w.sim.run_for(ms(5)).ok());
  auto s1 = (*l)->accept();
  auto s2 = (*l)->accept();
  REQUIRE(s1.ok());
  REQUIRE(s2.ok());
  CHECK((*s1)->readable_bytes() == 3);
  CHECK((*s2)->readable_bytes() == 3);
}

TEST_CASE("an IPv4-mapped destination travels as IPv4; IPv6 works end to end") {
  TcpWorld w;
  Accepting a;
  listen_on(w, a, 80);
  auto c = w.client->connect(test::connect_req(TcpWorld::ep("::ffff:10.0.0.2", 80)), {});
  REQUIRE(c.ok());
  CHECK((*c)->peer().address.to_string() == "10.0.0.2");
  auto d = w.client->connect(test::connect_req(TcpWorld::ep("fd00::2", 80)), {});
  REQUIRE(d.ok());
  REQUIRE(w.sim.run_until([&] { return a.conns.size() == 2; }).ok());
  CHECK(a.conns[1]->peer().address.to_string() == "fd00::1");
  // No route: ENETUNREACH at once.
  auto e = w.client->connect(test::connect_req(TcpWorld::ep("192.168.7.7", 80)), {});
  REQUIRE_FALSE(e.ok());
  CHECK(e.error() == StreamError::NetworkUnreachable);
}

TEST_CASE("a bulk transfer takes the virtual time the link parameters give") {
  // Direct 1 Gbit/s cable, 10 us each way. Frames: SYN and SYN-ACK 14+20+20+20 options = 74
  // bytes (592 ns), pure ACK/FIN 54 bytes (432 ns), full data segment 14+20+20+1460 = 1514
  // bytes (12112 ns). 1 MiB = 718 full segments + one of 296 bytes (350 bytes, 2800 ns).
  // The client sends ACK, all data and FIN back to back once the SYN-ACK is in; no
  // congestion control holds anything back.
  Simulator sim(Seed(3));
  net::Network n(sim);
  auto& c = n.add_host("c").init();
  auto& s = n.add_host("s").init();
  n.connect(c.add_interface("eth0"), s.add_interface("eth0"), net::LinkParams{1'000'000'000, us(10)});
  c.add_address("eth0", "10.0.0.1/24");
  s.add_address("eth0", "10.0.0.2/24");
  tcp::TcpStack client(c), server(s);
  std::unique_ptr<ports::StreamListener> listener;
  std::unique_ptr<ports::StreamConnection> child;
  std::size_t got = 0;
  std::optional<SimTime> eof_at;
  ports::ListenRequest lr = test::listen_req(TcpWorld::ep("10.0.0.2", 9));
  lr.on_acceptable = [&] {
    child = listener->accept().value();
    auto* raw = child.get();
    ports::StreamEvents ev;
    ev.on_readable = [&, raw] {
      while (auto d = raw->recv(1 << 20)) {
        if (d->empty()) {
          eof_at = sim.now();
          return;
        }
        got += d->size();
      }
    };
    raw->set_events(std::move(ev));
  };
  listener = server.listen(lr).value();
  wire::Bytes data(1 << 20, 1);
  std::unique_ptr<ports::StreamConnection> conn;
  ports::StreamEvents ev;
  ev.on_connected = [&](const ports::TcpOptions&) {
    REQUIRE(conn->send(data).value() == data.size());
    REQUIRE(conn->shutdown_write().ok());
  };
  conn = client.connect(test::connect_req(TcpWorld::ep("10.0.0.2", 9)), ev).value();
  REQUIRE(sim.run_until([&] { return eof_at.has_value(); }).ok());
  CHECK(got == data.size());
  const std::int64_t expected = 2 * (592 + 10'000) + 432 + 718 * 12'112 + 2'800 + 432 + 10'000;
  CHECK(eof_at->ns() == expected);
  conn.reset();
  child.reset();
  listener.reset();
}
