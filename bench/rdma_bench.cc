// Simulated RDMA WRITE throughput against memcpy of the same bytes, in the same run.
//
// BM_SimRdmaWrite64K streams 64 KiB RDMA WRITEs between two simulated RNICs (16 in
// flight, the send queue depth SMC uses; selective signaling, the last WR of each burst
// signaled, as verbs bulk streams do) through the whole verbs path: post_send, PSN
// accounting, fabric delivery, rkey/bounds/access checks, placement into the peer's MR,
// ACK, completion and poll_cq, with the kernel trace hashing every record. The bytes
// are copied once, from the sender's registered memory straight into the receiver's.
// BM_Memcpy64K copies the same bytes between buffers of the same sizes. The ratio of
// the two bytes_per_second figures is the simulator's overhead.
#include <benchmark/benchmark.h>

#include <cstring>
#include <vector>

#include "bench/figures/rdma_stream.h"

namespace {

using namespace smc::bench::rdma;

void BM_SimRdmaWrite64K(benchmark::State& state) {
  Stream s;
  for (auto _ : state) {
    if (!s.burst()) {
      state.SkipWithError("burst failed");
      break;
    }
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * kInFlight * kWrite);
  state.counters["packets"] = static_cast<double>(s.fabric.counters().packets_delivered);
}
BENCHMARK(BM_SimRdmaWrite64K);

void BM_Memcpy64K(benchmark::State& state) {
  std::vector<std::uint8_t> src(kWrite, 0x5a);
  std::vector<std::uint8_t> dst(kRing, 0);
  for (auto _ : state) {
    for (std::uint32_t i = 0; i < kInFlight; ++i) {
      std::memcpy(dst.data() + std::size_t{i} * kWrite, src.data(), kWrite);
      benchmark::ClobberMemory();
    }
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * kInFlight * kWrite);
}
BENCHMARK(BM_Memcpy64K);

}  // namespace
