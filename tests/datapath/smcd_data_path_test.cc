// SMC-D: the same ConnectionDataPath over SmcdConnectionLink and a fake ISM device.
// Data lands after the 32-byte CDC area of the peer's DMB, the CDC is the SMC-D header
// at offset 0 (wire-format.md §4.2, §5), delivered on the ISM signal.
#include <doctest/doctest.h>

#include <deque>
#include <map>

#include "protocol/datapath/smcd_connection_link.h"
#include "tests/datapath/fake_link_pair.h"

using namespace smc;
using namespace smc::datapath;
using namespace smc::datapath::testing;

namespace {

// Both ends on one CHID: DMBs by token, signals queued for the test to deliver.
struct IsmFabric {
  std::map<ports::DmbToken, std::span<std::uint8_t>> dmbs;
  std::deque<ports::DmbToken> signals;
};

class FakeIsm final : public ports::IsmDevice {
 public:
  explicit FakeIsm(IsmFabric& f) : fabric_(f) {}
  const ports::IsmAttributes& attributes() const override { return attrs_; }
  void set_event_handler(ports::IsmEventHandler*) override {}
  ports::IsmStatus query_remote_gid(const ports::IsmGid&, std::optional<std::uint16_t>) const override {
    return Ok{};
  }
  ports::IsmResult<ports::Dmb> register_dmb(std::uint32_t) override {
    return smc::unexpected(ports::IsmError::NoSpace);
  }
  ports::IsmStatus unregister_dmb(ports::DmbToken) override { return Ok{}; }
  ports::IsmStatus add_vlan_id(std::uint16_t) override { return Ok{}; }
  ports::IsmStatus del_vlan_id(std::uint16_t) override { return Ok{}; }
  ports::IsmStatus move_data(ports::DmbToken token, std::uint32_t offset, std::span<const std::uint8_t> data,
                             bool signal) override {
    auto it = fabric_.dmbs.find(token);
    if (it == fabric_.dmbs.end()) return smc::unexpected(ports::IsmError::UnknownToken);
    if (std::uint64_t{offset} + data.size() > it->second.size())
      return smc::unexpected(ports::IsmError::InvalidArgument);
    std::memcpy(it->second.data() + offset, data.data(), data.size());
    if (signal) fabric_.signals.push_back(token);
    return Ok{};
  }

 private:
  IsmFabric& fabric_;
  ports::IsmAttributes attrs_;
};

struct SmcdPair {
  static constexpr std::uint32_t kDmbe = 16384;  // DMBE: CDC area + 16352-byte ring
  IsmFabric fabric;
  FakeIsm ism{fabric};
  std::vector<std::uint8_t> dmb_a = std::vector<std::uint8_t>(kDmbe), dmb_b = std::vector<std::uint8_t>(kDmbe);
  cdc::SmcdByteOrder order;
  SmcdConnectionLink link_a, link_b;
  ConnectionDataPath a, b;

  static DataPathConfig config() {
    DataPathConfig c;
    c.peer_ring_size = smcd_ring_size(kDmbe);
    c.sequence_numbers = false;
    return c;
  }
  explicit SmcdPair(cdc::SmcdByteOrder o)
      : order(o),
        link_a(ism, 0xB, o),
        link_b(ism, 0xA, o),
        a(link_a, smcd_ring(dmb_a), config()),
        b(link_b, smcd_ring(dmb_b), config()) {
    fabric.dmbs[0xA] = dmb_a;
    fabric.dmbs[0xB] = dmb_b;
  }
  void drain() {
    while (!fabric.signals.empty()) {
      const auto t = fabric.signals.front();
      fabric.signals.pop_front();
      auto& path = t == 0xA ? a : b;
      REQUIRE(smcd_deliver_signal(t == 0xA ? dmb_a : dmb_b, order, path));
    }
  }
};

}  // namespace

TEST_CASE("SMC-D: ring size is DMBE − 32, data after the header, header at 0 with the cursors") {
  CHECK(smcd_ring_size(16384) == 16352);
  SmcdPair p(cdc::SmcdByteOrder::Big);
  CHECK(p.a.ring_size() == 16352);
  const wire::Bytes hello{'h', 'e', 'l', 'l', 'o'};
  REQUIRE(*p.a.send(hello) == 5);
  CHECK(p.dmb_b[0] == 0xFE);  // CDC type
  // Producer count 5 at offset 10, big-endian (§4.2).
  CHECK(p.dmb_b[10] == 0);
  CHECK(p.dmb_b[13] == 5);
  CHECK(p.dmb_b[32] == 'h');
  CHECK(p.dmb_b[36] == 'o');
  p.drain();
  CHECK(*p.b.recv(10) == hello);
}

TEST_CASE("SMC-D: bulk transfer across the wrap in both byte orders, close to CLOSED") {
  for (auto order : {cdc::SmcdByteOrder::Big, cdc::SmcdByteOrder::Little}) {
    SmcdPair p(order);
    const std::uint64_t total = 3 * 16352 + 1000;
    std::uint64_t sent = 0, got = 0;
    SplitMix rng{static_cast<std::uint64_t>(order == cdc::SmcdByteOrder::Big ? 1 : 2)};
    int steps = 0;
    while (got < total) {
      REQUIRE(++steps < 100000);
      if (sent < total) {
        auto r = p.a.send(stream_bytes(0, sent, std::min<std::uint64_t>(1 + rng.below(9000), total - sent)));
        if (r.ok()) sent += *r;
      }
      if (rng.below(2)) p.drain();
      auto g = p.b.recv(1 + rng.below(7000));
      if (g.ok()) {
        REQUIRE(*g == stream_bytes(0, got, g->size()));
        got += g->size();
      }
      p.drain();
    }
    CHECK(p.b.rx_producer().wrap == 3);
    REQUIRE(p.a.close().ok());
    p.drain();
    REQUIRE(p.b.close().ok());
    p.drain();
    CHECK(p.a.state() == SmcState::Closed);
    CHECK(p.b.state() == SmcState::Closed);
  }
}

TEST_CASE("SMC-D: a vanished peer DMB is a lost link") {
  SmcdPair p(cdc::SmcdByteOrder::Big);
  p.fabric.dmbs.erase(0xB);
  auto r = p.a.send(wire::Bytes{1, 2, 3});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error() == SocketError::ConnectionAborted);
  CHECK(link_error_from(ports::IsmError::InvalidArgument) == LinkError::Rejected);
}
