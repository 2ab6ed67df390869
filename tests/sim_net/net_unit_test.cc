// The simulated network: addresses, route lookup, L2 resolution (VLANs), routers, exact
// loss masks, link down and rerouting, and the timing model (bandwidth, propagation, PPS
// cap). Expected durations are computed here from the parameters.
#include <doctest/doctest.h>

#include "sim/kernel/simulator.h"
#include "sim/net/faults.h"
#include "sim/net/network.h"
#include "sim/net/sim_host_config.h"
#include "tests/sim_net/net_world.h"

using namespace smc;
using namespace smc::sim;
using ports::IpAddress;
using ports::IpPrefix;
using test::Arrival;

TEST_CASE("addresses parse and print like iproute2") {
  CHECK(IpAddress::parse("10.0.0.1")->to_string() == "10.0.0.1");
  CHECK(IpAddress::parse("fe80::1")->to_string() == "fe80::1");
  CHECK(IpAddress::parse("fe80::1")->is_link_local());
  CHECK(IpAddress::parse("2001:db8:0:0:1:0:0:1")->to_string() == "2001:db8::1:0:0:1");
  auto mapped = *IpAddress::parse("::ffff:10.0.0.2");
  CHECK(mapped.is_v4_mapped());
  CHECK(mapped.to_string() == "::ffff:10.0.0.2");
  CHECK(mapped.unmapped() == *IpAddress::parse("10.0.0.2"));
  CHECK(IpAddress::parse("10.0.0.2")->mapped_v6() == mapped);
  CHECK_FALSE(IpAddress::parse("10.0.0.256"));
  CHECK_FALSE(IpAddress::parse("1::2::3"));
  CHECK(IpPrefix::parse("10.1.2.3/16")->network().to_string() == "10.1.0.0/16");
  CHECK(IpPrefix::parse("10.0.0.0/24")->contains(mapped));
  CHECK_FALSE(IpPrefix::parse("10.0.1.0/24")->contains(mapped));
}

TEST_CASE("route lookup: longest prefix, metric, gateway, unreachable, source selection") {
  Simulator sim(Seed(1));
  net::Network n(sim);
  auto& ns = n.add_host("h").init();
  ns.add_interface("eth0");
  ns.add_interface("eth1", 9000);
  ns.add_address("eth0", "10.0.0.1/24");
  ns.add_address("eth0", "10.0.5.1/24");  // secondary
  ns.add_address("eth1", "192.168.1.1/24");
  ns.add_default_route("10.0.0.254", "eth0");
  ports::Route specific;
  specific.destination = *IpPrefix::parse("172.16.0.0/16");
  specific.gateway = *IpAddress::parse("192.168.1.254");
  specific.interface = "eth1";
  ns.add_route(specific);
  ports::Route unreachable;
  unreachable.destination = *IpPrefix::parse("172.16.9.0/24");
  unreachable.type = ports::RouteType::Unreachable;
  ns.add_route(unreachable);

  auto direct = ns.route_lookup(*IpAddress::parse("10.0.0.7"));
  REQUIRE(direct.ok());
  CHECK(direct->direct);
  CHECK(direct->interface == "eth0");
  CHECK(direct->source.to_string() == "10.0.0.1");
  auto secondary = ns.route_lookup(*IpAddress::parse("10.0.5.9"));
  CHECK(secondary->source.to_string() == "10.0.5.1");
  auto via = ns.route_lookup(*IpAddress::parse("172.16.3.3"));
  CHECK_FALSE(via->direct);
  CHECK(via->next_hop.to_string() == "192.168.1.254");
  CHECK(via->interface == "eth1");
  auto deflt = ns.route_lookup(*IpAddress::parse("8.8.8.8"));
  CHECK(deflt->next_hop.to_string() == "10.0.0.254");
  CHECK(ns.route_lookup(*IpAddress::parse("172.16.9.1")).error() == ports::RouteError::Unreachable);
  CHECK(ns.route_lookup(*IpAddress::parse("fd00::1")).error() == ports::RouteError::NoRoute);
  CHECK(ns.route_lookup(*IpAddress::parse("::ffff:10.0.0.9"))->interface == "eth0");
  CHECK(ns.route_lookup(*IpAddress::parse("10.0.0.1"))->type == ports::RouteType::Local);

  // The same through the protocol's interface.
  net::SimHostConfig cfg(ns);
  CHECK(cfg.host_name() == "h");
  CHECK(cfg.netns() == "init");
  CHECK(cfg.interfaces().size() == 2);
  CHECK(cfg.interface("eth1")->mtu == 9000);
  CHECK(std::get<std::int64_t>(*cfg.sysctl("net.smc.smcr_max_links_per_lgr")) == 2);
  ns.host().smc_module_loaded = false;
  CHECK_FALSE(cfg.sysctl("net.smc.smcr_max_links_per_lgr"));
  CHECK_FALSE(cfg.smc_module_loaded());
}

TEST_CASE("an exact loss mask drops exactly the 4th and 5th packet") {
  Simulator sim(Seed(7));
  net::Network n(sim);
  auto& a = n.add_host("a").init();
  auto& b = n.add_host("b").init();
  n.connect(a.add_interface("eth0"), b.add_interface("eth0"));
  a.add_address("eth0", "10.0.0.1/24");
  b.add_address("eth0", "10.0.0.2/24");
  auto mask = net::LossMask::from_bits("mask", 0b11000);
  n.links()[0]->filters(0).add(mask);
  std::vector<Arrival> got;
  test::record_arrivals(b, got);
  for (std::uint8_t i = 1; i <= 10; ++i) a.send(test::raw_packet("10.0.0.1", "10.0.0.2", 100, i));
  REQUIRE(sim.run_until_quiescent().ok());
  std::vector<std::size_t> idx;
  for (auto& g : got) idx.push_back(g.index);
  CHECK(idx == std::vector<std::size_t>{1, 2, 3, 6, 7, 8, 9, 10});
  CHECK(mask->dropped() == 2);
}

TEST_CASE("bandwidth, propagation delay and the PPS cap give the computed durations") {
  // 100 packets of 1000 bytes of payload: IP 20 + 1000, Ethernet 14 -> 1034 bytes on the
  // wire; at 1 Gbit/s that is 8272 ns each; propagation 10 us.
  constexpr std::int64_t kTx = 1034 * 8;  // ns at 1 Gbit/s
  constexpr std::int64_t kProp = 10'000;
  auto run = [&](std::uint64_t pps, bool via_switch) {
    Simulator sim(Seed(1));
    net::Network n(sim);
    auto& a = n.add_host("a").init();
    auto& b = n.add_host("b").init();
    net::LinkParams p{1'000'000'000, us(10)};
    auto& ea = a.add_interface("eth0");
    auto& eb = b.add_interface("eth0");
    if (via_switch) {
      auto& sw = n.add_switch("sw");
      n.connect(ea, sw, p);
      n.connect(eb, sw, p);
    } else {
      n.connect(ea, eb, p);
    }
    ea.set_pps_cap(pps);
    a.add_address("eth0", "10.0.0.1/24");
    b.add_address("eth0", "10.0.0.2/24");
    std::vector<Arrival> got;
    test::record_arrivals(b, got);
    for (int i = 0; i < 100; ++i) a.send(test::raw_packet("10.0.0.1", "10.0.0.2", 1000, 0));
    REQUIRE(sim.run_until_quiescent().ok());
    REQUIRE(got.size() == 100);
    return std::make_pair(got.front().at.ns(), got.back().at.ns());
  };
  auto [first, last] = run(0, false);
  CHECK(first == kTx + kProp);
  CHECK(last == 100 * kTx + kProp);
  // PPS cap 10000/s: one packet every 100 us, slower than the wire.
  auto [f2, l2] = run(10'000, false);
  CHECK(f2 == kTx + kProp);
  CHECK(l2 == 99 * 100'000 + kTx + kProp);
  // Store and forward through a switch: one more serialization and propagation.
  auto [f3, l3] = run(0, true);
  CHECK(f3 == 2 * (kTx + kProp));
  CHECK(l3 == 100 * kTx + kTx + 2 * kProp);
}

TEST_CASE("a router forwards between subnets hop by hop; TTL decreases") {
  Simulator sim(Seed(1));
  net::Network n(sim);
  auto& a = n.add_host("a").init();
  auto& b = n.add_host("b").init();
  auto& r = n.add_router("r1");
  n.connect(a.add_interface("eth0"), r.add_interface("eth0"));
  n.connect(b.add_interface("eth0"), r.add_interface("eth1"));
  a.add_address("eth0", "10.0.1.1/24");
  r.add_address("eth0", "10.0.1.254/24");
  r.add_address("eth1", "10.0.2.254/24");
  b.add_address("eth0", "10.0.2.1/24");
  a.add_default_route("10.0.1.254", "eth0");
  b.add_default_route("10.0.2.254", "eth0");
  std::uint8_t ttl = 0;
  b.set_protocol_handler(net::IpProtocol::Udp, [&](net::Packet p) { ttl = p.ttl; });
  CHECK(a.send(test::raw_packet("10.0.1.1", "10.0.2.1", 10, 1)));
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(ttl == 63);
  // The router has no route to 10.0.3.0/24: a's packet there is dropped at the router.
  CHECK(a.send(test::raw_packet("10.0.1.1", "10.0.3.1", 10, 1)));
  REQUIRE(sim.run_until_quiescent().ok());
}

TEST_CASE("VLAN sub-interfaces only reach the same VLAN") {
  Simulator sim(Seed(1));
  net::Network n(sim);
  auto& a = n.add_host("a").init();
  auto& b = n.add_host("b").init();
  auto& c = n.add_host("c").init();
  auto& sw = n.add_switch("sw");
  n.connect(a.add_interface("eth0"), sw);
  n.connect(b.add_interface("eth0"), sw);
  n.connect(c.add_interface("eth0"), sw);
  auto& va = a.add_vlan("eth0", 100);
  b.add_vlan("eth0", 100);
  CHECK(va.name() == "eth0.100");
  CHECK(va.config().lower_device == "eth0");
  a.add_address("eth0.100", "10.1.0.1/24");
  b.add_address("eth0.100", "10.1.0.2/24");
  c.add_address("eth0", "10.1.0.3/24");  // same subnet, untagged
  std::vector<Arrival> at_b, at_c;
  test::record_arrivals(b, at_b);
  test::record_arrivals(c, at_c);
  CHECK(a.send(test::raw_packet("10.1.0.1", "10.1.0.2", 10, 1)));
  CHECK_FALSE(a.send(test::raw_packet("10.1.0.1", "10.1.0.3", 10, 2)));  // no neighbour on VLAN 100
  REQUIRE(sim.run_until_quiescent().ok());
  CHECK(at_b.size() == 1);
  CHECK(at_c.empty());
}

TEST_CASE("link down reroutes over the other switch path; a partition heals") {
  Simulator sim(Seed(1));
  net::Network n(sim);
  auto& a = n.add_host("a").init();
  auto& b = n.add_host("b").init();
  auto& s1 = n.add_switch("s1");
  auto& s2 = n.add_switch("s2");
  auto& s3 = n.add_switch("s3");
  n.connect(a.add_interface("eth0"), s1);
  n.connect(b.add_interface("eth0"), s2);
  auto& direct = n.connect(s1, s2);
  n.connect(s1, s3);
  n.connect(s3, s2);
  a.add_address("eth0", "10.0.0.1/24");
  b.add_address("eth0", "10.0.0.2/24");
  auto& ea = *a.find_interface("eth0");
  auto& eb = *b.find_interface("eth0");
  CHECK(n.l2_path(ea, eb)->size() == 3);
  n.set_link_up(direct, false);
  auto around = n.l2_path(ea, eb);
  REQUIRE(around);
  CHECK(around->size() == 4);
  std::vector<Arrival> got;
  test::record_arrivals(b, got);
  auto cut = std::make_shared<net::Partition>("cut");
  a.egress_filters().add(cut);
  a.send(test::raw_packet("10.0.0.1", "10.0.0.2", 10, 1));
  cut->heal();
  a.send(test::raw_packet("10.0.0.1", "10.0.0.2", 10, 2));
  REQUIRE(sim.run_until_quiescent().ok());
  REQUIRE(got.size() == 1);
  CHECK(got[0].index == 2);
}

TEST_CASE("same seed, same trace hash (probabilistic loss included)") {
  auto run = [](std::uint64_t seed) {
    Simulator sim{Seed(seed)};
    net::Network n(sim);
    auto& a = n.add_host("a").init();
    auto& b = n.add_host("b").init();
    auto& l = n.connect(a.add_interface("eth0"), b.add_interface("eth0"));
    a.add_address("eth0", "10.0.0.1/24");
    b.add_address("eth0", "10.0.0.2/24");
    l.filters(0).add(std::make_shared<net::RandomLoss>("loss", Seed(seed), 0.3));
    std::vector<Arrival> got;
    test::record_arrivals(b, got);
    for (std::uint8_t i = 0; i < 50; ++i) a.send(test::raw_packet("10.0.0.1", "10.0.0.2", 10, i));
    REQUIRE(sim.run_until_quiescent().ok());
    return sim.trace().hash();
  };
  CHECK(run(5) == run(5));
  CHECK(run(5) != run(6));
}

TEST_CASE("MACs are assigned in creation order and printed like ip link") {
  Simulator sim(Seed(1));
  net::Network n(sim);
  auto& ns = n.add_host("h").init();
  auto& e0 = ns.add_interface("eth0");
  auto& e1 = ns.add_interface("eth1");
  CHECK(ports::mac_to_string(e0.config().mac) == "02:00:00:00:00:01");
  CHECK(ports::mac_to_string(e1.config().mac) == "02:00:00:00:00:02");
  CHECK(e1.config().ifindex == e0.config().ifindex + 1);
}
