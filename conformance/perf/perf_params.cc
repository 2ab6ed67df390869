#include "conformance/perf/perf_params.h"

#include <utility>

namespace smc::perf {

namespace {

// One table for both directions, so that a new field cannot be settable but unlisted.
std::vector<std::pair<const char*, std::int64_t CpuParams::*>> fields() {
  return {
      {"copy_ns_per_kib", &CpuParams::copy_ns_per_kib},
      {"tcp_syscall_ns", &CpuParams::tcp_syscall_ns},
      {"tcp_tx_segment_ns", &CpuParams::tcp_tx_segment_ns},
      {"tcp_rx_segment_ns", &CpuParams::tcp_rx_segment_ns},
      {"tcp_ack_ns", &CpuParams::tcp_ack_ns},
      {"tcp_conn_ns", &CpuParams::tcp_conn_ns},
      {"tcp_close_ns", &CpuParams::tcp_close_ns},
      {"smc_syscall_ns", &CpuParams::smc_syscall_ns},
      {"smc_post_wr_ns", &CpuParams::smc_post_wr_ns},
      {"smc_rx_cdc_ns", &CpuParams::smc_rx_cdc_ns},
      {"smc_conn_ns", &CpuParams::smc_conn_ns},
      {"smc_close_ns", &CpuParams::smc_close_ns},
      {"rdma_link_ns", &CpuParams::rdma_link_ns},
      {"rmb_alloc_ns", &CpuParams::rmb_alloc_ns},
      {"smc_cursor_update_bytes", &CpuParams::smc_cursor_update_bytes},
  };
}

}  // namespace

Status<std::string> set_param(CpuParams& p, const std::string& name, std::int64_t value) {
  if (value < 0) return smc::unexpected("model parameter '" + name + "' must not be negative");
  for (const auto& [n, member] : fields()) {
    if (name == n) {
      p.*member = value;
      return Ok{};
    }
  }
  return smc::unexpected("unknown model parameter '" + name + "'");
}

std::vector<std::pair<std::string, std::int64_t>> list_params(const CpuParams& p) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& [n, member] : fields()) out.emplace_back(n, p.*member);
  return out;
}

}  // namespace smc::perf
