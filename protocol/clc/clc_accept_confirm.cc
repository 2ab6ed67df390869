#include "protocol/clc/clc_accept_confirm.h"

#include <string>

#include "protocol/clc/clc_field_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::clc {

namespace {

constexpr std::size_t kSmcrV2FceOffset = 104;
constexpr std::size_t kSmcdV2FceOffset = 74;
constexpr std::size_t kGidListOffset = kSmcrV2FceOffset + kFceLength;  // 156

std::size_t fce_length(bool smcd, const FirstContactExtension& fce) {
  // SMC-D v2.0 peers send the short (pre-v2.1) extension; SMC-R's was always 52 bytes.
  return smcd && fce.release == 0 ? kFceLengthSmcdV20 : kFceLength;
}

void encode_fce(wire::ByteWriter& w, const FirstContactExtension& f, std::size_t len) {
  w.u8(f.v2_direct ? 0x80 : 0x00);
  w.u8(static_cast<std::uint8_t>((f.os_type & 0x0f) << 4 | (f.release & 0x0f)));
  w.zeros(2);
  w.raw(f.host_name);
  if (len == kFceLengthSmcdV20) return;
  w.u8(f.max_conns);
  w.u8(f.max_links);
  w.u16be(f.feature_mask);
  w.u32be(f.vendor_options);
  w.zeros(8);
}

FirstContactExtension decode_fce(detail::ClcFieldReader& r, std::size_t at, bool smcd) {
  FirstContactExtension f;
  f.v2_direct = (r.u8(at, "fce_flags") & 0x80) != 0;
  std::uint8_t osr = r.u8(at + 1, "fce_os_release");
  f.os_type = static_cast<std::uint8_t>(osr >> 4);
  f.release = static_cast<std::uint8_t>(osr & 0x0f);
  f.host_name = r.bytes<32>(at + 4, "fce_host_name");
  if (fce_length(smcd, f) == kFceLengthSmcdV20) return f;
  f.max_conns = r.u8(at + 36, "fce_max_conns");
  f.max_links = r.u8(at + 37, "fce_max_links");
  f.feature_mask = r.u16(at + 38, "fce_feature_mask");
  f.vendor_options = r.u32(at + 40, "fce_vendor_options");
  return f;
}

}  // namespace

const char* to_string_os(std::uint8_t os_type) {
  switch (os_type) {
    case 0: return "not given";
    case 1: return "z/OS";
    case 2: return "Linux";
    case 3: return "AIX";
    case 15: return "unknown";
    default: return "reserved";
  }
}

std::size_t ClcAcceptConfirm::wire_length() const {
  const bool v2 = version >= kSmcV2;
  const bool smcd = is_smcd();
  std::size_t len = 0;
  if (!v2) return smcd ? kSmcdAcceptLengthV1 : kSmcrAcceptLengthV1;
  len = smcd ? kSmcdAcceptLengthV2 : kSmcrAcceptLengthV2;
  if (first_contact) {
    len += fce_length(smcd, fce.value_or(FirstContactExtension{}));
    if (!smcd && type == ClcType::Confirm) len += 4 + 16 * gid_list.size();
  }
  return len;
}

wire::Bytes ClcAcceptConfirm::encode() const {
  const bool v2 = version >= kSmcV2;
  const std::size_t len = wire_length();
  wire::ByteWriter w(len);
  const std::uint8_t low = static_cast<std::uint8_t>((first_contact ? 0x08 : 0x00) | (is_smcd() ? 1 : 0));
  encode_header(w, ClcHeader{eyecatcher, type, static_cast<std::uint16_t>(len), version, low});
  if (const auto* r = std::get_if<SmcrAcceptFields>(&path)) {
    w.raw(r->peer_id);
    w.raw(r->gid);
    w.raw(r->mac);
    w.u24be(r->qp_number & 0xffffff);
    w.u32be(r->rmb_rkey);
    w.u8(r->rmbe_index);
    w.u32be(r->rmbe_alert_token);
    w.u8(static_cast<std::uint8_t>((r->rmbe_size & 0x0f) << 4 | (r->qp_mtu & 0x0f)));
    w.u8(r->initial_rq_credits);
    w.u64be(r->rmb_address);
    w.zeros(1);
    w.u24be(r->initial_psn & 0xffffff);
    if (v2) {
      w.raw(eid.bytes);
      w.zeros(8);
    }
  } else {
    const auto& d = std::get<SmcdAcceptFields>(path);
    w.u64be(d.ism_gid);
    w.u64be(d.dmb_token);
    w.u8(d.dmbe_index);
    w.u8(static_cast<std::uint8_t>((d.dmbe_size & 0x0f) << 4));
    w.zeros(2);
    w.u32be(d.link_id);
    if (v2) {
      w.u16be(d.chid);
      w.raw(eid.bytes);
      w.u64be(d.extended_gid);
    } else {
      w.zeros(12);
    }
  }
  if (v2 && first_contact) {
    const auto f = fce.value_or(FirstContactExtension{});
    encode_fce(w, f, fce_length(is_smcd(), f));
    if (!is_smcd() && type == ClcType::Confirm) {
      w.u8(static_cast<std::uint8_t>(gid_list.size()));
      w.zeros(3);
      for (const auto& g : gid_list) w.raw(g);
    }
  }
  encode_trailer(w, trailer);
  return w.take();
}

wire::DecodeResult<ClcAcceptConfirm> ClcAcceptConfirm::decode(wire::ByteView msg, ClcType expected) {
  auto h = decode_header_of(msg, expected);
  if (!h) return Unexpected<wire::DecodeError>{h.error()};
  return decode(msg);
}

wire::DecodeResult<ClcAcceptConfirm> ClcAcceptConfirm::decode(wire::ByteView msg) {
  auto h = decode_header(msg);
  if (!h) return Unexpected<wire::DecodeError>{h.error()};
  if (h->type != ClcType::Accept && h->type != ClcType::Confirm)
    return wire::decode_error(wire::DecodeErrorKind::BadType, "type", 4,
                              std::string("expected Accept or Confirm, got ") + to_string(h->type));
  ClcAcceptConfirm m;
  m.type = h->type;
  m.eyecatcher = h->eyecatcher;
  m.version = h->version;
  m.first_contact = (h->low_nibble & 0x08) != 0;
  const std::uint8_t path_bits = h->low_nibble & 0x03;
  if (path_bits != 0 && path_bits != 1)
    return wire::decode_error(wire::DecodeErrorKind::ReservedValue, "smc_type", 7,
                              std::string("chosen path must be SMC-R or SMC-D, got ") +
                                  to_string(static_cast<SmcType>(path_bits)));
  const bool smcd = path_bits == 1;
  const bool v2 = m.version >= kSmcV2;

  // Linux: v1 lengths exact; v2 at least the base length. Before reading the body so a
  // wrong length is reported as such, not as the field it happens to cut.
  const std::size_t base = v2 ? (smcd ? kSmcdAcceptLengthV2 : kSmcrAcceptLengthV2)
                              : (smcd ? kSmcdAcceptLengthV1 : kSmcrAcceptLengthV1);
  if (v2 ? h->length < base : h->length != base)
    return wire::decode_error(wire::DecodeErrorKind::BadLength, "length", 5,
                              std::to_string(h->length) + (v2 ? " but needs at least " : " but must be ") +
                                  std::to_string(base));

  detail::ClcFieldReader r(msg, h->length);
  if (!smcd) {
    SmcrAcceptFields f;
    f.peer_id = r.bytes<8>(8, "peer_id");
    f.gid = r.bytes<16>(16, "gid");
    f.mac = r.bytes<6>(32, "mac");
    f.qp_number = r.u24(38, "qp_number");
    f.rmb_rkey = r.u32(41, "rmb_rkey");
    f.rmbe_index = r.u8(45, "rmbe_index");
    f.rmbe_alert_token = r.u32(46, "rmbe_alert_token");
    std::uint8_t sm = r.u8(50, "rmbe_size_qp_mtu");
    f.rmbe_size = static_cast<std::uint8_t>(sm >> 4);
    f.qp_mtu = static_cast<std::uint8_t>(sm & 0x0f);
    f.initial_rq_credits = r.u8(51, "initial_rq_credits");
    f.rmb_address = r.u64(52, "rmb_address");
    f.initial_psn = r.u24(61, "initial_psn");
    if (v2) m.eid.bytes = r.bytes<32>(64, "eid");
    m.path = f;
  } else {
    SmcdAcceptFields f;
    f.ism_gid = r.u64(8, "ism_gid");
    f.dmb_token = r.u64(16, "dmb_token");
    f.dmbe_index = r.u8(24, "dmbe_index");
    f.dmbe_size = static_cast<std::uint8_t>(r.u8(25, "dmbe_size") >> 4);
    f.link_id = r.u32(28, "link_id");
    if (v2) {
      f.chid = r.u16(32, "chid");
      m.eid.bytes = r.bytes<32>(34, "eid");
      f.extended_gid = r.u64(66, "extended_gid");
    }
    m.path = f;
  }
  if (v2 && m.first_contact) {
    m.fce = decode_fce(r, smcd ? kSmcdV2FceOffset : kSmcrV2FceOffset, smcd);
    if (!smcd && m.type == ClcType::Confirm) {
      std::uint8_t k = r.u8(kGidListOffset, "gid_count");
      for (std::size_t i = 0; i < k && r.ok(); ++i) m.gid_list.push_back(r.bytes<16>(kGidListOffset + 4 + 16 * i, "gid_list"));
    }
  }
  if (!r.ok()) return r.failure();
  // Stricter than Linux, which takes any v2 length >= the base and drains the excess:
  // bytes we do not model could not be re-encoded, so the variant's exact length rules.
  const std::size_t want = m.wire_length();
  if (h->length != want)
    return wire::decode_error(wire::DecodeErrorKind::BadLength, "length", 5,
                              std::to_string(h->length) + " but this variant is " + std::to_string(want));
  if (auto e = detail::check_frame(msg, h->length)) return Unexpected<wire::DecodeError>{*e};
  auto t = decode_trailer(msg, h->length);
  if (!t) return Unexpected<wire::DecodeError>{t.error()};
  m.trailer = *t;
  return m;
}

}  // namespace smc::clc
