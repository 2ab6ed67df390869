#pragma once
// One case as the kernel-lab guest runs it: which one-guest topology, which sockets, the
// kernel-global state (UEID table, net.smc sysctls) and what the applications do. The host
// writes a case list, one case per line (to_line); the guest agent reads it (parse_line).
// This header is shared by both, so it uses only the standard library: the agent is a
// static guest binary that links nothing of smcsim.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace smc::lab {

// The topologies /init builds (scripts/lab/guest-init):
//   rdma       both ends in the initial namespace, rxe on each end of one veth pair
//              (10.0.0.1 -> 10.0.0.2, fd00::1 -> fd00::2), policy routing over the wire;
//   nodev      the client in namespace "nodev" with no RDMA device (10.0.1.1 -> 10.0.1.2);
//   rxe-netns  each end in its own namespace with its own rxe (10.0.2.1 -> 10.0.2.2).
enum class LabTopology : std::uint8_t { Rdma, NoDevice, RxeNetns };
const char* to_string(LabTopology t);
std::optional<LabTopology> parse_topology(const std::string& s);

// af_smc: socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC/SMC6); ipproto_smc: socket(AF_INET(6),
// SOCK_STREAM, IPPROTO_SMC); tcp: a plain TCP socket.
enum class LabSocket : std::uint8_t { AfSmc, IpprotoSmc, Tcp };
const char* to_string(LabSocket s);
std::optional<LabSocket> parse_socket(const std::string& s);

struct LabSockopt {
  int level = 0;   // numeric: the guest needs no symbol table
  int name = 0;
  int value = 0;
  bool operator==(const LabSockopt&) const = default;
};

struct LabCase {
  std::string id;                       // no blanks or commas (the line format's separators)
  LabTopology topology = LabTopology::Rdma;
  bool client_ipv6 = false;             // an IPv6 client to an IPv4 server uses ::ffff:a.b.c.d
  bool server_ipv6 = false;
  bool mapped = false;                  // the IPv6 client connects to ::ffff:<server IPv4>
  LabSocket client_socket = LabSocket::AfSmc;
  LabSocket server_socket = LabSocket::AfSmc;
  std::vector<std::string> ueids;       // the kernel's whole UEID table for this case
  // Set: the hosts' tables differ. One kernel has one table, so (kernel-lab.md) the client
  // builds its Proposal with `ueids` while the client→server direction is delayed 2 s by
  // netem, and the table is swapped to `server_ueids` before the Proposal arrives.
  std::optional<std::vector<std::string>> server_ueids;
  std::vector<std::pair<std::string, std::string>> sysctls;  // under /proc/sys/net/smc/
  int connections = 1;
  int concurrency = 1;                  // connections open at the same time
  std::int64_t bytes = 65536;           // echoed per connection (0: connect only)
  std::int64_t chunk = 16384;           // write one chunk, read its echo, repeat
  std::vector<LabSockopt> client_opts;  // set before connect
  std::vector<LabSockopt> server_opts;  // set before listen
  bool fastopen = false;                // client: sendto(MSG_FASTOPEN) instead of connect
  int port = 5000;
  int timeout_s = 30;                   // the case's watchdog: past it the case is "hung"
  bool operator==(const LabCase&) const = default;
};

// "id=... topo=rdma csock=af_smc ..." (one line, no newline).
std::string to_line(const LabCase& c);
// The inverse; nullopt with `error` set for an unknown key or a bad value.
std::optional<LabCase> parse_line(const std::string& line, std::string* error = nullptr);

}  // namespace smc::lab
