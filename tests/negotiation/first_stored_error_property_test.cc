// fallback-causes.md §3.4 "first stored error wins": random device/configuration combinations
// on the server; the engine's search must give the same outcome as an oracle written here
// directly from §3.4's text, on booleans, sharing no code with protocol/negotiation.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "protocol/negotiation/server_device_search.h"
#include "tests/handshake/handshake_harness.h"

using namespace smc::negotiation;

namespace {

struct Combo {
  bool d_v2, d_v1, r_v2, r_v1;
  bool ism_v2_found, seid_match, ism_v1_found, ueid_common, rdma_v2_found, rdma_v1_found;
  bool prefix_ok, vlan_ok;
  std::optional<DeclineCode> setup_d2, setup_d1, setup_r2, setup_r1;
};

// Outcome as text: a path name or a code.
std::string oracle(const Combo& c) {
  std::optional<DeclineCode> rc;
  auto store = [&](DeclineCode x) { if (rc == std::nullopt) rc = x; };
  auto rc_or = [&](DeclineCode x) { return to_smcss_hex(rc ? *rc : x); };
  if (c.d_v2) {
    if (!c.ism_v2_found) store(DeclineCode::NoSmcDV2Device);
    else if (c.seid_match || c.ueid_common) {
      if (c.setup_d2 == std::nullopt) return "SMC-Dv2";
      store(*c.setup_d2);
    }
  }
  bool prefix_failed = (c.d_v1 || c.r_v1) && !c.prefix_ok;
  if (prefix_failed) store(DeclineCode::DifferentPrefix);
  if (!c.vlan_ok) return rc_or(DeclineCode::GetVlanError);
  if (!prefix_failed && c.d_v1) {
    if (!c.ism_v1_found) store(DeclineCode::NoSmcDDevice);
    else if (c.setup_d1 == std::nullopt) return "SMC-Dv1";
    else store(*c.setup_d1);
  }
  if (!c.r_v1 && !c.r_v2) return rc_or(DeclineCode::NoSmcDDevice);
  if (c.r_v2 && c.ueid_common) {
    if (!c.rdma_v2_found) store(DeclineCode::NoSmcRDevice);
    else if (c.setup_r2 == std::nullopt) return "SMC-Rv2";
    else store(*c.setup_r2);
  }
  if (!prefix_failed) {
    if (!c.r_v1 || !c.rdma_v1_found) return rc_or(DeclineCode::NoSmcDevice);
    if (c.setup_r1 == std::nullopt) return "SMC-Rv1";
    store(*c.setup_r1);
    return to_smcss_hex(*rc);
  }
  return to_smcss_hex(DeclineCode::DifferentPrefix);
}

std::string engine(const Combo& c) {
  HostSnapshot h = smc::test::baseline_host(2);
  h.netdevs[0].pnetid = "P1";
  RdmaPort& port = h.rdma[0].ports[0];
  port.pnetid = "P1";
  port.gids.clear();
  if (c.rdma_v1_found) port.gids.push_back(GidEntry{GidType::RoceV1, *IpAddress::parse("fe80::2"), "eth0"});
  if (c.rdma_v2_found) port.gids.push_back(GidEntry{GidType::RoceV2, IpAddress::v4(10, 0, 0, 2), "eth0"});
  h.ueids = {c.ueid_common ? "U1" : "U9"};
  h.seid_enabled = true;
  h.seid = c.seid_match ? "S1" : "S2";
  IsmDevice d2;
  d2.name = "ism2";
  d2.v2_capable = true;
  d2.gid = 0x2222;
  d2.chid = c.ism_v2_found ? 0x0101 : 0x0999;
  d2.reachable_gids = {0x1111};
  h.ism.push_back(d2);
  if (c.ism_v1_found) {
    IsmDevice d1;
    d1.name = "ism1";
    d1.gid = 0x3333;
    d1.chid = 0x0202;
    d1.pnetid = "P1";
    d1.reachable_gids = {0x4444};
    h.ism.push_back(d1);
  }
  ConnectionContext conn = smc::test::baseline_conn(2);
  conn.vlan_lookup_fails = !c.vlan_ok;

  ProposalContent p;
  p.version = 2;
  p.v1 = TypeSet{c.r_v1, c.d_v1};
  p.v2 = TypeSet{c.r_v2, c.d_v2};
  p.ipv4_subnet = c.prefix_ok ? IpAddress::v4(10, 0, 0, 0) : IpAddress::v4(10, 9, 0, 0);
  p.ipv4_prefix_len = 24;
  p.ism = IsmOffer{c.d_v1 ? 0x4444u : 0u, static_cast<std::uint16_t>(c.d_v1 ? 0x0202 : 0)};
  p.ism_v2 = {IsmOffer{0x1111, 0x0101}};
  p.has_v2_ext = p.has_smcd_v2_ext = true;
  p.seid_flag = true;
  p.seid = "S1";
  p.ueids = {"U1"};
  p.roce_v2_gid = IpAddress::v4(10, 0, 0, 1);
  ServerOfferPlan plan{c.d_v1, c.r_v1, c.d_v2, c.r_v2, 1, 255, 2};
  PathSetupOutcomes setup{c.setup_d2, c.setup_d1, c.setup_r2, c.setup_r1};
  auto r = server_device_search(p, plan, h, conn, EngineProfile::linux_6_18(), setup);
  return r ? std::string(to_string(r->path.kind)) : to_smcss_hex(r.error());
}

rc::Gen<std::optional<DeclineCode>> setup_code() {
  return rc::gen::element<std::optional<DeclineCode>>(std::nullopt, std::nullopt, DeclineCode::Mem, DeclineCode::InternalError, DeclineCode::RegisterBufferError, DeclineCode::MaxDmb);
}

}  // namespace

TEST_CASE("server device search: first stored error wins (rapidcheck vs §3.4 oracle)") {
  CHECK(rc::check("engine == oracle", [] {
    Combo c{};
    c.d_v2 = *rc::gen::arbitrary<bool>();
    c.d_v1 = *rc::gen::arbitrary<bool>();
    c.r_v2 = *rc::gen::arbitrary<bool>();
    c.r_v1 = *rc::gen::arbitrary<bool>();
    RC_PRE(c.d_v2 || c.d_v1 || c.r_v2 || c.r_v1);
    c.ism_v2_found = *rc::gen::arbitrary<bool>();
    c.seid_match = *rc::gen::arbitrary<bool>();
    c.ism_v1_found = *rc::gen::arbitrary<bool>();
    c.ueid_common = *rc::gen::arbitrary<bool>();
    c.rdma_v2_found = *rc::gen::arbitrary<bool>();
    c.rdma_v1_found = *rc::gen::arbitrary<bool>();
    c.prefix_ok = *rc::gen::arbitrary<bool>();
    c.vlan_ok = *rc::gen::inRange(0, 5) != 0;
    c.setup_d2 = *setup_code();
    c.setup_d1 = *setup_code();
    c.setup_r2 = *setup_code();
    c.setup_r1 = *setup_code();
    RC_ASSERT(engine(c) == oracle(c));
  }));
}

TEST_CASE("§3.4 named effects") {
  Combo base{};
  base.r_v2 = base.r_v1 = true;
  base.prefix_ok = base.vlan_ok = true;
  // Disjoint UEIDs on an SMC-Rv2-only offer end as 0x03030000, never a UEID code.
  Combo b = base;
  b.r_v1 = false;
  b.rdma_v2_found = true;
  CHECK(engine(b) == "0x03030000");
  // loopback-ism (D v2 offered, no match) masks RDMA failures as 0x03030007 ...
  Combo l = base;
  l.d_v2 = true;
  l.ueid_common = true;
  CHECK(engine(l) == "0x03030007");
  // ... unless the prefix check failed: 0x03070000.
  l.prefix_ok = false;
  CHECK(engine(l) == "0x03070000");
  // A v2 setup failure rescued by v1 first contact never shows.
  Combo r = base;
  r.ueid_common = r.rdma_v2_found = r.rdma_v1_found = true;
  r.setup_r2 = DeclineCode::RegisterBufferError;
  CHECK(engine(r) == "SMC-Rv1");
}
