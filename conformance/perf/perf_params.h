#pragma once
// The performance model's parameters: the network (from the scenario's segment and
// interface), the host CPU cost of each operation for TCP and for SMC-R, and the set-up
// costs that a simulated handshake does not contain (creating RDMA resources).
// docs/performance-model.md gives each value's source. Every one can be overridden from a
// scenario's `[perf] model = { name = value }` (set_param).
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/common/result.h"

namespace smc::perf {

struct NetworkParams {
  std::uint64_t bandwidth_bps = 10'000'000'000;  // per direction, like sim/net's links
  std::int64_t one_way_delay_ns = 10'000;
  std::uint64_t pps_cap = 0;     // per NIC, transmit side; 0: none
  std::size_t mtu = 1500;        // the netdev MTU both ends use
};

struct CpuParams {
  // Both transports copy the payload once on each side (user <-> skb, user <-> sndbuf/RMB).
  std::int64_t copy_ns_per_kib = 100;
  // TCP.
  std::int64_t tcp_syscall_ns = 1'500;      // one send() or recv() through the socket layer
  std::int64_t tcp_tx_segment_ns = 600;     // TCP/IP output and driver, per data segment
  std::int64_t tcp_rx_segment_ns = 1'000;   // interrupt/NAPI, IP and TCP input, per segment
  std::int64_t tcp_ack_ns = 300;            // a pure ACK, to send or to receive
  std::int64_t tcp_conn_ns = 5'000;         // connect()/accept() and socket set-up, per side
  std::int64_t tcp_close_ns = 2'000;        // close() and the FIN handshake's work, per side
  // SMC-R.
  std::int64_t smc_syscall_ns = 800;        // send()/recv() on an SMC socket: cursors, no stack
  std::int64_t smc_post_wr_ns = 300;        // post one work request and reap its completion
  std::int64_t smc_rx_cdc_ns = 700;         // a CDC's receive completion, tasklet and wake-up
  std::int64_t smc_conn_ns = 25'000;        // CLC work (listen worker, buffers), per side, beyond TCP's
  std::int64_t smc_close_ns = 5'000;        // CDC close flags, freeing the connection, per side
  std::int64_t rdma_link_ns = 1'000'000;    // first contact: CQs, QP to RTS, MR registration, per side
  std::int64_t rmb_alloc_ns = 5'000;        // LGR reuse: an RMB from the pool and its rkey, per side
  // The receiver announces its consumer cursor in a CDC of its own once it has consumed
  // this many bytes (the kernel's RMBE update limit: min(RMB/10, SOCK_MIN_SNDBUF/2)).
  std::int64_t smc_cursor_update_bytes = 2'304;
};

struct PerfParams {
  NetworkParams net;
  CpuParams cpu;
};

// Sets one CpuParams field by its name ("tcp_rx_segment_ns"); an error names the key.
Status<std::string> set_param(CpuParams& p, const std::string& name, std::int64_t value);
// Every CpuParams field, name and value, in declaration order (reports, docs, tests).
std::vector<std::pair<std::string, std::int64_t>> list_params(const CpuParams& p);

}  // namespace smc::perf
