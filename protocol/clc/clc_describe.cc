// describe(): a decoded CLC message as a field tree (clc_message.h). Every field of the
// layout appears, reserved bytes excepted, so tests can compare any of them with tshark.
#include <fmt/core.h>

#include <string>

#include "protocol/clc/clc_message.h"

namespace smc::clc {

namespace {

using wire::Field;
using wire::group_field;
using wire::hex_field;
using wire::num_field;
using wire::text_field;

std::string hex_bytes(const std::uint8_t* p, std::size_t n) {
  std::string s = "0x";
  for (std::size_t i = 0; i < n; ++i) s += fmt::format("{:02x}", p[i]);
  return s;
}

std::string mac_text(const Mac& m) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", m[0], m[1], m[2], m[3], m[4], m[5]);
}

// RFC 5952 text: longest run (>= 2) of zero groups as "::", lower-case hex.
std::string ipv6_text(const Gid& g) {
  std::uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<std::uint16_t>(g[2 * i] << 8 | g[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[i] != 0) { ++i; continue; }
    int j = i;
    while (j < 8 && w[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) { best = i; best_len = j - i; }
    i = j;
  }
  // ::ffff:a.b.c.d, as tools print RoCEv2 GIDs of IPv4 addresses.
  if (best == 0 && best_len == 5 && w[5] == 0xffff)
    return fmt::format("::ffff:{}.{}.{}.{}", g[12], g[13], g[14], g[15]);
  std::string s;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      s += "::";
      i += best_len - 1;
      continue;
    }
    if (!s.empty() && s.back() != ':') s += ':';
    s += fmt::format("{:x}", w[i]);
  }
  return s;
}

std::string ipv4_text(std::uint32_t a) {
  return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

std::string size_text(std::uint8_t c) {
  std::uint64_t bytes = std::uint64_t{16384} << c;
  if (bytes >= (1u << 20)) return fmt::format("{} MiB", bytes >> 20);
  return fmt::format("{} KiB", bytes >> 10);
}

const char* mtu_text(std::uint8_t m) {
  switch (m) {
    case 1: return "256";
    case 2: return "512";
    case 3: return "1024";
    case 4: return "2048";
    case 5: return "4096";
    default: return "reserved";
  }
}

Field flag_field(std::string name, bool v) { return num_field(std::move(name), v ? 1 : 0, v ? "set" : "not set"); }

Field text32(std::string name, const PaddedText32& t) { return text_field(std::move(name), unpadded(t)); }

void header_fields(wire::FieldList& f, Eyecatcher e, ClcType t, std::size_t len, std::uint8_t version) {
  f.push_back(hex_field("eyecatcher", static_cast<std::uint32_t>(e), 8, to_string(e)));
  f.push_back(num_field("type", static_cast<std::uint8_t>(t), to_string(t)));
  f.push_back(num_field("length", len));
  f.push_back(num_field("version", version));
}

Field fce_field(const FirstContactExtension& x, bool short_form) {
  wire::FieldList c;
  c.push_back(flag_field("v2_direct", x.v2_direct));
  c.push_back(num_field("os_type", x.os_type, to_string_os(x.os_type)));
  c.push_back(num_field("release", x.release, x.release == 0 ? "v2.0" : x.release == 1 ? "v2.1" : "later"));
  c.push_back(text32("host_name", x.host_name));
  if (!short_form) {
    c.push_back(num_field("max_conns", x.max_conns));
    c.push_back(num_field("max_links", x.max_links));
    c.push_back(hex_field("feature_mask", x.feature_mask, 4, x.feature_mask & kFeatureEmulatedIsm ? "emulated ISM" : ""));
    c.push_back(hex_field("vendor_options", x.vendor_options, 8));
  }
  return group_field("first_contact_extension", std::move(c));
}

}  // namespace

wire::MessageDescription describe(const ClcProposal& m) {
  wire::MessageDescription d;
  d.type = "clc_proposal";
  d.length = m.wire_length();
  d.title = fmt::format("CLC Proposal v{} (typev1 {}, typev2 {})", m.version, to_string(m.typev1),
                        m.version >= kSmcV2 ? to_string(m.typev2) : "-");
  auto& f = d.fields;
  header_fields(f, m.eyecatcher, ClcType::Proposal, d.length, m.version);
  if (m.version >= kSmcV2) f.push_back(num_field("typev2", static_cast<std::uint8_t>(m.typev2), to_string(m.typev2)));
  f.push_back(num_field("typev1", static_cast<std::uint8_t>(m.typev1), to_string(m.typev1)));
  f.push_back(text_field("peer_id", hex_bytes(m.peer_id.data(), m.peer_id.size())));
  f.push_back(text_field("gid", ipv6_text(m.gid)));
  f.push_back(text_field("mac", mac_text(m.mac)));
  f.push_back(num_field("ip_area_offset", m.ip_area_offset));
  if (m.has_smcd_area()) {
    const auto& s = m.smcd_area;
    auto ali = alibaba_options(s.vendor_options);
    std::string opt_meaning;
    if (ali.valid)
      opt_meaning = fmt::format("Alibaba: valid{}{}", ali.credits ? ", credits" : "", ali.rdma_write_with_imm ? ", rwwi" : "");
    f.push_back(group_field("smcd_area",
                            {hex_field("ism_gid", s.ism_gid, 16), hex_field("ism_chid", s.ism_chid, 4),
                             num_field("v2_extension_offset", m.v2_extension_offset()),
                             hex_field("vendor_oui", s.vendor_oui, 6),
                             text_field("vendor_options", hex_bytes(s.vendor_options.data(), 5), opt_meaning)}));
  }
  if (m.has_prefix_area()) {
    wire::FieldList c{text_field("ipv4_subnet", ipv4_text(m.prefix.ipv4_subnet)),
                      num_field("ipv4_prefix_len", m.prefix.ipv4_prefix_len),
                      num_field("ipv6_prefix_count", m.prefix.ipv6_prefixes.size())};
    wire::FieldList list;
    for (const auto& p : m.prefix.ipv6_prefixes) list.push_back(text_field("", fmt::format("{}/{}", ipv6_text(p.prefix), p.prefix_len)));
    if (!list.empty()) c.push_back(group_field("ipv6_prefixes", std::move(list)));
    f.push_back(group_field("ip_prefix_area", std::move(c)));
  }
  if (m.has_v2_extension()) {
    const auto& v = m.v2_ext;
    wire::FieldList c{num_field("eid_count", v.eids.size()),
                      num_field("ism_gid_count", m.has_smcd_v2_extension() ? m.smcd_v2_ext.gid_chids.size() : 0),
                      num_field("release", v.release, v.release == 0 ? "v2.0" : v.release == 1 ? "v2.1" : "later"),
                      flag_field("seid_indicator", v.seid_indicator),
                      num_field("smcd_v2_extension_offset", m.smcd_v2_extension_offset()),
                      text_field("roce_v2_gid", ipv6_text(v.roce_v2_gid)),
                      num_field("max_conns", v.max_conns),
                      num_field("max_links", v.max_links),
                      hex_field("feature_mask", v.feature_mask, 4, v.feature_mask & kFeatureEmulatedIsm ? "emulated ISM" : "")};
    wire::FieldList eids;
    for (const auto& e : v.eids) eids.push_back(text_field("", e.text(), is_valid_eid(e) ? "" : "invalid EID"));
    if (!eids.empty()) c.push_back(group_field("eids", std::move(eids)));
    f.push_back(group_field("v2_extension", std::move(c)));
  }
  if (m.has_smcd_v2_extension()) {
    wire::FieldList c{text_field("seid", m.smcd_v2_ext.seid.text())};
    wire::FieldList list;
    for (const auto& g : m.smcd_v2_ext.gid_chids)
      list.push_back(group_field("", {hex_field("gid", g.gid, 16), hex_field("chid", g.chid, 4)}));
    if (!list.empty()) c.push_back(group_field("gid_chid_entries", std::move(list)));
    f.push_back(group_field("smcd_v2_extension", std::move(c)));
  }
  f.push_back(hex_field("trailer", static_cast<std::uint32_t>(m.trailer), 8, to_string(m.trailer)));
  return d;
}

wire::MessageDescription describe(const ClcAcceptConfirm& m) {
  wire::MessageDescription d;
  const bool accept = m.type == ClcType::Accept;
  d.type = accept ? "clc_accept" : "clc_confirm";
  d.length = m.wire_length();
  d.title = fmt::format("CLC {} {}{}{}", to_string(m.type), m.is_smcd() ? "SMC-D" : "SMC-R",
                        m.version >= kSmcV2 ? "v2" : " v1", m.first_contact ? ", first contact" : "");
  auto& f = d.fields;
  header_fields(f, m.eyecatcher, m.type, d.length, m.version);
  f.push_back(flag_field("first_contact", m.first_contact));
  f.push_back(num_field("smc_type", static_cast<std::uint8_t>(m.smc_type()), to_string(m.smc_type())));
  const bool v2 = m.version >= kSmcV2;
  if (const auto* r = std::get_if<SmcrAcceptFields>(&m.path)) {
    f.push_back(text_field("peer_id", hex_bytes(r->peer_id.data(), r->peer_id.size())));
    f.push_back(text_field("gid", ipv6_text(r->gid)));
    f.push_back(text_field("mac", mac_text(r->mac)));
    f.push_back(hex_field("qp_number", r->qp_number, 6));
    f.push_back(hex_field("rmb_rkey", r->rmb_rkey, 8));
    f.push_back(num_field("rmbe_index", r->rmbe_index));
    f.push_back(hex_field("rmbe_alert_token", r->rmbe_alert_token, 8));
    f.push_back(num_field("rmbe_size", r->rmbe_size, size_text(r->rmbe_size)));
    f.push_back(num_field("qp_mtu", r->qp_mtu, mtu_text(r->qp_mtu)));
    f.push_back(num_field("initial_rq_credits", r->initial_rq_credits));
    f.push_back(hex_field("rmb_address", r->rmb_address, 16));
    f.push_back(hex_field("initial_psn", r->initial_psn, 6));
    if (v2) f.push_back(text_field("eid", m.eid.text()));
  } else {
    const auto& s = std::get<SmcdAcceptFields>(m.path);
    f.push_back(hex_field("ism_gid", s.ism_gid, 16));
    f.push_back(hex_field("dmb_token", s.dmb_token, 16));
    f.push_back(num_field("dmbe_index", s.dmbe_index));
    f.push_back(num_field("dmbe_size", s.dmbe_size, size_text(s.dmbe_size)));
    f.push_back(hex_field("link_id", s.link_id, 8));
    if (v2) {
      f.push_back(hex_field("chid", s.chid, 4));
      f.push_back(text_field("eid", m.eid.text()));
      f.push_back(hex_field("extended_gid", s.extended_gid, 16));
    }
  }
  if (v2 && m.first_contact && m.fce) {
    f.push_back(fce_field(*m.fce, m.is_smcd() && m.fce->release == 0));
    if (!m.is_smcd() && !accept) {
      f.push_back(num_field("gid_count", m.gid_list.size()));
      wire::FieldList list;
      for (const auto& g : m.gid_list) list.push_back(text_field("", ipv6_text(g)));
      if (!list.empty()) f.push_back(group_field("gid_list", std::move(list)));
    }
  }
  f.push_back(hex_field("trailer", static_cast<std::uint32_t>(m.trailer), 8, to_string(m.trailer)));
  return d;
}

wire::MessageDescription describe(const ClcDecline& m) {
  wire::MessageDescription d;
  d.type = "clc_decline";
  d.length = m.wire_length();
  d.title = fmt::format("CLC Decline v{} ({})", m.version, to_smcss_hex(m.peer_diagnosis));
  auto& f = d.fields;
  header_fields(f, m.eyecatcher, ClcType::Decline, d.length, m.version);
  f.push_back(flag_field("out_of_sync", m.out_of_sync));
  f.push_back(text_field("peer_id", hex_bytes(m.peer_id.data(), m.peer_id.size())));
  auto code = m.diagnosis();
  f.push_back(hex_field("peer_diagnosis", m.peer_diagnosis, 8,
                        code ? fmt::format("{}: {}", kernel_name(*code), meaning(*code)) : "unknown decline code"));
  f.push_back(num_field("os_type", m.os_type, to_string_os(m.os_type)));
  if (m.version >= kSmcV2) {
    wire::FieldList list;
    for (auto a : m.additional_diagnosis) list.push_back(hex_field("", a, 8));
    f.push_back(group_field("additional_diagnosis", std::move(list)));
  }
  f.push_back(text_field("trailer", hex_bytes(m.trailer.data(), 4)));
  return d;
}

}  // namespace smc::clc
