// hw/engine's view of a real device as a negotiation host (device_host.h), without a device:
// the attributes are what hw/verbs reports for rxe on a veth (kernel-lab.md: RoCEv2 GIDs
// only matter; rxe lists the netdev's addresses as GIDs, IPv4 ones v4-mapped), and the
// expectations are kernel-lab.md's observed results for two rxe hosts: with a UEID on both
// ends the handshake picks SMC-Rv2 on the two rxe devices; without one the client offers no
// SMC-R at all (0x03030000).
#include <doctest/doctest.h>

#include "hw/engine/device_host.h"
#include "hw/engine/engine_end.h"
#include "protocol/handshake/client_handshake.h"
#include "protocol/handshake/server_handshake.h"
#include "protocol/negotiation/device_lookup.h"

using namespace smc;
using namespace smc::hw;

namespace {

ports::Gid v4_gid(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return ports::Gid{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d};
}

ports::RnicAttributes rxe(const std::string& name, const std::string& netdev, std::uint8_t last) {
  ports::RnicAttributes a;
  a.name = name;
  a.type = ports::RnicType::Rxe;
  a.caps.roce_v2_only = true;
  ports::PortAttributes p;
  p.port_num = 1;
  p.netdev = netdev;
  p.mac = {0x02, 0, 0, 0, 0, last};
  ports::Gid ll{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, last};
  // rxe's table: RoCEv2 entries only (kernel-lab.md), the link-local one first, then the
  // netdev's IPv4 address (index 1 in the lab's guest).
  p.gids.push_back(ports::GidEntry{0, ll, ports::GidType::RoceV2, netdev, std::nullopt});
  p.gids.push_back(ports::GidEntry{1, v4_gid(10, 0, 0, last), ports::GidType::RoceV2, netdev, std::nullopt});
  a.ports.push_back(p);
  return a;
}

NetdevAddresses addrs(const std::string& netdev, std::uint8_t last) {
  return {netdev, {negotiation::InterfaceAddress{ports::IpAddress::v4(10, 0, 0, last), 24}}};
}

negotiation::HostSnapshot host(bool client, std::vector<std::string> ueids) {
  DeviceHostSpec spec;
  spec.host_id = client ? "client" : "server";
  spec.system_id_tag = client ? 1 : 2;
  spec.ueids = std::move(ueids);
  return client ? snapshot_of(rxe("rxe0", "veth0", 1), {addrs("veth0", 1)}, spec)
                : snapshot_of(rxe("rxe1", "veth1", 2), {addrs("veth1", 2)}, spec);
}

struct Outcome {
  std::optional<negotiation::NegotiatedPath> client_link, server_link;
  std::optional<handshake::FallBack> client_fallback;
};

// Client and server handshakes over an ideal pipe, without a link layer (NullLinkLayer),
// up to the first-contact link setup.
Outcome negotiate(const negotiation::HostSnapshot& c, const negotiation::HostSnapshot& s) {
  negotiation::ConnectionContext cc, sc;
  cc.local = ports::IpAddress::v4(10, 0, 0, 1);
  cc.peer = ports::IpAddress::v4(10, 0, 0, 2);
  sc.local = cc.peer;
  sc.peer = cc.local;
  const auto profile = negotiation::EngineProfile::linux_6_12();
  handshake::ClientHandshake client(c, cc, profile);
  handshake::ServerHandshake server(s, sc, profile);
  Outcome out;
  std::vector<std::pair<bool, wire::Bytes>> pipe;  // (to_server, bytes)
  auto take = [&](bool from_client, const handshake::Actions& acts) {
    for (const auto& a : acts) {
      if (const auto* snd = std::get_if<handshake::SendClc>(&a)) pipe.emplace_back(from_client, snd->bytes);
      if (const auto* l = std::get_if<handshake::StartLinkSetup>(&a))
        (from_client ? out.client_link : out.server_link) = l->path;
      if (const auto* f = std::get_if<handshake::FallBack>(&a))
        if (from_client) out.client_fallback = *f;
    }
  };
  take(false, server.on_established(true));
  take(true, client.on_established(true));
  for (std::size_t i = 0; i < pipe.size() && i < 16; ++i) {
    auto [to_server, bytes] = pipe[i];
    if (to_server) take(false, server.on_bytes(bytes));
    else take(true, client.on_bytes(bytes));
  }
  return out;
}

}  // namespace

TEST_CASE("a device becomes a one-device host: its port, MAC, GIDs and the netdev's addresses") {
  negotiation::HostSnapshot h = host(true, {"UEID-A"});
  REQUIRE(h.rdma.size() == 1);
  CHECK(h.rdma[0].name == "rxe0");
  REQUIRE(h.rdma[0].ports.size() == 1);
  const auto& p = h.rdma[0].ports[0];
  CHECK(p.active);
  CHECK(p.netdev == "veth0");
  CHECK(p.mac == ports::MacAddress{0x02, 0, 0, 0, 0, 1});
  REQUIRE(p.gids.size() == 2);
  // The v4-mapped GID is the IPv4 address in the negotiation's spelling.
  CHECK(p.gids[1].type == negotiation::GidType::RoceV2);
  CHECK(p.gids[1].gid == ports::IpAddress::v4(10, 0, 0, 1));
  CHECK(p.gids[1].netdev == "veth0");
  CHECK(p.gids[0].gid.to_string() == "fe80::1");
  REQUIRE(h.netdevs.size() == 1);
  CHECK(h.netdevs[0].name == "veth0");
  CHECK(first_ipv4(h, "veth0") == ports::IpAddress::v4(10, 0, 0, 1));
  CHECK(h.ueids == std::vector<std::string>{"UEID-A"});
  CHECK(h.system_id != host(false, {}).system_id);
}

TEST_CASE("the device search finds the RoCEv2 GID of the end's own address") {
  negotiation::HostSnapshot h = host(false, {"UEID-A"});
  negotiation::RdmaQuery q;
  q.egress = "veth1";
  q.v2 = true;
  q.local = ports::IpAddress::v4(10, 0, 0, 2);
  q.peer_roce = ports::IpAddress::v4(10, 0, 0, 1);
  auto c = negotiation::find_rdma_port(h, q);
  REQUIRE(c);
  CHECK(c->device == "rxe1");
  CHECK(c->gid == ports::IpAddress::v4(10, 0, 0, 2));
  CHECK_FALSE(c->uses_gateway);
}

TEST_CASE("two rxe hosts with a UEID negotiate SMC-Rv2 first contact on their own devices (kernel-lab.md)") {
  Outcome o = negotiate(host(true, {"SMCSIM-RXE-UEID"}), host(false, {"SMCSIM-RXE-UEID"}));
  REQUIRE(o.server_link);
  REQUIRE(o.client_link);
  CHECK(o.server_link->kind == negotiation::PathKind::SmcRv2);
  CHECK(o.server_link->device == "rxe1");
  CHECK(o.client_link->device == "rxe0");
  CHECK(o.client_link->first_contact);
  CHECK(o.client_link->local_gid == ports::IpAddress::v4(10, 0, 0, 1));
  CHECK(o.client_link->peer_gid == ports::IpAddress::v4(10, 0, 0, 2));
}

TEST_CASE("without a UEID rxe (RoCEv2 only) offers nothing: the client falls back with 0x03030000") {
  Outcome o = negotiate(host(true, {}), host(false, {}));
  CHECK_FALSE(o.client_link);
  REQUIRE(o.client_fallback);
  CHECK(static_cast<std::uint32_t>(o.client_fallback->local) == 0x03030000u);
}

TEST_CASE("netdev_addresses reads the loopback's 127.0.0.1/8 from the running system") {
  NetdevAddresses lo = netdev_addresses("lo");
  bool found = false;
  for (const auto& a : lo.addresses)
    if (a.address == ports::IpAddress::v4(127, 0, 0, 1)) found = a.prefix_len == 8;
  CHECK(found);
  CHECK(netdev_addresses("no-such-netdev-x").addresses.empty());
}

TEST_CASE("the transfer pattern differs per direction and does not repeat at ring sizes") {
  for (std::uint64_t ring : {16384u, 65536u, 262144u, 1048576u}) {
    int same = 0;
    for (std::uint64_t i = 0; i < 4096; ++i) same += transfer_byte(true, i) == transfer_byte(true, i + ring);
    CHECK(same < 64);  // a periodic pattern would give 4096
  }
  int same_dir = 0;
  for (std::uint64_t i = 0; i < 4096; ++i) same_dir += transfer_byte(true, i) == transfer_byte(false, i);
  CHECK(same_dir < 64);
}
