// Simulated ISM and loopback-ism: DMB slots and VLAN table limits hit at exactly their
// value, move_data places bytes and signals the owner, reachability by CHID / host.
#include <doctest/doctest.h>

#include <numeric>

#include "sim/ism/sim_ism_device.h"
#include "sim/kernel/simulator.h"

using namespace smc;
using namespace smc::sim;
using ports::IsmError;

namespace {
struct Signals : ports::IsmEventHandler {
  std::vector<std::pair<ports::DmbToken, std::uint32_t>> got;
  bool removed = false;
  void on_dmb_signal(ports::DmbToken t, std::uint32_t idx) override { got.emplace_back(t, idx); }
  void on_device_removed() override { removed = true; }
};
}  // namespace

TEST_CASE("DMB slots: the (max_dmbs+1)th registration fails with ENOSPC; freeing one slot reuses it") {
  Simulator sim(Seed{1});
  IsmFabric fabric;
  auto attrs = ism_hardware_attributes("ism0", 0x0123, 0xAA, true);
  attrs.max_dmbs = 3;
  SimIsmDevice dev(sim, "server/ism0", fabric, attrs);
  std::vector<ports::Dmb> dmbs;
  for (int i = 0; i < 3; ++i) {
    auto d = dev.register_dmb(16384);
    REQUIRE(d.ok());
    CHECK(d->sba_idx == static_cast<std::uint32_t>(i));
    CHECK(d->memory.size() == 16384);
    dmbs.push_back(*d);
  }
  auto full = dev.register_dmb(16384);
  REQUIRE_FALSE(full.ok());
  CHECK(full.error() == IsmError::NoSpace);
  REQUIRE(dev.unregister_dmb(dmbs[1].token).ok());
  auto again = dev.register_dmb(16384);
  REQUIRE(again.ok());
  CHECK(again->sba_idx == 1);
  CHECK(dev.register_dmb(attrs.max_dmb_size + 1).error() == IsmError::InvalidArgument);
}

TEST_CASE("VLAN table: full at max_vlans; re-adding a registered id takes no slot") {
  Simulator sim(Seed{1});
  IsmFabric fabric;
  auto attrs = ism_hardware_attributes("ism0", 1, 0xAA, true);
  attrs.max_vlans = 2;
  SimIsmDevice dev(sim, "h/ism0", fabric, attrs);
  REQUIRE(dev.add_vlan_id(10).ok());
  REQUIRE(dev.add_vlan_id(10).ok());
  REQUIRE(dev.add_vlan_id(20).ok());
  CHECK(dev.add_vlan_id(30).error() == IsmError::VlanTableFull);
  REQUIRE(dev.del_vlan_id(10).ok());
  CHECK(dev.del_vlan_id(10).error() == IsmError::NoSuchVlan);
  CHECK(dev.add_vlan_id(30).ok());
}

TEST_CASE("move_data writes the peer's DMB at the offset and raises its signal") {
  Simulator sim(Seed{5});
  IsmFabric fabric;
  SimIsmDevice client(sim, "client/ism0", fabric, ism_hardware_attributes("ism0", 7, 0x1001, true));
  SimIsmDevice server(sim, "server/ism0", fabric, ism_hardware_attributes("ism0", 7, 0x1002, true));
  SimIsmDevice other(sim, "other/ism0", fabric, ism_hardware_attributes("ism0", 8, 0x1003, true));
  Signals sig;
  server.set_event_handler(&sig);
  auto dmb = *server.register_dmb(65536);
  std::vector<std::uint8_t> data(1000);
  std::iota(data.begin(), data.end(), std::uint8_t{1});
  // Data area starts after the 32-byte CDC header (wire-format.md §4.2 / §5).
  REQUIRE(client.move_data(dmb.token, 32, data, false).ok());
  CHECK(std::equal(data.begin(), data.end(), dmb.memory.begin() + 32));
  CHECK(dmb.memory[31] == 0);
  CHECK(dmb.memory[1032] == 0);
  std::vector<std::uint8_t> cdc(32, 0xFE);
  REQUIRE(client.move_data(dmb.token, 0, cdc, true).ok());
  CHECK(sig.got.empty());  // the interrupt is its own event
  (void)sim.run_for(us(1));
  REQUIRE(sig.got.size() == 1);
  CHECK(sig.got[0].first == dmb.token);
  CHECK(sig.got[0].second == dmb.sba_idx);
  // Beyond the end of the DMB; unknown token; another CHID.
  CHECK(client.move_data(dmb.token, 65536 - 10, data, false).error() == IsmError::InvalidArgument);
  CHECK(client.move_data(dmb.token ^ 1, 0, data, false).error() == IsmError::UnknownToken);
  CHECK(other.move_data(dmb.token, 0, data, false).error() == IsmError::Unreachable);
  CHECK(client.query_remote_gid({0x1002, 0}, std::nullopt).ok());
  CHECK(other.query_remote_gid({0x1002, 0}, std::nullopt).error() == IsmError::Unreachable);
  // SMC-D v1 VLAN rule: the peer must have registered the VLAN.
  CHECK(client.query_remote_gid({0x1002, 0}, 100).error() == IsmError::Unreachable);
  REQUIRE(server.add_vlan_id(100).ok());
  CHECK(client.query_remote_gid({0x1002, 0}, 100).ok());
}

TEST_CASE("loopback-ism: CHID 0xFFFF, 128-bit GID, reaches only its own DMBs") {
  Simulator sim(Seed{5});
  IsmFabric fabric;
  SimIsmDevice lo_a(sim, "a/loopback-ism", fabric, loopback_ism_attributes(0x11, 0x22));
  SimIsmDevice lo_b(sim, "b/loopback-ism", fabric, loopback_ism_attributes(0x33, 0x44));
  CHECK(lo_a.attributes().chid == 0xFFFF);
  CHECK(lo_a.attributes().emulated);
  CHECK(lo_a.attributes().gid.gid_ext == 0x22);
  auto dmb = *lo_a.register_dmb(16384);
  std::vector<std::uint8_t> data(8, 7);
  CHECK(lo_a.move_data(dmb.token, 32, data, false).ok());
  CHECK(lo_b.move_data(dmb.token, 32, data, false).error() == IsmError::Unreachable);
  CHECK(lo_b.query_remote_gid({0x11, 0x22}, std::nullopt).error() == IsmError::Unreachable);
  CHECK(lo_a.query_remote_gid({0x11, 0x22}, std::nullopt).ok());
}

TEST_CASE("ISM removal: DMBs gone, handler told, calls fail ENODEV; tokens repeat per seed") {
  std::uint64_t first_token = 0;
  for (int run = 0; run < 2; ++run) {
    Simulator sim(Seed{99});
    IsmFabric fabric;
    SimIsmDevice a(sim, "a/ism0", fabric, ism_hardware_attributes("ism0", 1, 1, true));
    SimIsmDevice b(sim, "b/ism0", fabric, ism_hardware_attributes("ism0", 1, 2, true));
    Signals sig;
    b.set_event_handler(&sig);
    auto dmb = *b.register_dmb(16384);
    if (run == 0) first_token = dmb.token;
    CHECK(dmb.token == first_token);
    b.remove_device();
    (void)sim.run_for(us(1));
    CHECK(sig.removed);
    CHECK(b.register_dmb(16384).error() == IsmError::NoDevice);
    std::vector<std::uint8_t> data(4);
    CHECK(a.move_data(dmb.token, 0, data, false).error() == IsmError::UnknownToken);
  }
}
