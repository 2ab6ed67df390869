#pragma once
// rapidcheck generators for every LLC message, producing only values that have exactly
// one encoding (counts consistent with lists, 24-bit fields in range, v1-only fields
// zero in v2), so that decode(encode(m)) == m is the property to check.
#include <rapidcheck.h>

#include <algorithm>

#include "protocol/llc/llc_message.h"

namespace smc::llc::gen {

template <std::size_t N>
rc::Gen<std::array<std::uint8_t, N>> bytes_array() {
  return rc::gen::exec([] {
    std::array<std::uint8_t, N> a{};
    for (auto& b : a) b = *rc::gen::arbitrary<std::uint8_t>();
    return a;
  });
}

inline rc::Gen<LlcVersion> version() { return rc::gen::element(LlcVersion::V1, LlcVersion::V2); }
inline std::uint32_t u24() { return *rc::gen::inRange<std::uint32_t>(0, 0x1000000); }

inline rc::Gen<LlcRkeyPair> rkey_pair() {
  return rc::gen::exec([] {
    return LlcRkeyPair{*rc::gen::arbitrary<std::uint32_t>(), *rc::gen::arbitrary<std::uint32_t>(),
                       *rc::gen::arbitrary<std::uint64_t>()};
  });
}

inline rc::Gen<LlcRtoken> rtoken() {
  return rc::gen::exec([] {
    return LlcRtoken{*rc::gen::arbitrary<std::uint8_t>(), *rc::gen::arbitrary<std::uint32_t>(),
                     *rc::gen::arbitrary<std::uint64_t>()};
  });
}

inline rc::Gen<LlcConfirmLink> confirm_link() {
  return rc::gen::exec([] {
    LlcConfirmLink m;
    m.version = *version();
    m.response = *rc::gen::arbitrary<bool>();
    m.no_rmbe_eyecatcher = *rc::gen::arbitrary<bool>();
    m.sender_mac = *bytes_array<6>();
    m.sender_gid = *bytes_array<16>();
    m.sender_qp_num = u24();
    m.link_num = *rc::gen::arbitrary<std::uint8_t>();
    m.link_uid = *rc::gen::arbitrary<std::uint32_t>();
    m.max_links = *rc::gen::arbitrary<std::uint8_t>();
    m.max_conns = *rc::gen::arbitrary<std::uint8_t>();
    return m;
  });
}

inline rc::Gen<LlcAddLink> add_link() {
  return rc::gen::exec([] {
    LlcAddLink m;
    m.version = *version();
    m.response = *rc::gen::arbitrary<bool>();
    m.reject = *rc::gen::arbitrary<bool>();
    if (m.version == LlcVersion::V1) m.reject_reason = *rc::gen::inRange<std::uint8_t>(0, 16);
    m.sender_mac = *bytes_array<6>();
    m.sender_gid = *bytes_array<16>();
    m.sender_qp_num = u24();
    m.link_num = *rc::gen::arbitrary<std::uint8_t>();
    m.qp_mtu = *rc::gen::inRange<std::uint8_t>(0, 16);
    m.initial_psn = u24();
    m.credits = *rc::gen::arbitrary<std::uint8_t>();
    if (m.version == LlcVersion::V2 && *rc::gen::arbitrary<bool>()) {
      LlcAddLinkV2Extension x;
      x.v2_direct = *rc::gen::arbitrary<bool>();
      x.client_target_gid = *bytes_array<16>();
      const auto n = *rc::gen::inRange<std::size_t>(0, 12);
      for (std::size_t i = 0; i < n; ++i) x.rkeys.push_back(*rkey_pair());
      m.v2_extension = std::move(x);
    }
    return m;
  });
}

inline rc::Gen<LlcAddLinkContinuation> add_link_continuation() {
  return rc::gen::exec([] {
    LlcAddLinkContinuation m;
    m.response = *rc::gen::arbitrary<bool>();
    m.link_num = *rc::gen::arbitrary<std::uint8_t>();
    m.num_rkeys = *rc::gen::arbitrary<std::uint8_t>();
    for (std::size_t i = 0; i < std::min<std::size_t>(m.num_rkeys, 2); ++i) m.rkeys.push_back(*rkey_pair());
    return m;
  });
}

inline rc::Gen<LlcDeleteLink> delete_link() {
  return rc::gen::exec([] {
    LlcDeleteLink m;
    m.version = *version();
    m.response = *rc::gen::arbitrary<bool>();
    m.all = *rc::gen::arbitrary<bool>();
    m.orderly = *rc::gen::arbitrary<bool>();
    m.link_num = *rc::gen::arbitrary<std::uint8_t>();
    m.reason = *rc::gen::oneOf(
        rc::gen::element(DeleteLinkReason::Success, DeleteLinkReason::LostPath, DeleteLinkReason::OperatorInitiated,
                         DeleteLinkReason::ProgramInitiated, DeleteLinkReason::ProtocolViolation,
                         DeleteLinkReason::AsymmetricNotNeeded, DeleteLinkReason::UnknownLinkId,
                         DeleteLinkReason::UnknownLinkGroup),
        rc::gen::map(rc::gen::arbitrary<std::uint32_t>(), [](std::uint32_t v) { return static_cast<DeleteLinkReason>(v); }));
    return m;
  });
}

inline rc::Gen<LlcRequestAddLink> request_add_link() {
  return rc::gen::exec([] {
    LlcRequestAddLink m;
    m.response = *rc::gen::arbitrary<bool>();
    const auto k = *rc::gen::inRange<std::size_t>(0, 9);
    for (std::size_t i = 0; i < k; ++i) m.gids.push_back(*bytes_array<16>());
    return m;
  });
}

inline rc::Gen<LlcConfirmRkey> confirm_rkey() {
  return rc::gen::exec([] {
    LlcConfirmRkey m;
    m.version = *version();
    m.response = *rc::gen::arbitrary<bool>();
    m.negative = *rc::gen::arbitrary<bool>();
    m.retry = *rc::gen::arbitrary<bool>();
    m.rkey = *rc::gen::arbitrary<std::uint32_t>();
    m.rmb_vaddr = *rc::gen::arbitrary<std::uint64_t>();
    const auto n = *rc::gen::inRange<std::size_t>(0, 3);
    for (std::size_t i = 0; i < n; ++i) m.entries.push_back(*rtoken());
    return m;
  });
}

inline rc::Gen<LlcConfirmRkeyContinuation> confirm_rkey_continuation() {
  return rc::gen::exec([] {
    LlcConfirmRkeyContinuation m;
    m.response = *rc::gen::arbitrary<bool>();
    m.negative = *rc::gen::arbitrary<bool>();
    m.retry = *rc::gen::arbitrary<bool>();
    m.num_rkeys = *rc::gen::arbitrary<std::uint8_t>();
    for (std::size_t i = 0; i < std::min<std::size_t>(m.num_rkeys, 3); ++i) m.entries.push_back(*rtoken());
    return m;
  });
}

inline rc::Gen<LlcDeleteRkey> delete_rkey() {
  return rc::gen::exec([] {
    LlcDeleteRkey m;
    m.version = *version();
    m.response = *rc::gen::arbitrary<bool>();
    m.negative = *rc::gen::arbitrary<bool>();
    m.error_mask = *rc::gen::arbitrary<std::uint8_t>();
    if (m.version == LlcVersion::V1) {
      m.num_rkeys = *rc::gen::inRange<std::uint8_t>(0, 12);
      for (std::size_t i = 0; i < std::min<std::size_t>(m.num_rkeys, 8); ++i)
        m.rkeys.push_back(*rc::gen::arbitrary<std::uint32_t>());
    } else {
      m.num_rkeys = *rc::gen::arbitrary<std::uint8_t>();
      for (std::size_t i = 0; i < m.num_rkeys; ++i) m.rkeys.push_back(*rc::gen::arbitrary<std::uint32_t>());
    }
    return m;
  });
}

inline rc::Gen<LlcTestLink> test_link() {
  return rc::gen::exec([] {
    LlcTestLink m;
    m.version = *version();
    m.response = *rc::gen::arbitrary<bool>();
    m.user_data = *bytes_array<16>();
    return m;
  });
}

inline rc::Gen<LlcAnnounceCredits> announce_credits() {
  return rc::gen::exec([] {
    return LlcAnnounceCredits{*rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<std::uint8_t>()};
  });
}

inline rc::Gen<LlcMessage> message() {
  auto as = [](auto g) { return rc::gen::map(g, [](auto m) { return LlcMessage{std::move(m)}; }); };
  return rc::gen::oneOf(as(confirm_link()), as(add_link()), as(add_link_continuation()), as(delete_link()),
                        as(request_add_link()), as(confirm_rkey()), as(confirm_rkey_continuation()),
                        as(delete_rkey()), as(test_link()), as(announce_credits()));
}

inline rc::Gen<LlcCodecOptions> codec_options() {
  return rc::gen::map(rc::gen::element(LlcByteOrder::Little, LlcByteOrder::Big),
                      [](LlcByteOrder o) { return LlcCodecOptions{o, true}; });
}

}  // namespace smc::llc::gen
