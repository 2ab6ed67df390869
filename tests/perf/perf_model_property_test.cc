// Monotonicity of the performance model: a larger MTU never needs more frames for a message,
// and more packets-per-second headroom at the NICs never lowers the QPS of a workload.
//
// The second holds exactly for one connection: its operations form one causal chain in which
// every frame, CPU slice and NIC slot follows from the one before, so an earlier NIC slot can
// only make later events earlier. With several connections it does not: they contend for one
// CPU per host, and a cap that holds one connection's frame back can desynchronise them so
// that they contend less. This property found TCP, 20 requests over 2 connections, finish
// 1 % sooner at 200 k packets/s than without a cap (298 080 ns against 301 180 ns), the
// scheduling anomaly of greedy multi-queue systems (Graham). docs/performance-model.md.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include "conformance/perf/packet_model.h"
#include "conformance/perf/perf_sim.h"

using namespace smc::perf;

TEST_CASE("a larger MTU never increases the frame count") {
  CHECK(rc::check("TCP segments and RDMA WRITE packets", [] {
    const auto bytes = static_cast<std::size_t>(*rc::gen::inRange(0, 1 << 20));
    const auto mtu1 = static_cast<std::size_t>(*rc::gen::inRange(576, 9001));
    const auto mtu2 = static_cast<std::size_t>(*rc::gen::inRange(static_cast<int>(mtu1), 9001));
    RC_ASSERT(tcp_segments(bytes, mtu2) <= tcp_segments(bytes, mtu1));
    RC_ASSERT(tcp_data_frames(bytes, mtu2).size() <= tcp_data_frames(bytes, mtu1).size());
    RC_ASSERT(roce_path_mtu(mtu2) >= roce_path_mtu(mtu1));
    RC_ASSERT(rdma_write_frames(bytes, roce_path_mtu(mtu2)).size() <= rdma_write_frames(bytes, roce_path_mtu(mtu1)).size());
  }));
}

namespace {

// One random request/response workload, its QPS under a cap and under a looser cap (or none).
struct PpsPair {
  double tight = 0;
  double loose = 0;
};

void check_pps_headroom(std::int64_t max_concurrency, double slack) {
  Workload w;
  w.kind = WorkloadKind::RequestResponse;
  w.requests = *rc::gen::inRange(20, 200);
  w.concurrency = *rc::gen::inRange<std::int64_t>(1, max_concurrency + 1);
  w.request_bytes = *rc::gen::inRange(1, 5000);
  w.response_bytes = *rc::gen::inRange(1, 5000);
  w.compute_ns = *rc::gen::inRange(0, 20'000);
  PerfParams tight;
  tight.net.pps_cap = static_cast<std::uint64_t>(*rc::gen::inRange(20'000, 2'000'000));
  PerfParams loose = tight;
  const bool uncapped = *rc::gen::arbitrary<bool>();
  loose.net.pps_cap = uncapped ? 0 : tight.net.pps_cap + static_cast<std::uint64_t>(*rc::gen::inRange(1, 2'000'000));
  for (auto t : {Transport::Tcp, Transport::Smc}) {
    auto a = simulate(t, w, tight);
    auto b = simulate(t, w, loose);
    RC_ASSERT(a.error.empty());
    RC_ASSERT(b.error.empty());
    RC_ASSERT(a.requests == w.requests);
    RC_ASSERT(b.requests == w.requests);
    RC_ASSERT(b.qps >= a.qps * (1.0 - slack));
  }
}

}  // namespace

TEST_CASE("more PPS headroom never lowers QPS: one connection, exactly") {
  CHECK(rc::check("request/response over TCP and SMC-R", [] { check_pps_headroom(1, 0.0); }));
}

TEST_CASE("more PPS headroom never lowers QPS: many connections, up to the scheduling anomaly") {
  CHECK(rc::check("request/response over TCP and SMC-R", [] { check_pps_headroom(16, 0.05); }));
}
