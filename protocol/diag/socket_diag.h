#pragma once
// SocketDiag: what sock_diag reports for one AF_SMC socket (fallback-causes.md §1.1, §1.2),
// as a plain value the engine fills in. Formatting it the way smcss does is in
// smcss_table.h; nothing here computes protocol state.
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/diag/smcss_mode.h"

namespace smc::diag {

// Socket states with the kernel's numbers (net/smc state values, which smcss switches on).
enum class SmcState : std::uint8_t {
  Active = 1,
  Init = 2,
  Closed = 7,
  Listen = 10,
  PeerCloseWait1 = 20,
  PeerCloseWait2 = 21,
  AppCloseWait1 = 22,
  AppCloseWait2 = 23,
  AppFinCloseWait = 24,
  PeerFinCloseWait = 25,
  PeerAbortWait = 26,
  ProcessAbort = 27,
};

// The State column: "ACTIVE", "PEERCLW1", "APPFINCLW", ... (smcss(8)).
std::string smcss_state_name(SmcState s);

struct Endpoint {
  std::string address;  // textual: "192.168.99.21", "fe80::1"
  std::uint16_t port = 0;
};

// smcss -d (extended): connection cursors, as wrap:count pairs.
struct Cursor {
  std::uint16_t wrap = 0;
  std::uint32_t count = 0;
};

struct ConnInfo {
  std::uint8_t shutdown = 0;  // bit 0: receive side shut, bit 1: send side
  std::uint32_t token = 0;
  std::uint32_t sndbuf_size = 0;
  std::uint32_t rmbe_size = 0;
  std::uint32_t peer_rmbe_size = 0;
  Cursor rx_prod, rx_cons, tx_prod, tx_cons, tx_prep, tx_sent, tx_fin;
  std::uint8_t rx_prod_flags = 0, rx_conn_state_flags = 0;
  std::uint8_t tx_prod_flags = 0, tx_conn_state_flags = 0;
};

// smcss -R: the link group and its first link.
struct LinkGroupInfo {
  bool server_role = false;  // SERV / CLNT
  std::string ib_device;     // "mlx5_0", "rxe0"
  std::uint8_t ib_port = 1;
  std::uint8_t link_id = 0;
  std::string gid;           // textual GIDs as the kernel reports them
  std::string peer_gid;
};

// smcss -D: the SMC-D DMB.
struct DmbInfo {
  std::uint64_t my_gid = 0;
  std::uint64_t token = 0;
  std::uint64_t peer_gid = 0;
  std::uint64_t peer_token = 0;
  std::uint32_t link_id = 0;
};

struct SocketDiag {
  SmcState state = SmcState::Init;
  std::uint32_t uid = 0;
  std::uint64_t inode = 0;
  Endpoint local;
  Endpoint peer;
  std::uint32_t ifindex = 0;  // Intf: the SO_BINDTODEVICE interface, 0 if none
  DiagMode mode = DiagMode::Smcr;
  // Sent for every socket, not only fallback ones (§1.2 [lab 6.12]); zero if none.
  std::uint32_t fallback_rsn = 0;
  std::uint32_t peer_diagnosis = 0;
  std::optional<ConnInfo> conn;
  std::optional<LinkGroupInfo> lgr;
  std::optional<DmbInfo> dmb;

  SmcssMode smcss_mode() const { return {mode, fallback_rsn, peer_diagnosis}; }
};

}  // namespace smc::diag
