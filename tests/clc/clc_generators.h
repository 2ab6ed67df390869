#pragma once
// rapidcheck generators for every CLC message and variant, consistent with the layout
// rules (an area's members are set only when the header puts the area on the wire), so
// decode(encode(m)) == m holds for every generated m. Reusable by other tests.
#include <rapidcheck.h>

#include <string>

#include "protocol/clc/clc_message.h"

namespace smc::clc::gen {

inline rc::Gen<Eyecatcher> eyecatcher() { return rc::gen::element(Eyecatcher::Smcr, Eyecatcher::Smcd); }

inline rc::Gen<SmcType> smc_type() {
  return rc::gen::element(SmcType::R, SmcType::D, SmcType::None, SmcType::Both);
}

template <typename T>
rc::Gen<T> bits(int n) {
  return rc::gen::cast<T>(rc::gen::inRange<std::uint64_t>(0, std::uint64_t{1} << n));
}

// Mostly valid EIDs (§6.7), sometimes arbitrary bytes: decoders keep whatever arrives.
inline rc::Gen<Eid> eid() {
  auto valid = rc::gen::map(
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"))),
      [](std::string s) { return Eid::from_string(s.empty() ? "A" : s.substr(0, 32)); });
  auto raw = rc::gen::map(rc::gen::arbitrary<PaddedText32>(), [](PaddedText32 b) { return Eid{b}; });
  return rc::gen::weightedOneOf<Eid>({{4, valid}, {1, raw}});
}

inline rc::Gen<IpPrefixArea> prefix_area() {
  return rc::gen::exec([] {
    IpPrefixArea p;
    p.ipv4_subnet = *rc::gen::arbitrary<std::uint32_t>();
    p.ipv4_prefix_len = *rc::gen::inRange<std::uint8_t>(0, 33);
    auto n = *rc::gen::inRange<std::size_t>(0, kMaxIpv6Prefixes + 1);
    for (std::size_t i = 0; i < n; ++i)
      p.ipv6_prefixes.push_back(Ipv6Prefix{*rc::gen::arbitrary<std::array<std::uint8_t, 16>>(),
                                           *rc::gen::inRange<std::uint8_t>(0, 129)});
    return p;
  });
}

inline rc::Gen<ClcProposal> proposal() {
  return rc::gen::exec([] {
    ClcProposal p;
    p.eyecatcher = *eyecatcher();
    p.trailer = *eyecatcher();
    p.version = *rc::gen::weightedElement<std::uint8_t>({{1, 1}, {4, 2}, {1, 3}});
    p.peer_id = *rc::gen::arbitrary<PeerId>();
    p.gid = *rc::gen::arbitrary<Gid>();
    p.mac = *rc::gen::arbitrary<Mac>();
    if (p.version == 1) {
      p.typev1 = *rc::gen::element(SmcType::R, SmcType::D, SmcType::Both);
      p.typev2 = SmcType::None;
      p.ip_area_offset = *rc::gen::weightedOneOf<std::uint16_t>(
          {{2, rc::gen::just<std::uint16_t>(0)}, {2, rc::gen::just<std::uint16_t>(40)},
           {1, rc::gen::inRange<std::uint16_t>(0, 41)}});
    } else {
      p.typev1 = *smc_type();
      p.typev2 = *smc_type();
      p.ip_area_offset = p.typev1 != SmcType::None ? 40 : *rc::gen::inRange<std::uint16_t>(0, 41);
    }
    if (p.has_smcd_area()) {
      p.smcd_area.ism_gid = *rc::gen::arbitrary<std::uint64_t>();
      p.smcd_area.ism_chid = *rc::gen::arbitrary<std::uint16_t>();
      p.smcd_area.vendor_oui = *bits<std::uint32_t>(24);
      p.smcd_area.vendor_options = *rc::gen::arbitrary<std::array<std::uint8_t, 5>>();
    }
    if (p.has_prefix_area()) p.prefix = *prefix_area();
    if (p.has_v2_extension()) {
      auto e = *rc::gen::inRange<std::size_t>(0, kMaxEids + 1);
      for (std::size_t i = 0; i < e; ++i) p.v2_ext.eids.push_back(*eid());
      p.v2_ext.release = *bits<std::uint8_t>(4);
      p.v2_ext.seid_indicator = *rc::gen::arbitrary<bool>();
      p.v2_ext.roce_v2_gid = *rc::gen::arbitrary<Gid>();
      p.v2_ext.max_conns = *rc::gen::arbitrary<std::uint8_t>();
      p.v2_ext.max_links = *rc::gen::arbitrary<std::uint8_t>();
      p.v2_ext.feature_mask = *rc::gen::arbitrary<std::uint16_t>();
    }
    if (p.has_smcd_v2_extension()) {
      p.smcd_v2_ext.seid = *eid();
      auto g = *rc::gen::inRange<std::size_t>(0, kMaxIsmGids + 1);
      for (std::size_t i = 0; i < g; ++i)
        p.smcd_v2_ext.gid_chids.push_back(
            IsmGidChid{*rc::gen::arbitrary<std::uint64_t>(), *rc::gen::arbitrary<std::uint16_t>()});
    }
    return p;
  });
}

inline rc::Gen<FirstContactExtension> fce(bool smcd) {
  return rc::gen::exec([smcd] {
    FirstContactExtension f;
    f.v2_direct = *rc::gen::arbitrary<bool>();
    f.os_type = *bits<std::uint8_t>(4);
    f.release = *bits<std::uint8_t>(4);
    f.host_name = *rc::gen::weightedOneOf<PaddedText32>(
        {{3, rc::gen::map(rc::gen::string<std::string>(), [](std::string s) { return padded32(s); })},
         {1, rc::gen::arbitrary<PaddedText32>()}});
    if (!(smcd && f.release == 0)) {  // the short SMC-D v2.0 FCE ends after the host name
      f.max_conns = *rc::gen::arbitrary<std::uint8_t>();
      f.max_links = *rc::gen::arbitrary<std::uint8_t>();
      f.feature_mask = *rc::gen::arbitrary<std::uint16_t>();
      f.vendor_options = *rc::gen::arbitrary<std::uint32_t>();
    }
    return f;
  });
}

inline rc::Gen<ClcAcceptConfirm> accept_confirm() {
  return rc::gen::exec([] {
    ClcAcceptConfirm m;
    m.type = *rc::gen::element(ClcType::Accept, ClcType::Confirm);
    m.eyecatcher = *eyecatcher();
    m.trailer = *eyecatcher();
    m.version = *rc::gen::weightedElement<std::uint8_t>({{2, 1}, {4, 2}, {1, 3}});
    m.first_contact = *rc::gen::arbitrary<bool>();
    const bool v2 = m.version >= 2;
    const bool smcd = *rc::gen::arbitrary<bool>();
    if (!smcd) {
      SmcrAcceptFields f;
      f.peer_id = *rc::gen::arbitrary<PeerId>();
      f.gid = *rc::gen::arbitrary<Gid>();
      f.mac = *rc::gen::arbitrary<Mac>();
      f.qp_number = *bits<std::uint32_t>(24);
      f.rmb_rkey = *rc::gen::arbitrary<std::uint32_t>();
      f.rmbe_index = *rc::gen::arbitrary<std::uint8_t>();
      f.rmbe_alert_token = *rc::gen::arbitrary<std::uint32_t>();
      f.rmbe_size = *bits<std::uint8_t>(4);
      f.qp_mtu = *bits<std::uint8_t>(4);
      f.initial_rq_credits = *rc::gen::arbitrary<std::uint8_t>();
      f.rmb_address = *rc::gen::arbitrary<std::uint64_t>();
      f.initial_psn = *bits<std::uint32_t>(24);
      m.path = f;
    } else {
      SmcdAcceptFields f;
      f.ism_gid = *rc::gen::arbitrary<std::uint64_t>();
      f.dmb_token = *rc::gen::arbitrary<std::uint64_t>();
      f.dmbe_index = *rc::gen::arbitrary<std::uint8_t>();
      f.dmbe_size = *bits<std::uint8_t>(4);
      f.link_id = *rc::gen::arbitrary<std::uint32_t>();
      if (v2) {
        f.chid = *rc::gen::arbitrary<std::uint16_t>();
        f.extended_gid = *rc::gen::arbitrary<std::uint64_t>();
      }
      m.path = f;
    }
    if (v2) m.eid = *eid();
    if (v2 && m.first_contact) {
      m.fce = *fce(smcd);
      if (!smcd && m.type == ClcType::Confirm) {
        auto k = *rc::gen::inRange<std::size_t>(0, 5);
        for (std::size_t i = 0; i < k; ++i) m.gid_list.push_back(*rc::gen::arbitrary<Gid>());
      }
    }
    return m;
  });
}

inline rc::Gen<ClcDecline> decline() {
  return rc::gen::exec([] {
    ClcDecline d;
    d.eyecatcher = *eyecatcher();
    d.version = *rc::gen::weightedElement<std::uint8_t>({{2, 1}, {2, 2}, {1, 3}});
    d.out_of_sync = *rc::gen::arbitrary<bool>();
    d.peer_id = *rc::gen::arbitrary<PeerId>();
    auto codes = all_decline_codes();
    d.peer_diagnosis = *rc::gen::weightedOneOf<std::uint32_t>(
        {{3, rc::gen::map(rc::gen::inRange<std::size_t>(0, codes.size()),
                          [codes](std::size_t i) { return static_cast<std::uint32_t>(codes[i]); })},
         {1, rc::gen::arbitrary<std::uint32_t>()}});
    d.os_type = *bits<std::uint8_t>(4);
    if (d.version >= 2) d.additional_diagnosis = *rc::gen::arbitrary<std::array<std::uint32_t, 4>>();
    d.trailer = *rc::gen::weightedOneOf<std::array<std::uint8_t, 4>>(
        {{4, rc::gen::just(std::array<std::uint8_t, 4>{0xe2, 0xd4, 0xc3, 0xd9})},
         {1, rc::gen::arbitrary<std::array<std::uint8_t, 4>>()}});
    return d;
  });
}

inline rc::Gen<ClcMessage> message() {
  return rc::gen::oneOf(rc::gen::cast<ClcMessage>(proposal()), rc::gen::cast<ClcMessage>(accept_confirm()),
                        rc::gen::cast<ClcMessage>(decline()));
}

}  // namespace smc::clc::gen
