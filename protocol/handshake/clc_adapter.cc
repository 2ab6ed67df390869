#include "protocol/handshake/clc_adapter.h"

#include <cstring>

namespace smc::handshake {

using negotiation::AcceptConfirmContent;
using negotiation::DeclineContent;
using negotiation::IpAddress;
using negotiation::IpPrefix;
using negotiation::ProposalContent;

namespace {

clc::SmcType to_clc(const negotiation::TypeSet& t) { return static_cast<clc::SmcType>(t.wire()); }
negotiation::TypeSet from_clc_type(clc::SmcType t) {
  return negotiation::TypeSet::from_wire(static_cast<std::uint8_t>(t));
}
// A GID is 16 bytes on the wire; an IPv4 RoCEv2 GID is the v4-mapped address. Unset stays zero.
clc::Gid gid_of(const IpAddress& a) { return a.is_unspecified() ? clc::Gid{} : a.mapped_v6().bytes(); }
// Back to the snapshot's form: IPv4 GIDs as IPv4 addresses, a zero GID as the unset address.
IpAddress ip_of(const clc::Gid& g) {
  IpAddress a = IpAddress::v6(g).unmapped();
  return a.is_unspecified() ? IpAddress{} : a;
}

}  // namespace

wire::Bytes encode_proposal(const ProposalContent& p) {
  clc::ClcProposal m;
  m.version = p.version;
  m.typev1 = to_clc(p.v1);
  m.typev2 = p.version >= 2 ? to_clc(p.v2) : clc::SmcType::None;
  m.peer_id = p.system_id;
  m.gid = gid_of(p.r_gid);
  m.mac = p.mac;
  m.smcd_area.ism_gid = p.ism.gid;
  m.smcd_area.ism_chid = p.ism.chid;
  // Anolis option word: vendor option bytes 1-4, big-endian (byte 0 is reserved).
  for (int i = 0; i < 4; ++i)
    m.smcd_area.vendor_options[static_cast<std::size_t>(i + 1)] = static_cast<std::uint8_t>(p.vendor_options >> (24 - 8 * i));
  m.prefix.ipv4_subnet = p.ipv4_subnet.v4_value();
  m.prefix.ipv4_prefix_len = p.ipv4_prefix_len;
  for (const auto& pf : p.ipv6_prefixes) m.prefix.ipv6_prefixes.push_back(clc::Ipv6Prefix{pf.address.bytes(), pf.length});
  for (const auto& u : p.ueids) m.v2_ext.eids.push_back(clc::Eid::from_string(u));
  m.v2_ext.release = p.release;
  m.v2_ext.seid_indicator = p.seid_flag;
  m.v2_ext.roce_v2_gid = p.roce_v2_gid.is_unspecified() ? clc::Gid{} : gid_of(p.roce_v2_gid);
  m.v2_ext.max_conns = p.max_conns;
  m.v2_ext.max_links = p.max_links;
  m.v2_ext.feature_mask = p.feature_mask;
  m.smcd_v2_ext.seid = clc::Eid::from_string(p.seid);
  for (const auto& d : p.ism_v2) m.smcd_v2_ext.gid_chids.push_back(clc::IsmGidChid{d.gid, d.chid});
  m.ip_area_offset = m.version >= 2 ? m.linux_ip_area_offset() : (p.v1.d ? 40 : 0);
  return m.encode();
}

wire::DecodeResult<ProposalContent> decode_proposal(wire::ByteView msg) {
  auto r = clc::ClcProposal::decode(msg);
  bool no_v2_ext = false, no_d_ext = false;
  std::uint8_t orig_byte7 = msg.size() > 7 ? msg[7] : 0;
  if (!r && msg.size() >= 80 && (orig_byte7 >> 4) >= 2) {
    // The lenient re-read for pre-6.13 servers (see the header).
    wire::Bytes copy(msg.begin(), msg.end());
    std::uint8_t typev2 = (orig_byte7 >> 2) & 3;
    bool v2_off_zero = copy[50] == 0 && copy[51] == 0;
    if (typev2 != 2 && v2_off_zero) {
      copy[7] = static_cast<std::uint8_t>((orig_byte7 & 0xf3) | (2u << 2));
      no_v2_ext = true;
    } else if (typev2 == 1 || typev2 == 3) {
      // Re-read as an SMC-R v2 offer (the v2 extension is there); the real type bits are
      // restored from byte 7 below.
      copy[7] = static_cast<std::uint8_t>(orig_byte7 & 0xf3);
      no_d_ext = true;
      // Strip the now meaningless SMC-Dv2 offset so the re-read does not trip on it.
      auto lr = clc::ClcProposal::decode(copy);
      if (!lr) {
        std::size_t at = 52 + (static_cast<std::size_t>(copy[50]) << 8 | copy[51]);
        if (at + 8 <= copy.size()) copy[at + 6] = copy[at + 7] = 0;
      }
    }
    if (no_v2_ext || no_d_ext) {
      auto again = clc::ClcProposal::decode(copy);
      if (!again) return unexpected(r.error());  // report the original error
      r = std::move(again);
    }
  }
  if (!r) return unexpected(r.error());
  const clc::ClcProposal& m = *r;
  ProposalContent p;
  p.version = m.version;
  p.v1 = from_clc_type(m.typev1);
  p.v2 = m.version >= 2 ? negotiation::TypeSet::from_wire(static_cast<std::uint8_t>((orig_byte7 >> 2) & 3))
                        : negotiation::TypeSet{};
  p.system_id = m.peer_id;
  p.r_gid = ip_of(m.gid);
  p.mac = m.mac;
  p.has_smcd_area = m.has_smcd_area();
  p.ism = negotiation::IsmOffer{m.smcd_area.ism_gid, m.smcd_area.ism_chid};
  for (std::size_t i = 1; i < 5; ++i) p.vendor_options = p.vendor_options << 8 | m.smcd_area.vendor_options[i];
  if (m.has_prefix_area()) {
    p.ipv4_subnet = m.prefix.ipv4_subnet ? IpAddress::v4(m.prefix.ipv4_subnet) : IpAddress{};
    p.ipv4_prefix_len = m.prefix.ipv4_prefix_len;
    for (const auto& pf : m.prefix.ipv6_prefixes)
      p.ipv6_prefixes.push_back(IpPrefix{IpAddress::v6(pf.prefix), pf.prefix_len});
  }
  p.has_v2_ext = m.has_v2_extension() && !no_v2_ext;
  if (p.has_v2_ext) {
    p.release = m.v2_ext.release;
    p.seid_flag = m.v2_ext.seid_indicator;
    p.roce_v2_gid = ip_of(m.v2_ext.roce_v2_gid);
    p.max_conns = m.v2_ext.max_conns;
    p.max_links = m.v2_ext.max_links;
    p.feature_mask = m.v2_ext.feature_mask;
    for (const auto& e : m.v2_ext.eids) p.ueids.push_back(e.text());
  }
  p.has_smcd_v2_ext = m.has_smcd_v2_extension() && !no_d_ext;
  if (p.has_smcd_v2_ext) {
    p.seid = m.smcd_v2_ext.seid.text();
    for (const auto& g : m.smcd_v2_ext.gid_chids) p.ism_v2.push_back(negotiation::IsmOffer{g.gid, g.chid});
  }
  return p;
}

wire::Bytes encode_accept_confirm(const AcceptConfirmContent& a, bool is_confirm) {
  clc::ClcAcceptConfirm m;
  m.type = is_confirm ? clc::ClcType::Confirm : clc::ClcType::Accept;
  m.version = a.version;
  m.first_contact = a.first_contact;
  if (a.type_code == 1) {
    m.eyecatcher = m.trailer = clc::Eyecatcher::Smcd;
    clc::SmcdAcceptFields d;
    d.ism_gid = a.ism_gid;
    d.dmb_token = a.dmb_token;
    d.chid = a.chid;
    m.path = d;
  } else {
    clc::SmcrAcceptFields r;
    r.peer_id = a.peer_id;
    r.gid = gid_of(a.gid);
    r.mac = a.mac;
    r.qp_number = a.qpn & 0xffffff;
    r.rmb_rkey = a.rkey;
    r.rmbe_alert_token = a.token;
    r.rmbe_size = static_cast<std::uint8_t>(a.size_mtu >> 4);
    r.qp_mtu = static_cast<std::uint8_t>(a.size_mtu & 0x0f);
    r.rmb_address = a.rmb_addr;
    r.initial_psn = a.psn & 0xffffff;
    m.path = r;
  }
  if (a.version >= 2) {
    m.eid = clc::Eid::from_string(a.eid);
    if (a.first_contact) {
      clc::FirstContactExtension f;
      if (a.fce) {
        f.v2_direct = a.fce->v2_direct;
        f.os_type = a.fce->os_type;
        f.release = a.fce->release;
        f.host_name = clc::padded32(a.fce->hostname);
        f.max_conns = a.fce->max_conns;
        f.max_links = a.fce->max_links;
        f.feature_mask = a.fce->feature_mask;
        f.vendor_options = a.fce->vendor_options;
      }
      m.fce = f;
      if (is_confirm && a.type_code == 0)
        for (const auto& g : a.gid_list) m.gid_list.push_back(gid_of(g));
    }
  }
  return m.encode();
}

AcceptConfirmContent from_clc(const clc::ClcAcceptConfirm& m) {
  AcceptConfirmContent a;
  a.version = m.version;
  a.first_contact = m.first_contact;
  if (const auto* d = std::get_if<clc::SmcdAcceptFields>(&m.path)) {
    a.type_code = 1;
    a.ism_gid = d->ism_gid;
    a.dmb_token = d->dmb_token;
    a.chid = d->chid;
  } else {
    const auto& r = std::get<clc::SmcrAcceptFields>(m.path);
    a.type_code = 0;
    a.peer_id = r.peer_id;
    a.gid = ip_of(r.gid);
    a.mac = r.mac;
    a.qpn = r.qp_number;
    a.rkey = r.rmb_rkey;
    a.token = r.rmbe_alert_token;
    a.size_mtu = static_cast<std::uint8_t>(r.rmbe_size << 4 | (r.qp_mtu & 0x0f));
    a.rmb_addr = r.rmb_address;
    a.psn = r.initial_psn;
  }
  a.eid = m.eid.text();
  if (m.fce) {
    negotiation::FirstContactExt f;
    f.v2_direct = m.fce->v2_direct;
    f.os_type = m.fce->os_type;
    f.release = m.fce->release;
    f.hostname = clc::unpadded(m.fce->host_name);
    f.max_conns = m.fce->max_conns;
    f.max_links = m.fce->max_links;
    f.feature_mask = m.fce->feature_mask;
    f.vendor_options = m.fce->vendor_options;
    a.fce = f;
  }
  for (const auto& g : m.gid_list) a.gid_list.push_back(ip_of(g));
  return a;
}

wire::Bytes encode_decline(const DeclineContent& d) {
  clc::ClcDecline m;
  m.version = d.version;
  m.out_of_sync = d.out_of_sync;
  m.peer_id = d.peer_id;
  m.peer_diagnosis = static_cast<std::uint32_t>(d.code);
  m.os_type = d.os_type;
  return m.encode();
}

DeclineContent from_clc(const clc::ClcDecline& m) {
  return DeclineContent{m.version, static_cast<clc::DeclineCode>(m.peer_diagnosis), m.out_of_sync, m.peer_id, m.os_type};
}

}  // namespace smc::handshake
