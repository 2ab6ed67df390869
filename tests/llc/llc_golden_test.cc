// Golden vectors: wire-format.md §9 (derived), the real Linux 6.12 captures
// (/work/shared/captures/README.md) and hand-built vectors for every other type, written
// from the layout tables of §3. Expected values come from those documents.
#include <doctest/doctest.h>

#include "protocol/llc/llc_message.h"
#include "tests/llc/vector_file.h"

using namespace smc;
using namespace smc::llc;
using smc::test::load_vector;

namespace {

std::string vec(const char* name) { return std::string("tests/llc/vectors/") + name + ".hex"; }

template <typename T>
T decode_as(const wire::Bytes& b, const LlcCodecOptions& opt = {}) {
  auto m = decode_llc(b, opt);
  REQUIRE_MESSAGE(m.ok(), m.error().message());
  REQUIRE(std::holds_alternative<T>(*m));
  CHECK(encode_llc(*m, opt) == b);  // byte-exact re-encoding
  return std::get<T>(*m);
}

std::array<std::uint8_t, 16> v4mapped(std::uint8_t last) {
  return {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, last};
}

}  // namespace

TEST_CASE("spec §9: LLC Confirm Link request, v1, link 1") {
  auto m = decode_as<LlcConfirmLink>(load_vector(vec("spec_v1_confirm_link_request")));
  CHECK(m.version == LlcVersion::V1);
  CHECK_FALSE(m.response);
  CHECK(m.no_rmbe_eyecatcher);
  CHECK(m.sender_mac == std::array<std::uint8_t, 6>{0x02, 0, 0, 0, 0, 0x02});
  CHECK(format_gid(m.sender_gid.data()) == "fe80::ff:fe00:2");
  CHECK(m.sender_qp_num == 0x0000a1);
  CHECK(m.link_num == 1);
  CHECK(m.link_uid == 0x00000101);
  CHECK(m.max_links == 2);
  CHECK(m.max_conns == 0);
}

TEST_CASE("spec §9: LLC Delete Link request, orderly, link 2, lost path") {
  auto m = decode_as<LlcDeleteLink>(load_vector(vec("spec_v1_delete_link_orderly_lost_path")));
  CHECK(m.version == LlcVersion::V1);
  CHECK(m.orderly);
  CHECK_FALSE(m.all);
  CHECK_FALSE(m.response);
  CHECK(m.link_num == 2);
  CHECK(m.reason == DeleteLinkReason::LostPath);
  CHECK(to_hex(m.reason) == "0x00010000");
}

TEST_CASE("spec §9: LLC Test Link response") {
  auto m = decode_as<LlcTestLink>(load_vector(vec("spec_v1_test_link_response")));
  CHECK(m.response);
  for (std::size_t i = 0; i < 16; ++i) CHECK(m.user_data[i] == i);
}

TEST_CASE("capture: v2 Confirm Link request and response on links 1 and 2") {
  auto req1 = decode_as<LlcConfirmLink>(load_vector(vec("v2_confirm_link_request_link1")));
  CHECK(req1.version == LlcVersion::V2);
  CHECK_FALSE(req1.response);
  CHECK(req1.no_rmbe_eyecatcher);
  CHECK(format_mac(req1.sender_mac.data()) == "52:19:98:f2:36:26");
  CHECK(req1.sender_gid == v4mapped(2));
  CHECK(req1.sender_qp_num == 0x11);
  CHECK(req1.link_num == 1);
  CHECK(req1.link_uid == 0x00000101);
  CHECK(req1.max_links == 2);
  CHECK(req1.max_conns == 255);

  auto rsp1 = decode_as<LlcConfirmLink>(load_vector(vec("v2_confirm_link_response_link1")));
  CHECK(rsp1.response);
  CHECK(rsp1.no_rmbe_eyecatcher);  // 0x83: Linux sets the bits in the response too
  CHECK(rsp1.link_uid == 0x00000201);
  CHECK(rsp1.sender_gid == v4mapped(1));

  auto req2 = decode_as<LlcConfirmLink>(load_vector(vec("v2_confirm_link_request_link2")));
  CHECK(req2.link_num == 2);
  CHECK(req2.sender_qp_num == 0x12);
  CHECK(req2.link_uid == 0x00000102);
  auto rsp2 = decode_as<LlcConfirmLink>(load_vector(vec("v2_confirm_link_response_link2")));
  CHECK(rsp2.link_uid == 0x00000202);
}

TEST_CASE("capture: v2 Add Link request and response, 88 bytes, LE length and rkey count") {
  auto b = load_vector(vec("v2_add_link_request"));
  REQUIRE(b.size() == 88);
  CHECK(b[1] == 0x58);  // little-endian length low byte where v1 has its length
  auto m = decode_as<LlcAddLink>(b);
  CHECK(m.version == LlcVersion::V2);
  CHECK_FALSE(m.response);
  CHECK_FALSE(m.reject);
  CHECK(format_mac(m.sender_mac.data()) == "d6:72:41:86:3a:62");
  CHECK(m.sender_gid == v4mapped(1));
  CHECK(m.sender_qp_num == 0x12);
  CHECK(m.link_num == 2);
  CHECK(m.qp_mtu == 3);
  CHECK(m.initial_psn == 0x6abf06);
  REQUIRE(m.v2_extension.has_value());
  CHECK(m.v2_extension->v2_direct);
  CHECK(m.v2_extension->client_target_gid == v4mapped(1));
  REQUIRE(m.v2_extension->rkeys.size() == 1);
  CHECK(m.v2_extension->rkeys[0] == LlcRkeyPair{0x3f1, 0x586, 0xff20a170c4870000ULL});

  auto r = decode_as<LlcAddLink>(load_vector(vec("v2_add_link_response")));
  CHECK(r.response);
  CHECK(r.sender_qp_num == 0x12);
  CHECK(r.initial_psn == 0xa65f99);
  REQUIRE(r.v2_extension.has_value());
  REQUIRE(r.v2_extension->rkeys.size() == 1);
  CHECK(r.v2_extension->rkeys[0] == LlcRkeyPair{0x3b0, 0x5f6, 0xff20a170c4c40000ULL});
}

TEST_CASE("capture: v2 Confirm RKey request echoed as response") {
  auto q = decode_as<LlcConfirmRkey>(load_vector(vec("v2_confirm_rkey_request")));
  CHECK(q.version == LlcVersion::V2);
  CHECK_FALSE(q.response);
  CHECK(q.rkey == 0x3f1);
  CHECK(q.rmb_vaddr == 0xff20a170c4870000ULL);
  REQUIRE(q.entries.size() == 1);
  CHECK(q.entries[0] == LlcRtoken{2, 0x586, 0xff20a170c4870000ULL});
  auto r = decode_as<LlcConfirmRkey>(load_vector(vec("v2_confirm_rkey_response")));
  CHECK(r.response);
  CHECK_FALSE(r.negative);
  CHECK(r.entries == q.entries);
}

TEST_CASE("capture: v2 Delete RKey request and response") {
  auto q = decode_as<LlcDeleteRkey>(load_vector(vec("v2_delete_rkey_request")));
  CHECK(q.version == LlcVersion::V2);
  CHECK(q.num_rkeys == 1);
  CHECK(q.error_mask == 0);
  REQUIRE(q.rkeys.size() == 1);
  CHECK(q.rkeys[0] == 0x3f1);
  auto r = decode_as<LlcDeleteRkey>(load_vector(vec("v2_delete_rkey_response")));
  CHECK(r.response);
  CHECK(r.num_rkeys == 1);  // the count stays, the list is zeroed
  CHECK(r.v2_unknown_count() == 0);
  REQUIRE(r.rkeys.size() == 1);
  CHECK(r.rkeys[0] == 0);
}

TEST_CASE("capture: v2 Test Link request and response") {
  auto q = decode_as<LlcTestLink>(load_vector(vec("v2_test_link_request")));
  CHECK(q.version == LlcVersion::V2);
  CHECK_FALSE(q.response);
  CHECK(q.user_data == std::array<std::uint8_t, 16>{});
  auto r = decode_as<LlcTestLink>(load_vector(vec("v2_test_link_response")));
  CHECK(r.response);
}

TEST_CASE("capture: v2 Delete Link (all) from server 0x60 and client 0x40") {
  auto s = decode_as<LlcDeleteLink>(load_vector(vec("v2_delete_link_all_orderly_server")));
  CHECK(s.version == LlcVersion::V2);
  CHECK(s.all);
  CHECK(s.orderly);
  CHECK_FALSE(s.response);
  CHECK(s.link_num == 0);
  CHECK(s.reason == DeleteLinkReason::ProgramInitiated);
  auto c = decode_as<LlcDeleteLink>(load_vector(vec("v2_delete_link_all_client")));
  CHECK(c.all);
  CHECK_FALSE(c.orderly);
  CHECK_FALSE(c.response);
  CHECK(c.reason == DeleteLinkReason::ProgramInitiated);
}

TEST_CASE("own: v1 Add Link request, reject and continuation") {
  auto a = decode_as<LlcAddLink>(load_vector(vec("own_v1_add_link_request")));
  CHECK(a.version == LlcVersion::V1);
  CHECK(format_gid(a.sender_gid.data()) == "fe80::ff:fe00:2");
  CHECK(a.sender_qp_num == 0xc3);
  CHECK(a.link_num == 2);
  CHECK(a.qp_mtu == 3);
  CHECK(a.initial_psn == 0x123456);
  CHECK_FALSE(a.v2_extension.has_value());

  auto rej = decode_as<LlcAddLink>(load_vector(vec("own_v1_add_link_reject")));
  CHECK(rej.response);
  CHECK(rej.reject);
  CHECK(rej.reject_reason == static_cast<std::uint8_t>(AddLinkRejectReason::NoAlternatePath));

  auto c = decode_as<LlcAddLinkContinuation>(load_vector(vec("own_v1_add_link_continuation")));
  CHECK(c.link_num == 2);
  CHECK(c.num_rkeys == 2);
  REQUIRE(c.rkeys.size() == 2);
  CHECK(c.rkeys[0] == LlcRkeyPair{0x101, 0x201, 0x10000000});
  CHECK(c.rkeys[1] == LlcRkeyPair{0x102, 0x202, 0x20000000});
}

TEST_CASE("own: v2 Request Add Link (60 bytes) and its response") {
  auto q = decode_as<LlcRequestAddLink>(load_vector(vec("own_v2_request_add_link")));
  CHECK_FALSE(q.response);
  REQUIRE(q.gids.size() == 2);
  CHECK(q.gids[0] == v4mapped(1));
  CHECK(q.gids[1] == v4mapped(2));
  CHECK(q.wire_length() == 60);
  auto r = decode_as<LlcRequestAddLink>(load_vector(vec("own_v2_request_add_link_response")));
  CHECK(r.response);
  CHECK(r.gids.empty());
}

TEST_CASE("own: v1 Confirm RKey with two entries, negative response, continuation") {
  auto q = decode_as<LlcConfirmRkey>(load_vector(vec("own_v1_confirm_rkey_3links")));
  CHECK(q.rkey == 0x1111);
  CHECK(q.rmb_vaddr == 0xaaaa0000);
  REQUIRE(q.entries.size() == 2);
  CHECK(q.entries[0] == LlcRtoken{2, 0x2222, 0xbbbb0000});
  CHECK(q.entries[1] == LlcRtoken{3, 0x3333, 0xcccc0000});
  auto n = decode_as<LlcConfirmRkey>(load_vector(vec("own_v1_confirm_rkey_negative")));
  CHECK(n.response);
  CHECK(n.negative);
  CHECK(n.retry);
  auto c = decode_as<LlcConfirmRkeyContinuation>(load_vector(vec("own_v1_confirm_rkey_continuation")));
  CHECK(c.num_rkeys == 1);
  REQUIRE(c.entries.size() == 1);
  CHECK(c.entries[0] == LlcRtoken{3, 0x4444, 0xdddd0000});
}

TEST_CASE("own: Delete RKey v1 mask semantics, v2 count semantics, v2 beyond 44 bytes") {
  auto q = decode_as<LlcDeleteRkey>(load_vector(vec("own_v1_delete_rkey_request")));
  CHECK(q.rkeys == std::vector<std::uint32_t>{0x101, 0x202, 0x303});
  auto n = decode_as<LlcDeleteRkey>(load_vector(vec("own_v1_delete_rkey_negative")));
  CHECK(n.negative);
  CHECK_FALSE(n.v1_rkey_unknown(0));
  CHECK(n.v1_rkey_unknown(1));
  CHECK_FALSE(n.v1_rkey_unknown(2));
  auto big = load_vector(vec("own_v2_delete_rkey_10"));
  REQUIRE(big.size() == 48);
  auto m = decode_as<LlcDeleteRkey>(big);
  CHECK(m.num_rkeys == 10);
  REQUIRE(m.rkeys.size() == 10);
  for (std::uint32_t i = 0; i < 10; ++i) CHECK(m.rkeys[i] == i + 1);
  auto v2n = decode_as<LlcDeleteRkey>(load_vector(vec("own_v2_delete_rkey_negative")));
  CHECK(v2n.negative);
  CHECK(v2n.v2_unknown_count() == 1);
}

TEST_CASE("own: Delete Link response reason names") {
  auto m = decode_as<LlcDeleteLink>(load_vector(vec("own_v1_delete_link_response")));
  CHECK(m.response);
  CHECK(m.link_num == 3);
  CHECK(m.reason == DeleteLinkReason::UnknownLinkId);
  CHECK(std::string(to_string(m.reason)) == "unknown link ID");
  CHECK(std::string(to_string(static_cast<DeleteLinkReason>(0x12345678))) == "unknown reason");
}

TEST_CASE("own: Anolis Announce Credits only with anolis extensions") {
  auto b = load_vector(vec("own_v1_announce_credits"));
  auto plain = decode_llc(b);
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().kind == wire::DecodeErrorKind::BadType);
  auto m = decode_as<LlcAnnounceCredits>(b, LlcCodecOptions{LlcByteOrder::Little, true});
  CHECK(m.credits == 16);
}

TEST_CASE("s390 byte order: big-endian v2 length and rkey count") {
  const LlcCodecOptions be{LlcByteOrder::Big, false};
  auto cl_be = load_vector(vec("own_v2_confirm_link_big_endian"));
  auto cl = decode_as<LlcConfirmLink>(cl_be, be);
  auto cl_le = decode_as<LlcConfirmLink>(load_vector(vec("v2_confirm_link_request_link1")));
  CHECK(cl == cl_le);
  // Read as x86 would: 0x2c00 = 11264 bytes claimed in a 44-byte receive.
  auto wrong = decode_llc(cl_be);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().kind == wire::DecodeErrorKind::BadLength);
  CHECK(wrong.error().offset == 1);

  auto al = decode_as<LlcAddLink>(load_vector(vec("own_v2_add_link_big_endian")), be);
  auto al_le = decode_as<LlcAddLink>(load_vector(vec("v2_add_link_request")));
  CHECK(al == al_le);
}

TEST_CASE("describe: type keys and snake_case fields") {
  auto m = decode_llc(load_vector(vec("v2_delete_link_all_orderly_server")));
  REQUIRE(m.ok());
  auto d = describe(*m);
  CHECK(d.type == "llc_delete_link");
  CHECK(d.length == 44);
  auto find = [&d](const std::string& n) -> const wire::Field* {
    for (const auto& f : d.fields)
      if (f.name == n) return &f;
    return nullptr;
  };
  REQUIRE(find("reason"));
  CHECK(find("reason")->value == "0x00030000");
  CHECK(find("reason")->meaning == "program-initiated termination");
  REQUIRE(find("flags"));
  CHECK(find("flags")->value == "0x60");
  CHECK(find("flags")->meaning == "all, orderly");
  CHECK(find("type")->value == "0x24");

  auto cl = decode_llc(load_vector(vec("v2_confirm_link_request_link1")));
  REQUIRE(cl.ok());
  auto dc = describe(*cl);
  CHECK(dc.type == "llc_confirm_link");
  bool saw_gid = false;
  for (const auto& f : dc.fields)
    if (f.name == "sender_gid") saw_gid = f.value == "::ffff:10.0.0.2";
  CHECK(saw_gid);
  auto al = decode_llc(load_vector(vec("v2_add_link_request")));
  REQUIRE(al.ok());
  CHECK(describe(*al).type == "llc_add_link");
  CHECK(describe(*al).length == 88);
}
