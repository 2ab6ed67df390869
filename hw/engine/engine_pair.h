#pragma once
// `smcsim rxe`: one engine-to-engine SMC-R connection over two real RDMA devices of this
// machine (two rxe devices on a veth pair in the kernel lab's guest, kernel-lab.md). Each
// end is an EngineEnd on its own device with a snapshot of only that device
// (device_host.h); the CLC runs on a real TCP connection between the devices' IPv4
// addresses, first contact sets up a new link group with LLC Confirm Link over real RC QPs,
// then each end writes `bytes` (RDMA WRITE + CDC) and verifies what it reads, then the
// client closes and the server closes on EOF.
//
// Phases, each bounded by the run's timeout: handshake (both ends SMC established) →
// transfer (both sent everything and read everything) → close (both CLOSED).
#include <cstdint>
#include <string>
#include <vector>

#include "hw/loop/event_loop.h"
#include "protocol/diag/socket_diag.h"
#include "protocol/ports/rnic.h"

namespace smc::hw {

struct EnginePairConfig {
  std::uint64_t bytes = 1 << 20;                 // each direction
  std::vector<std::string> ueids{"SMCSIM-RXE-UEID"};
  std::string profile = "linux-6.12";            // engine profile of both ends
  ports::Nanos timeout = 180 * ports::kSecond;   // the whole run
  std::uint8_t max_links_per_lgr = 2;
};

struct EngineEndReport {
  std::string device;
  std::string path;                 // "SMC-Rv2", empty if not established
  diag::SocketDiag active;          // as smcss shows it after the transfer, before close()
  diag::SocketDiag final;           // after the close phase
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  bool verified = false;            // received all `bytes` and every byte matched
  std::vector<diag::SmcState> close_trail;
  std::uint64_t cdc_sent = 0;
  std::uint64_t cdc_received = 0;
  std::vector<std::string> events;
};

struct EnginePairReport {
  bool ok = false;
  std::string failure;              // why not, when !ok
  std::string phase;                // the phase reached: "setup", "handshake", "transfer", "close", "done"
  EngineEndReport client;
  EngineEndReport server;
  ports::Nanos handshake_ns = 0;
  ports::Nanos transfer_ns = 0;
  ports::Nanos close_ns = 0;
};

// The two devices must be different; each needs an active port with an IPv4 RoCEv2 GID.
EnginePairReport run_engine_pair(EventLoop& loop, ports::RnicDevice& client_device, ports::RnicDevice& server_device,
                                 const EnginePairConfig& config);

// Human-readable: both ends' smcss-style tables (default and -R), the figures, the verdict.
std::string format_engine_pair_report(const EnginePairReport& r, std::uint64_t bytes);

}  // namespace smc::hw
