#include "protocol/clc/clc_proposal.h"

#include <string>

#include "protocol/clc/clc_field_reader.h"
#include "protocol/wire/byte_writer.h"

namespace smc::clc {

namespace {
// Offsets on the wire count from the end of the offset field itself.
constexpr std::size_t kIpAreaBase = 40;      // after the field at 38
constexpr std::size_t kV2ExtBase = 52;       // after the field at 50
constexpr std::size_t kSmcdV2ExtRelBase = 8;  // after the field at v2 ext +6

std::string num(std::size_t v) { return std::to_string(v); }
}  // namespace

AlibabaVendorOptions alibaba_options(const std::array<std::uint8_t, 5>& vendor_options) {
  const std::uint8_t b = vendor_options[1];
  return {(b & 0x80) != 0, (b & 0x40) != 0, (b & 0x20) != 0};
}

std::uint16_t ClcProposal::v2_extension_offset() const {
  if (!has_v2_extension()) return 0;
  // Directly after the prefix area, or after the SMC-D area when there is none.
  return static_cast<std::uint16_t>(kSmcdAreaLength - 12 + (has_prefix_area() ? prefix.wire_length() : 0));
}

std::uint16_t ClcProposal::smcd_v2_extension_offset() const {
  if (!has_smcd_v2_extension()) return 0;
  return static_cast<std::uint16_t>(kV2ExtensionFixedLength - kSmcdV2ExtRelBase + kEidLength * v2_ext.eids.size());
}

std::uint16_t ClcProposal::linux_ip_area_offset() const {
  if (version >= kSmcV2 && typev1 == SmcType::None) return 0;
  return kMaxIpAreaOffset;
}

std::size_t ClcProposal::wire_length() const {
  std::size_t len = kProposalFixedLength;
  // v1: the IP-area offset is the size of whatever precedes the prefix area.
  len += version >= kSmcV2 ? kSmcdAreaLength : ip_area_offset;
  if (has_prefix_area()) len += prefix.wire_length();
  if (has_v2_extension()) len += kV2ExtensionFixedLength + kEidLength * v2_ext.eids.size();
  if (has_smcd_v2_extension()) len += kSmcdV2ExtensionFixedLength + kGidChidEntryLength * smcd_v2_ext.gid_chids.size();
  return len + kClcTrailerLength;
}

wire::Bytes ClcProposal::encode() const {
  const std::size_t len = wire_length();
  wire::ByteWriter w(len);
  const std::uint8_t t2 = version >= kSmcV2 ? static_cast<std::uint8_t>(typev2) : 0;
  encode_header(w, ClcHeader{eyecatcher, ClcType::Proposal, static_cast<std::uint16_t>(len), version,
                             static_cast<std::uint8_t>(t2 << 2 | static_cast<std::uint8_t>(typev1))});
  w.raw(peer_id);
  w.raw(gid);
  w.raw(mac);
  w.u16be(ip_area_offset);
  if (has_smcd_area()) {
    w.u64be(smcd_area.ism_gid);
    w.u16be(smcd_area.ism_chid);
    w.u16be(v2_extension_offset());
    w.u24be(smcd_area.vendor_oui & 0xffffff);
    w.raw(smcd_area.vendor_options);
    w.zeros(20);
  } else {
    w.zeros(ip_area_offset);
  }
  if (has_prefix_area()) {
    w.u32be(prefix.ipv4_subnet);
    w.u8(prefix.ipv4_prefix_len);
    w.zeros(2);
    w.u8(static_cast<std::uint8_t>(prefix.ipv6_prefixes.size()));
    for (const auto& p : prefix.ipv6_prefixes) {
      w.raw(p.prefix);
      w.u8(p.prefix_len);
    }
  }
  if (has_v2_extension()) {
    w.u8(static_cast<std::uint8_t>(v2_ext.eids.size()));
    w.u8(static_cast<std::uint8_t>(has_smcd_v2_extension() ? smcd_v2_ext.gid_chids.size() : 0));
    w.zeros(1);
    w.u8(static_cast<std::uint8_t>((v2_ext.release & 0x0f) << 4 | (v2_ext.seid_indicator ? 1 : 0)));
    w.zeros(2);
    w.u16be(smcd_v2_extension_offset());
    w.raw(v2_ext.roce_v2_gid);
    w.u8(v2_ext.max_conns);
    w.u8(v2_ext.max_links);
    w.u16be(v2_ext.feature_mask);
    w.zeros(12);
    for (const auto& e : v2_ext.eids) w.raw(e.bytes);
  }
  if (has_smcd_v2_extension()) {
    w.raw(smcd_v2_ext.seid.bytes);
    w.zeros(16);
    for (const auto& g : smcd_v2_ext.gid_chids) {
      w.u64be(g.gid);
      w.u16be(g.chid);
    }
  }
  encode_trailer(w, trailer);
  return w.take();
}

wire::DecodeResult<ClcProposal> ClcProposal::decode(wire::ByteView msg) {
  using wire::DecodeErrorKind;
  auto h = decode_header_of(msg, ClcType::Proposal);
  if (!h) return Unexpected<wire::DecodeError>{h.error()};

  ClcProposal p;
  p.eyecatcher = h->eyecatcher;
  p.version = h->version;
  p.typev1 = static_cast<SmcType>(h->low_nibble & 0x03);
  p.typev2 = p.version >= kSmcV2 ? static_cast<SmcType>(h->low_nibble >> 2) : SmcType::None;
  if (p.version < kSmcV2 && p.typev1 == SmcType::None)
    return wire::decode_error(DecodeErrorKind::ReservedValue, "typev1", 7, "a v1 Proposal must offer a path");

  detail::ClcFieldReader r(msg, h->length);
  p.peer_id = r.bytes<8>(8, "peer_id");
  p.gid = r.bytes<16>(16, "gid");
  p.mac = r.bytes<6>(32, "mac");
  p.ip_area_offset = r.u16(38, "ip_area_offset");
  if (!r.ok()) return r.failure();
  if (p.ip_area_offset > kMaxIpAreaOffset)
    return wire::decode_error(DecodeErrorKind::BadOffset, "ip_area_offset", 38,
                              num(p.ip_area_offset) + " > " + num(kMaxIpAreaOffset) + " (Linux: invalid)");

  std::uint16_t v2_off = 0;
  if (p.has_smcd_area()) {
    p.smcd_area.ism_gid = r.u64(40, "ism_gid");
    p.smcd_area.ism_chid = r.u16(48, "ism_chid");
    v2_off = r.u16(50, "v2_extension_offset");
    p.smcd_area.vendor_oui = r.u24(52, "vendor_oui");
    p.smcd_area.vendor_options = r.bytes<5>(55, "vendor_options");
  }

  // Linux reads the IPv6 prefix count even without a prefix area (v2, typev1 none: it
  // lands on byte 47, the ISM GID's last byte, and a value > 8 makes Linux refuse the
  // Proposal). We do not copy that quirk: an absent area has no count.
  if (p.has_prefix_area()) {
    // Linux would read a v2 prefix area at 40 + offset even inside the SMC-D area; such a
    // message cannot be represented, so v2 needs the SMC-D area before its prefixes.
    if (p.version >= kSmcV2 && p.ip_area_offset != kSmcdAreaLength)
      return wire::decode_error(DecodeErrorKind::BadOffset, "ip_area_offset", 38,
                                num(p.ip_area_offset) + ": a v2 prefix area must follow the SMC-D area (40)");
    const std::size_t at = kIpAreaBase + p.ip_area_offset;
    p.prefix.ipv4_subnet = r.u32(at, "ipv4_subnet");
    p.prefix.ipv4_prefix_len = r.u8(at + 4, "ipv4_prefix_len");
    const std::uint8_t n = r.u8(at + 7, "ipv6_prefix_count");
    if (!r.ok()) return r.failure();
    if (n > kMaxIpv6Prefixes)
      return wire::decode_error(DecodeErrorKind::CountOverLimit, "ipv6_prefix_count", at + 7,
                                "value " + num(n) + " > " + num(kMaxIpv6Prefixes));
    for (std::size_t i = 0; i < n && r.ok(); ++i) {
      const std::size_t e = at + kIpPrefixAreaFixedLength + kIpv6PrefixEntryLength * i;
      Ipv6Prefix pf;
      pf.prefix = r.bytes<16>(e, "ipv6_prefix");
      pf.prefix_len = r.u8(e + 16, "ipv6_prefix_len");
      p.prefix.ipv6_prefixes.push_back(pf);
    }
  }
  if (!r.ok()) return r.failure();

  if (p.has_v2_extension()) {
    if (v2_off == 0)
      return wire::decode_error(DecodeErrorKind::BadOffset, "v2_extension_offset", 50,
                                "typev2 offers a v2 path but there is no v2 extension");
    if (v2_off > kMaxV2ExtensionOffset)
      return wire::decode_error(DecodeErrorKind::BadOffset, "v2_extension_offset", 50,
                                num(v2_off) + " > " + num(kMaxV2ExtensionOffset) + " (Linux limit)");
    // With the exact total length Linux demands, any other placement overlaps an area
    // or the trailer; we refuse those instead of guessing which bytes count.
    if (v2_off != p.v2_extension_offset())
      return wire::decode_error(DecodeErrorKind::BadOffset, "v2_extension_offset", 50,
                                num(v2_off) + " but the preceding areas end at offset " + num(p.v2_extension_offset()));
    const std::size_t at = kV2ExtBase + v2_off;
    const std::uint8_t e = r.u8(at, "eid_count");
    const std::uint8_t g = r.u8(at + 1, "ism_gid_count");
    const std::uint8_t flags = r.u8(at + 3, "v2_flags");
    const std::uint16_t d_off = r.u16(at + 6, "smcd_v2_extension_offset");
    p.v2_ext.roce_v2_gid = r.bytes<16>(at + 8, "roce_v2_gid");
    p.v2_ext.max_conns = r.u8(at + 24, "max_conns");
    p.v2_ext.max_links = r.u8(at + 25, "max_links");
    p.v2_ext.feature_mask = r.u16(at + 26, "feature_mask");
    if (!r.ok()) return r.failure();
    p.v2_ext.release = static_cast<std::uint8_t>(flags >> 4);
    p.v2_ext.seid_indicator = (flags & 0x01) != 0;
    if (e > kMaxEids)
      return wire::decode_error(DecodeErrorKind::CountOverLimit, "eid_count", at, "value " + num(e) + " > " + num(kMaxEids));
    if (has_smcd(p.typev2) && g > kMaxIsmGids)
      return wire::decode_error(DecodeErrorKind::CountOverLimit, "ism_gid_count", at + 1,
                                "value " + num(g) + " > " + num(kMaxIsmGids));
    for (std::size_t i = 0; i < e && r.ok(); ++i)
      p.v2_ext.eids.push_back(Eid{r.bytes<32>(at + kV2ExtensionFixedLength + kEidLength * i, "eid")});
    if (!r.ok()) return r.failure();

    if (has_smcd(p.typev2)) {
      const std::size_t off_at = at + 6;
      if (d_off == 0)
        return wire::decode_error(DecodeErrorKind::BadOffset, "smcd_v2_extension_offset", off_at,
                                  "SMC-Dv2 offered without an SMC-Dv2 extension (Linux >= 6.13: EPROTO)");
      if (d_off > kMaxSmcdV2ExtensionOffset)
        return wire::decode_error(DecodeErrorKind::BadOffset, "smcd_v2_extension_offset", off_at,
                                  num(d_off) + " > " + num(kMaxSmcdV2ExtensionOffset) + " (Linux limit)");
      if (d_off != p.smcd_v2_extension_offset())
        return wire::decode_error(DecodeErrorKind::BadOffset, "smcd_v2_extension_offset", off_at,
                                  num(d_off) + " but the EIDs end at relative offset " + num(p.smcd_v2_extension_offset()));
      const std::size_t dat = at + kSmcdV2ExtRelBase + d_off;
      p.smcd_v2_ext.seid.bytes = r.bytes<32>(dat, "seid");
      for (std::size_t i = 0; i < g && r.ok(); ++i) {
        const std::size_t ent = dat + kSmcdV2ExtensionFixedLength + kGidChidEntryLength * i;
        IsmGidChid gc;
        gc.gid = r.u64(ent, "ism_gid_entry");
        gc.chid = r.u16(ent + 8, "ism_chid_entry");
        p.smcd_v2_ext.gid_chids.push_back(gc);
      }
      if (!r.ok()) return r.failure();
    }
  }

  const std::size_t want = p.wire_length();
  if (h->length != want)
    return wire::decode_error(DecodeErrorKind::BadLength, "length", 5,
                              num(h->length) + " but the announced areas need " + num(want) + " (Linux: exact)");
  if (auto err = detail::check_frame(msg, h->length)) return Unexpected<wire::DecodeError>{*err};
  auto t = decode_trailer(msg, h->length);
  if (!t) return Unexpected<wire::DecodeError>{t.error()};
  p.trailer = *t;
  return p;
}

}  // namespace smc::clc
