// CLC codec throughput: encode + decode of one message per iteration, per message type
// (the §9 variants that a handshake sends most), reported as items (messages) per second.
#include <benchmark/benchmark.h>

#include "protocol/clc/clc_message.h"

namespace {

using namespace smc::clc;

ClcProposal make_proposal() {
  ClcProposal p;
  p.version = kSmcV2;
  p.typev1 = SmcType::R;
  p.typev2 = SmcType::R;
  p.ip_area_offset = p.linux_ip_area_offset();
  p.prefix.ipv4_subnet = 0x0a000000;
  p.prefix.ipv4_prefix_len = 24;
  p.v2_ext.eids.push_back(Eid::from_string("SMC-TEST-UEID"));
  p.v2_ext.release = 1;
  p.v2_ext.max_conns = 255;
  p.v2_ext.max_links = 2;
  p.v2_ext.feature_mask = kFeatureEmulatedIsm;
  return p;  // 164 bytes
}

ClcAcceptConfirm make_confirm() {
  ClcAcceptConfirm m;
  m.type = ClcType::Confirm;
  m.version = kSmcV2;
  m.first_contact = true;
  SmcrAcceptFields f;
  f.qp_number = 0x11;
  f.rmb_rkey = 0x3b0;
  f.rmbe_alert_token = 2;
  f.rmbe_size = 2;
  f.rmb_address = 0xff20a170c4c40000;
  m.path = f;
  m.eid = Eid::from_string("HIL-UEID-A");
  m.fce = FirstContactExtension{true, 2, 1, padded32("client"), 255, 2, 1, 0};
  m.gid_list.resize(2);
  return m;  // 196 bytes
}

ClcAcceptConfirm make_smcd_accept() {
  ClcAcceptConfirm m;
  m.eyecatcher = m.trailer = Eyecatcher::Smcd;
  m.version = kSmcV2;
  m.first_contact = true;
  m.path = SmcdAcceptFields{0x2222, 0x1000000000000001, 0, 4, 0x100, 0x0102, 0};
  m.fce = FirstContactExtension{};
  return m;  // 130 bytes
}

ClcDecline make_decline() {
  ClcDecline d;
  d.version = kSmcV2;
  d.peer_diagnosis = static_cast<std::uint32_t>(DeclineCode::NoUeid);
  d.os_type = 2;
  return d;  // 44 bytes
}

template <typename T>
void round_trip(benchmark::State& state, const T& msg) {
  for (auto _ : state) {
    smc::wire::Bytes b = msg.encode();
    auto r = T::decode(b);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * msg.wire_length()));
}

void BM_ClcProposalV2(benchmark::State& s) { round_trip(s, make_proposal()); }
void BM_ClcConfirmSmcrV2Fc(benchmark::State& s) { round_trip(s, make_confirm()); }
void BM_ClcAcceptSmcdV2Fc(benchmark::State& s) { round_trip(s, make_smcd_accept()); }
void BM_ClcDeclineV2(benchmark::State& s) { round_trip(s, make_decline()); }

}  // namespace

BENCHMARK(BM_ClcProposalV2);
BENCHMARK(BM_ClcConfirmSmcrV2Fc);
BENCHMARK(BM_ClcAcceptSmcdV2Fc);
BENCHMARK(BM_ClcDeclineV2);
