// Decode errors name their kind, field and offset (wire-format.md §2.1 framing rules and
// the per-message limits of §2.2/§2.5/§2.6).
#include <doctest/doctest.h>

#include "protocol/clc/clc_message.h"
#include "tests/clc/clc_vectors.h"

using namespace smc::clc;
using smc::clc::test::load_vector;
using smc::wire::Bytes;
using smc::wire::DecodeError;
using smc::wire::DecodeErrorKind;

namespace {
DecodeError err(const Bytes& b) {
  auto r = decode_clc(b);
  REQUIRE_FALSE(r.ok());
  return r.error();
}
void put16(Bytes& b, std::size_t off, std::uint16_t v) {
  b[off] = static_cast<std::uint8_t>(v >> 8);
  b[off + 1] = static_cast<std::uint8_t>(v);
}
}  // namespace

TEST_CASE("header: eyecatcher, type, version nibble") {
  Bytes b = load_vector("decline_v1_28");
  b[1] = 0x00;
  auto e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadEyecatcher);
  CHECK(e.field == "eyecatcher");
  CHECK(e.offset == 0);

  b = load_vector("decline_v1_28");
  b[4] = 5;
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadType);
  CHECK(e.offset == 4);

  b = load_vector("accept_smcr_v1_fc_68");
  b[7] = 0x08;  // version 0, FC
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadVersion);
  CHECK(e.field == "version");
  CHECK(e.offset == 7);

  // A message decoder refuses another type (Linux: EPROTO unless it is a Decline).
  auto p = ClcProposal::decode(load_vector("decline_v1_28"));
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().kind == DecodeErrorKind::BadType);
  auto a = ClcAcceptConfirm::decode(load_vector("accept_smcr_v1_fc_68"), ClcType::Confirm);
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().kind == DecodeErrorKind::BadType);
}

TEST_CASE("short buffers are truncated, naming the missing field") {
  Bytes b = load_vector("accept_smcr_v1_fc_68");
  auto e = err(Bytes(b.begin(), b.begin() + 6));
  CHECK(e.kind == DecodeErrorKind::Truncated);
  CHECK(e.field == "length");
  CHECK(e.offset == 5);
  e = err(Bytes(b.begin(), b.begin() + 40));
  CHECK(e.kind == DecodeErrorKind::Truncated);
  CHECK(e.field == "qp_number");
  CHECK(e.offset == 38);
  e = err(Bytes(b.begin(), b.begin() + 66));
  CHECK(e.kind == DecodeErrorKind::Truncated);
  CHECK(e.field == "trailer");
  CHECK(e.offset == 64);
}

TEST_CASE("lengths: Decline 28/44, Accept v1 exact, v2 variant") {
  Bytes b = load_vector("decline_v2_44");
  b[6] = 28;  // version 2 Decline claiming 28
  auto e = err(Bytes(b.begin(), b.begin() + 28));
  CHECK(e.kind == DecodeErrorKind::BadLength);
  CHECK(e.field == "length");
  CHECK(e.offset == 5);

  b = load_vector("accept_smcd_v1_fc_48");
  b[6] = 68;
  b.resize(68, 0);
  CHECK(err(b).kind == DecodeErrorKind::BadLength);

  // SMC-D v2 first contact with a release-1 FCE but only the short length.
  b = load_vector("accept_smcd_v2_fc_rel0_114");
  b[75] = 0x21;
  CHECK(err(b).kind == DecodeErrorKind::BadLength);

  // One byte more than the length says: not one message.
  b = load_vector("decline_v1_28");
  b.push_back(0);
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadLength);
  CHECK(e.offset == 5);
}

TEST_CASE("trailer: checked for Proposal/Accept/Confirm, not for Decline (Linux)") {
  Bytes b = load_vector("proposal_v2_r_164");
  b[162] = 0;
  auto e = err(b);
  CHECK(e.kind == DecodeErrorKind::TrailerMismatch);
  CHECK(e.field == "trailer");
  CHECK(e.offset == 160);
  // Either eyecatcher is accepted in the trailer.
  b = load_vector("proposal_v2_r_164");
  b[163] = 0xc4;
  auto p = ClcProposal::decode(b);
  REQUIRE(p.ok());
  CHECK(p->trailer == Eyecatcher::Smcd);
  CHECK(p->encode() == b);

  b = load_vector("decline_v2_44");
  b[40] = 0;
  b[43] = 0x55;
  auto d = ClcDecline::decode(b);
  REQUIRE(d.ok());
  CHECK(d->encode() == b);
}

TEST_CASE("Proposal limits: IP-area offset, prefix count, EID/GID counts, v2 offsets") {
  Bytes b = load_vector("proposal_v1_r_52");
  put16(b, 38, 41);
  auto e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadOffset);
  CHECK(e.field == "ip_area_offset");
  CHECK(e.offset == 38);

  b = load_vector("proposal_v1_r_52");
  b[47] = 9;
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::CountOverLimit);
  CHECK(e.field == "ipv6_prefix_count");
  CHECK(e.offset == 47);

  b = load_vector("proposal_v2_r_164");
  b[88] = 9;
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::CountOverLimit);
  CHECK(e.field == "eid_count");
  CHECK(e.offset == 88);

  b = load_vector("proposal_v2_d_190");
  b[89] = 9;
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::CountOverLimit);
  CHECK(e.field == "ism_gid_count");
  CHECK(e.offset == 89);

  b = load_vector("proposal_v2_r_164");
  put16(b, 50, 173);
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadOffset);
  CHECK(e.field == "v2_extension_offset");
  CHECK(e.offset == 50);
  CHECK(e.detail.find("172") != std::string::npos);

  b = load_vector("proposal_v2_r_164");
  put16(b, 50, 0);  // typev2 offers SMC-Rv2 but no extension
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadOffset);
  CHECK(e.field == "v2_extension_offset");

  b = load_vector("proposal_v2_d_190");
  put16(b, 94, 289);
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadOffset);
  CHECK(e.field == "smcd_v2_extension_offset");
  CHECK(e.offset == 94);
  CHECK(e.detail.find("288") != std::string::npos);

  b = load_vector("proposal_v2_d_190");
  put16(b, 94, 0);
  CHECK(err(b).kind == DecodeErrorKind::BadOffset);

  // v1 with typev1 = none is invalid.
  b = load_vector("proposal_v1_r_52");
  b[7] = 0x12;
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::ReservedValue);
  CHECK(e.field == "typev1");

  // Exact length: one more IPv6 prefix announced than carried.
  b = load_vector("proposal_v1_r_52");
  b[47] = 1;
  e = err(b);
  CHECK(e.kind == DecodeErrorKind::BadLength);
  CHECK(e.field == "length");
  CHECK(e.offset == 5);
}

TEST_CASE("Accept path bits must be SMC-R or SMC-D") {
  Bytes b = load_vector("accept_smcr_v1_fc_68");
  b[7] = 0x1a;
  auto e = err(b);
  CHECK(e.kind == DecodeErrorKind::ReservedValue);
  CHECK(e.field == "smc_type");
  CHECK(e.offset == 7);
}

TEST_CASE("error messages read well") {
  Bytes b = load_vector("proposal_v1_r_52");
  b[47] = 9;
  CHECK(err(b).message() == "count over limit at offset 47 (ipv6_prefix_count): value 9 > 8");
}

TEST_CASE("clc_message_length frames a stream") {
  Bytes s = load_vector("proposal_v1_r_52");
  Bytes d = load_vector("decline_v1_28");
  s.insert(s.end(), d.begin(), d.end());
  CHECK(clc_message_length(s) == 52u);
  CHECK(clc_message_length(smc::wire::ByteView(s).subspan(52)) == 28u);
  CHECK_FALSE(clc_message_length(smc::wire::ByteView(s).first(7)).has_value());
}
