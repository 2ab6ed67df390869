// Golden vectors: wire-format.md §9 (annotations table), the real Linux 6.12 captures
// (captures/README.md) and a few hand-built variants. Each decodes to the documented
// fields and re-encodes to the same bytes.
#include <doctest/doctest.h>

#include "protocol/clc/clc_message.h"
#include "tests/clc/clc_vectors.h"

using namespace smc::clc;
using smc::clc::test::load_vector;
using smc::wire::Bytes;

namespace {

Gid gid_v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  return Gid{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, a, b, c, d};
}
const Gid kClientGid{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 0, 0, 1};
const PeerId kClientId{0xa1, 0xb2, 0x02, 0, 0, 0, 0, 0x01};
const PeerId kServerId{0xc3, 0xd4, 0x02, 0, 0, 0, 0, 0x02};
const Mac kServerMac{0x02, 0, 0, 0, 0, 0x02};
const PeerId kCaptureId{0x80, 0xda, 0xd6, 0x72, 0x41, 0x86, 0x3a, 0x62};

template <typename T>
T decode_ok(const Bytes& b) {
  auto r = T::decode(b);
  if (!r) FAIL_CHECK(r.error().message());
  REQUIRE(r.ok());
  CHECK(r->encode() == b);
  auto any = decode_clc(b);
  REQUIRE(any.ok());
  CHECK(std::holds_alternative<T>(*any));
  return *r;
}

const SmcrAcceptFields& smcr(const ClcAcceptConfirm& m) { return std::get<SmcrAcceptFields>(m.path); }
const SmcdAcceptFields& smcd(const ClcAcceptConfirm& m) { return std::get<SmcdAcceptFields>(m.path); }

}  // namespace

TEST_CASE("every vector decodes and re-encodes byte-identically") {
  for (const char* name : smc::clc::test::kAllVectors) {
    CAPTURE(name);
    Bytes b = load_vector(name);
    auto m = decode_clc(b);
    if (!m) FAIL_CHECK(m.error().message());
    REQUIRE(m.ok());
    CHECK(encode(*m) == b);
    CHECK(clc_message_length(b) == b.size());
  }
}

TEST_CASE("§9 Proposal v1: 52 bytes, RFC layout, 10.0.0.0/24") {
  auto p = decode_ok<ClcProposal>(load_vector("proposal_v1_r_52"));
  CHECK(p.version == 1);
  CHECK(p.typev1 == SmcType::R);
  CHECK(p.peer_id == kClientId);
  CHECK(p.gid == kClientGid);
  CHECK(p.mac == Mac{0x02, 0, 0, 0, 0, 0x01});
  CHECK(p.ip_area_offset == 0);
  CHECK_FALSE(p.has_smcd_area());
  CHECK(p.prefix.ipv4_subnet == 0x0a000000);
  CHECK(p.prefix.ipv4_prefix_len == 24);
  CHECK(p.prefix.ipv6_prefixes.empty());
  CHECK_FALSE(p.has_v2_extension());
  CHECK(p.wire_length() == 52);
}

TEST_CASE("§9 Proposal v2 (R): 164 bytes, v2 extension at 88") {
  auto p = decode_ok<ClcProposal>(load_vector("proposal_v2_r_164"));
  CHECK(p.version == 2);
  CHECK(p.typev1 == SmcType::R);
  CHECK(p.typev2 == SmcType::R);
  CHECK(p.ip_area_offset == 40);
  CHECK(p.v2_extension_offset() == 36);
  CHECK(p.prefix.ipv4_subnet == 0x0a000000);
  CHECK(p.prefix.ipv4_prefix_len == 24);
  CHECK(p.v2_ext.eids.size() == 1);
  CHECK(p.v2_ext.eids[0].text() == "SMC-TEST-UEID");
  CHECK(is_valid_eid(p.v2_ext.eids[0]));
  CHECK(p.v2_ext.release == 1);
  CHECK_FALSE(p.v2_ext.seid_indicator);
  CHECK(p.v2_ext.roce_v2_gid == gid_v4(10, 0, 0, 1));
  CHECK(p.v2_ext.max_conns == 255);
  CHECK(p.v2_ext.max_links == 2);
  CHECK(p.v2_ext.feature_mask == 0x0001);
  CHECK_FALSE(p.has_smcd_v2_extension());
  CHECK(p.smcd_v2_extension_offset() == 0);
}

TEST_CASE("§9 Proposal v2 (D): 190 bytes, SEID and one GID/CHID entry") {
  auto p = decode_ok<ClcProposal>(load_vector("proposal_v2_d_190"));
  CHECK(p.typev1 == SmcType::D);
  CHECK(p.typev2 == SmcType::D);
  CHECK(p.peer_id == PeerId{});
  CHECK(p.gid == Gid{});
  CHECK(p.mac == Mac{});
  CHECK(p.smcd_area.ism_gid == 0x1111);
  CHECK(p.smcd_area.ism_chid == 0x0101);
  CHECK(p.v2_extension_offset() == 36);
  CHECK(p.v2_ext.eids.empty());
  CHECK(p.v2_ext.release == 1);
  CHECK(p.v2_ext.seid_indicator);
  CHECK(p.smcd_v2_extension_offset() == 32);
  CHECK(p.smcd_v2_ext.seid.text() == "EXAMPLE-SEID");
  REQUIRE(p.smcd_v2_ext.gid_chids.size() == 1);
  CHECK(p.smcd_v2_ext.gid_chids[0] == IsmGidChid{0x2222, 0x0102});
}

TEST_CASE("capture: SMC-Rv2-only Proposal, 156 bytes, no prefix area") {
  auto p = decode_ok<ClcProposal>(load_vector("capture_proposal_v2_rv2_only_156"));
  CHECK(p.typev2 == SmcType::R);
  CHECK(p.typev1 == SmcType::None);
  CHECK(p.ip_area_offset == 0);
  CHECK_FALSE(p.has_prefix_area());
  CHECK(p.peer_id == PeerId{});
  CHECK(p.v2_extension_offset() == 28);
  REQUIRE(p.v2_ext.eids.size() == 1);
  CHECK(p.v2_ext.eids[0].text() == "HIL-UEID-A");
  CHECK(p.v2_ext.roce_v2_gid == gid_v4(10, 0, 0, 1));
  CHECK(p.v2_ext.max_conns == 255);
  CHECK(p.v2_ext.max_links == 2);
  CHECK(p.v2_ext.feature_mask == 0x0001);
  CHECK(p.smcd_v2_extension_offset() == 0);
}

TEST_CASE("own Proposals: IPv6 prefixes, v1 with SMC-D area") {
  auto p = decode_ok<ClcProposal>(load_vector("own_proposal_v2_r_ipv6_198"));
  REQUIRE(p.prefix.ipv6_prefixes.size() == 2);
  CHECK(p.prefix.ipv4_subnet == 0);
  CHECK(p.prefix.ipv6_prefixes[0].prefix_len == 48);
  CHECK(p.prefix.ipv6_prefixes[0].prefix[1] == 0x01);
  CHECK(p.prefix.ipv6_prefixes[1].prefix[0] == 0xfd);
  CHECK(p.v2_extension_offset() == 70);
  CHECK(p.v2_ext.eids[0].text() == "SMC-TEST-UEID");
  auto q = decode_ok<ClcProposal>(load_vector("own_proposal_v1_r_ipv6_69"));
  CHECK(q.prefix.ipv6_prefixes.size() == 1);
  auto r = decode_ok<ClcProposal>(load_vector("own_proposal_v1_rd_92"));
  CHECK(r.typev1 == SmcType::Both);
  CHECK(r.has_smcd_area());
  CHECK(r.smcd_area.ism_gid == 0x1111);
  CHECK(r.prefix.ipv4_prefix_len == 24);
}

TEST_CASE("§9 Accept / Confirm SMC-R v1, first contact") {
  auto a = decode_ok<ClcAcceptConfirm>(load_vector("accept_smcr_v1_fc_68"));
  CHECK(a.type == ClcType::Accept);
  CHECK(a.version == 1);
  CHECK(a.first_contact);
  CHECK_FALSE(a.is_smcd());
  CHECK(smcr(a).peer_id == kServerId);
  CHECK(smcr(a).mac == kServerMac);
  CHECK(smcr(a).qp_number == 0xa1);
  CHECK(smcr(a).rmb_rkey == 0x1234);
  CHECK(smcr(a).rmbe_index == 1);
  CHECK(smcr(a).rmbe_alert_token == 1);
  CHECK(smcr(a).rmbe_size == 4);  // 256 KiB
  CHECK(smcr(a).qp_mtu == 3);     // 1024
  CHECK(smcr(a).rmb_address == 0x0000000123450000);
  CHECK(smcr(a).initial_psn == 0xabcdef);
  auto c = decode_ok<ClcAcceptConfirm>(load_vector("confirm_smcr_v1_fc_68"));
  CHECK(c.type == ClcType::Confirm);
  CHECK(smcr(c).gid == kClientGid);
  CHECK(smcr(c).qp_number == 0xb2);
  CHECK(smcr(c).rmb_rkey == 0x5678);
  CHECK(smcr(c).rmbe_alert_token == 2);
  CHECK(smcr(c).rmb_address == 0x0000000167890000);
  CHECK(smcr(c).initial_psn == 0x123456);
}

TEST_CASE("§9 Accept SMC-Rv2 FC 160 and Confirm FC 180") {
  auto a = decode_ok<ClcAcceptConfirm>(load_vector("accept_smcr_v2_fc_160"));
  CHECK(a.version == 2);
  CHECK(a.first_contact);
  CHECK(smcr(a).gid == gid_v4(10, 0, 0, 2));
  CHECK(a.eid.text() == "SMC-TEST-UEID");
  REQUIRE(a.fce.has_value());
  CHECK(a.fce->v2_direct);
  CHECK(a.fce->os_type == 2);
  CHECK(a.fce->release == 1);
  CHECK(unpadded(a.fce->host_name) == "server");
  CHECK(a.fce->max_conns == 255);
  CHECK(a.fce->max_links == 2);
  CHECK(a.fce->feature_mask == 0x0001);
  CHECK(a.gid_list.empty());
  auto c = decode_ok<ClcAcceptConfirm>(load_vector("confirm_smcr_v2_fc_180"));
  CHECK(c.type == ClcType::Confirm);
  CHECK(unpadded(c.fce->host_name) == "client");
  REQUIRE(c.gid_list.size() == 1);
  CHECK(c.gid_list[0] == gid_v4(10, 0, 0, 1));
}

TEST_CASE("capture: Confirm SMC-Rv2 FC with k = 2 (196) and Accept FC (160)") {
  auto c = decode_ok<ClcAcceptConfirm>(load_vector("capture_confirm_smcr_v2_fc_k2_196"));
  CHECK(c.wire_length() == 196);
  REQUIRE(c.gid_list.size() == 2);
  CHECK(c.gid_list[0] == gid_v4(10, 0, 0, 1));
  CHECK(c.gid_list[1] == gid_v4(10, 0, 0, 2));
  CHECK(smcr(c).peer_id == kCaptureId);
  CHECK(smcr(c).qp_number == 0x11);
  CHECK(smcr(c).rmb_rkey == 0x3b0);
  CHECK(smcr(c).rmbe_size == 2);  // 0x23: 64 KiB, MTU 1024
  CHECK(smcr(c).rmb_address == 0xff20a170c4c40000);
  CHECK(smcr(c).initial_psn == 0x1bf027);
  auto a = decode_ok<ClcAcceptConfirm>(load_vector("capture_accept_smcr_v2_fc_160"));
  CHECK(unpadded(a.fce->host_name) == "(none)");
  CHECK(smcr(a).initial_psn == 0xf2f94e);
  CHECK(a.eid.text() == "HIL-UEID-A");
}

TEST_CASE("§9 Accept SMC-Rv2 not first contact, 108") {
  auto a = decode_ok<ClcAcceptConfirm>(load_vector("accept_smcr_v2_108"));
  CHECK(a.version == 2);
  CHECK_FALSE(a.first_contact);
  CHECK_FALSE(a.fce.has_value());
  CHECK(a.eid.text() == "SMC-TEST-UEID");
  auto c = decode_ok<ClcAcceptConfirm>(load_vector("capture_accept_smcr_v2_256k_108"));
  CHECK(smcr(c).rmbe_size == 4);
  CHECK(smcr(c).rmbe_alert_token == 5);
}

TEST_CASE("§9 Accept SMC-D v1 48 and SMC-Dv2 FC 130 / 114, own v2 not FC 78") {
  auto a = decode_ok<ClcAcceptConfirm>(load_vector("accept_smcd_v1_fc_48"));
  CHECK(a.eyecatcher == Eyecatcher::Smcd);
  CHECK(a.trailer == Eyecatcher::Smcd);
  CHECK(a.is_smcd());
  CHECK(a.first_contact);
  CHECK(smcd(a).ism_gid == 0x2222);
  CHECK(smcd(a).dmb_token == 0x1000000000000001);
  CHECK(smcd(a).dmbe_index == 0);
  CHECK(smcd(a).dmbe_size == 4);
  CHECK(smcd(a).link_id == 0x00000100);

  auto b = decode_ok<ClcAcceptConfirm>(load_vector("accept_smcd_v2_fc_rel1_130"));
  CHECK(b.version == 2);
  CHECK(smcd(b).chid == 0x0102);
  CHECK(b.eid.text() == "EXAMPLE-SEID");
  CHECK(smcd(b).extended_gid == 0);
  REQUIRE(b.fce.has_value());
  CHECK(b.fce->release == 1);
  CHECK(b.fce->os_type == 2);
  CHECK_FALSE(b.fce->v2_direct);
  CHECK(unpadded(b.fce->host_name) == "server");

  auto c = decode_ok<ClcAcceptConfirm>(load_vector("accept_smcd_v2_fc_rel0_114"));
  REQUIRE(c.fce.has_value());
  CHECK(c.fce->release == 0);
  CHECK(c.wire_length() == 114);

  auto d = decode_ok<ClcAcceptConfirm>(load_vector("own_accept_smcd_v2_78"));
  CHECK_FALSE(d.first_contact);
  CHECK(d.wire_length() == 78);
  auto e = decode_ok<ClcAcceptConfirm>(load_vector("own_confirm_smcd_v2_78"));
  CHECK(e.type == ClcType::Confirm);
  CHECK(smcd(e).chid == 0x0101);
}

TEST_CASE("§9 Declines v1, v1 out-of-sync, v2; capture Decline") {
  auto a = decode_ok<ClcDecline>(load_vector("decline_v1_28"));
  CHECK(a.version == 1);
  CHECK_FALSE(a.out_of_sync);
  CHECK(a.peer_id == kServerId);
  CHECK(a.diagnosis() == DeclineCode::NoSmcRDevice);
  CHECK(a.os_type == 0);
  auto b = decode_ok<ClcDecline>(load_vector("decline_v1_out_of_sync_28"));
  CHECK(b.out_of_sync);
  CHECK(b.peer_diagnosis == 0x04000000);
  CHECK(b.diagnosis() == DeclineCode::SyncError);
  auto c = decode_ok<ClcDecline>(load_vector("decline_v2_44"));
  CHECK(c.version == 2);
  CHECK(c.diagnosis() == DeclineCode::NoUeid);
  CHECK(c.os_type == 2);
  CHECK(c.additional_diagnosis == std::array<std::uint32_t, 4>{});
  auto d = decode_ok<ClcDecline>(load_vector("capture_decline_v1_28"));
  CHECK(d.peer_id == kCaptureId);
  CHECK(d.diagnosis() == DeclineCode::NoSmcDevice);
}

TEST_CASE("describe names the message and its fields") {
  auto m = decode_clc(load_vector("decline_v2_44"));
  REQUIRE(m.ok());
  auto d = describe(*m);
  CHECK(d.type == "clc_decline");
  CHECK(d.length == 44);
  bool found = false;
  for (const auto& f : d.fields)
    if (f.name == "peer_diagnosis") {
      found = true;
      CHECK(f.value == "0x03030008");
      CHECK(f.meaning.find("SMC_CLC_DECL_NOUEID") != std::string::npos);
      CHECK(f.meaning.find("peer sent no UEID") != std::string::npos);
    }
  CHECK(found);
  auto a = decode_clc(load_vector("accept_smcr_v2_fc_160"));
  REQUIRE(a.ok());
  auto da = describe(*a);
  CHECK(da.type == "clc_accept");
  auto json = smc::wire::render_json(da);
  CHECK(json.find("\"gid\":\"::ffff:10.0.0.2\"") != std::string::npos);
  CHECK(json.find("\"host_name\":\"server\"") != std::string::npos);
  CHECK(json.find("\"qp_number\":\"0x0000a1\"") != std::string::npos);
  auto c = decode_clc(load_vector("confirm_smcr_v1_fc_68"));
  CHECK(describe(*c).type == "clc_confirm");
  auto p = decode_clc(load_vector("proposal_v2_d_190"));
  auto dp = describe(*p);
  CHECK(dp.type == "clc_proposal");
  auto pj = smc::wire::render_json(dp);
  CHECK(pj.find("\"seid\":\"EXAMPLE-SEID\"") != std::string::npos);
  CHECK(pj.find("\"ipv4_subnet\":\"10.0.0.0\"") != std::string::npos);
  CHECK(pj.find("\"mac\":\"00:00:00:00:00:00\"") != std::string::npos);
}
