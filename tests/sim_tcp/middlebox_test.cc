// Middlebox personalities on the path between an SMC-offering client and a server:
// echo, strip (SYN / SYN-ACK), drop SYNs with the option, a plain server that speaks
// first, and the IPsec policy flag (fallback-causes.md §12 rows 15, 16, 20, 73).
#include <doctest/doctest.h>

#include <optional>

#include "sim/middlebox/ipsec_policy.h"
#include "sim/middlebox/plain_server.h"
#include "sim/middlebox/syn_option_filters.h"
#include "sim/tcp/sim_stream.h"
#include "tests/sim_tcp/tcp_world.h"

using namespace smc;
using namespace smc::sim;
using smc::sim::test::TcpWorld;

namespace {

bool has_smc(const ports::TcpOptions& o) {
  for (const auto& x : o)
    if (x.kind == 254 && x.data.size() == 4 && x.data[0] == 0xE2 && x.data[3] == 0xD9) return true;
  return false;
}

struct SmcServer {
  std::unique_ptr<ports::StreamListener> listener;
  std::vector<ports::SynInfo> syns;
  SmcServer(TcpWorld& w) {
    ports::ListenRequest req;
    req.local = TcpWorld::ep("0.0.0.0", 443);
    // Like an SMC listener: answer with the option only when the SYN carried it.
    req.on_syn = [this](const ports::SynInfo& i) {
      syns.push_back(i);
      return has_smc(i.syn_options) ? ports::TcpOptions{test::smc_option()} : ports::TcpOptions{};
    };
    listener = w.server->listen(std::move(req)).value();
  }
};

std::optional<ports::TcpOptions> connect_smc(TcpWorld& w, std::uint16_t port,
                                             std::unique_ptr<ports::StreamConnection>* keep = nullptr) {
  std::optional<ports::TcpOptions> synack;
  ports::StreamEvents ev;
  ev.on_connected = [&](const ports::TcpOptions& o) { synack = o; };
  auto c = w.client->connect(test::connect_req(TcpWorld::ep("10.0.0.2", port), {test::smc_option()}), ev);
  REQUIRE(c.ok());
  (void)w.sim.run_until_or_timeout([&] { return synack.has_value(); }, seconds(200));
  if (keep) *keep = std::move(*c);
  return synack;
}

}  // namespace

TEST_CASE("a SYN-proxy middlebox echoes the SMC option to a plain server's SYN-ACK") {
  TcpWorld w;
  auto echo = std::make_shared<middlebox::SynOptionEcho>("lb");
  middlebox::install_on_path(*w.server_link, echo);
  middlebox::PlainServer plain(*w.server, TcpWorld::ep("0.0.0.0", 80), {});
  auto synack = connect_smc(w, 80);
  REQUIRE(synack);
  CHECK(has_smc(*synack));
  CHECK(echo->echoed() == 1);
}

TEST_CASE("without a middlebox a plain server's SYN-ACK has no SMC option") {
  TcpWorld w;
  middlebox::PlainServer plain(*w.server, TcpWorld::ep("0.0.0.0", 80), {});
  auto synack = connect_smc(w, 80);
  REQUIRE(synack);
  CHECK_FALSE(has_smc(*synack));
}

TEST_CASE("stripping the option from the SYN-ACK only: server sent it, client never sees it") {
  TcpWorld w;
  SmcServer server(w);
  auto strip = std::make_shared<middlebox::StripOption>("tcpoptstrip", middlebox::HandshakeLeg::SynAck);
  middlebox::install_on_path(*w.client_link, strip);
  auto synack = connect_smc(w, 443);
  REQUIRE(synack);
  REQUIRE(server.syns.size() == 1);
  CHECK(has_smc(server.syns[0].syn_options));  // the server saw the offer and answered it
  CHECK_FALSE(has_smc(*synack));
  CHECK(strip->stripped() == 1);
}

TEST_CASE("stripping the option from the SYN: neither side sees SMC") {
  TcpWorld w;
  SmcServer server(w);
  middlebox::install_on_host(w.client_host->init(),
                             std::make_shared<middlebox::StripOption>("strip", middlebox::HandshakeLeg::Syn));
  auto synack = connect_smc(w, 443);
  REQUIRE(synack);
  REQUIRE(server.syns.size() == 1);
  CHECK_FALSE(has_smc(server.syns[0].syn_options));
  CHECK_FALSE(has_smc(*synack));
}

TEST_CASE("a firewall that drops SYNs with the option makes the connect time out") {
  TcpWorld w;
  SmcServer server(w);
  middlebox::install_on_path(*w.server_link, std::make_shared<middlebox::DropSynWithOption>("fw"));
  auto synack = connect_smc(w, 443);
  CHECK_FALSE(synack);
  CHECK(server.syns.empty());
}

TEST_CASE("a plain server that speaks first; one that answers with its own protocol") {
  TcpWorld w;
  wire::Bytes banner{'S', 'S', 'H', '-', '2'};
  middlebox::PlainServer::Behaviour speaks_first;
  speaks_first.banner = banner;
  middlebox::PlainServer first(*w.server, TcpWorld::ep("0.0.0.0", 22), speaks_first);
  middlebox::PlainServer::Behaviour own_protocol;
  own_protocol.reply = [](const wire::Bytes&) { return wire::Bytes{'5', '0', '0'}; };
  middlebox::PlainServer other(*w.server, TcpWorld::ep("0.0.0.0", 25), own_protocol);
  std::unique_ptr<ports::StreamConnection> c1, c2;
  REQUIRE(connect_smc(w, 22, &c1));
  REQUIRE(connect_smc(w, 25, &c2));
  REQUIRE(w.sim.run_until([&] { return c1->readable_bytes() == banner.size(); }).ok());
  CHECK(c1->recv(100).value() == banner);
  wire::Bytes proposal{0xE2, 0xD4, 0xC3, 0xD9, 0x01};
  REQUIRE(c2->send(proposal).ok());
  REQUIRE(w.sim.run_until([&] { return c2->readable_bytes() == 3; }).ok());
  CHECK(c2->recv(100).value() == wire::Bytes{'5', '0', '0'});
  CHECK(other.received().at(0) == proposal);
}

TEST_CASE("a per-socket IPsec policy is visible on the connection and inherited by children") {
  TcpWorld w;
  ports::ListenRequest lr;
  lr.local = TcpWorld::ep("0.0.0.0", 443);
  middlebox::add_ipsec_policy(lr);
  auto l = w.server->listen(lr);
  REQUIRE(l.ok());
  ports::ConnectRequest cr;
  cr.remote = TcpWorld::ep("10.0.0.2", 443);
  auto plain = w.client->connect(cr, {});
  middlebox::add_ipsec_policy(cr);
  auto with = w.client->connect(cr, {});
  REQUIRE(plain.ok());
  REQUIRE(with.ok());
  CHECK_FALSE(middlebox::has_ipsec_policy(**plain));
  CHECK(middlebox::has_ipsec_policy(**with));
  REQUIRE(w.sim.run_for(ms(10)).ok());
  auto child = (*l)->accept();
  REQUIRE(child.ok());
  CHECK(middlebox::has_ipsec_policy(**child));
}
