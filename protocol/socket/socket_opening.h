#pragma once
// How an application's socket becomes (or does not become) an SMC socket, before any packet
// is sent: the API it was switched to SMC with (AF_SMC, IPPROTO_SMC, smc_run's LD_PRELOAD,
// Anolis's net.smc.tcp2smc, or plain TCP), whether the kernel has SMC at all, and the
// socket options and MSG_FASTOPEN it uses before connect()/listen() (fallback-causes.md §7,
// §5 0x03060000 T1–T4, §6 N8). Pure: a function of the kernel profile and the request, so
// the same answer holds in the simulator and in the kernel lab's expectations.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/clc/decline_code.h"
#include "protocol/profile/kernel_profile.h"
#include "protocol/sockopt/sockopt_support.h"

namespace smc::socket {

enum class SocketApi : std::uint8_t {
  AfSmc,       // socket(AF_SMC, SOCK_STREAM, SMCPROTO_SMC/SMC6)
  IpprotoSmc,  // socket(AF_INET/AF_INET6, SOCK_STREAM, IPPROTO_SMC = 256)
  SmcRun,      // smc_run: LD_PRELOAD rewrites socket(AF_INET, SOCK_STREAM, 0) to AF_SMC
  Tcp2Smc,     // Anolis net.smc.tcp2smc = 1: the kernel makes every TCP socket an inet-SMC socket
  Tcp,         // plain TCP
};
const char* to_string(SocketApi a);
std::optional<SocketApi> socket_api_from_string(const std::string& s);  // "af_smc", "ipproto_smc", ...

struct SocketOptionCall {
  int level = 0;
  int optname = 0;
  sockopt::When when = sockopt::When::BeforeConnectOrListen;
  std::string label;  // as the scenario wrote it, for the explanation
};

struct SocketRequest {
  SocketApi api = SocketApi::AfSmc;
  bool static_binary = false;    // matters to smc_run only
  bool smc_module_loaded = true;
  bool tcp2smc_sysctl = false;   // net.smc.tcp2smc = 1 on the host
  bool listener = false;
  bool msg_fastopen = false;     // sendto(MSG_FASTOPEN) instead of connect()
  std::vector<SocketOptionCall> options;
};

// What the application ends up with.
enum class SocketKind : std::uint8_t {
  Smc,          // an SMC socket: connect()/listen() run the SMC path (SYN option, CLC)
  PlainTcp,     // never an SMC socket: not in smcss at all
  FellBackEarly,// an SMC socket that switched to TCP before connect/listen: the descriptor is
                // plain TCP from then on, the SMC socket stays in smcss -a as INIT with the code
  Failed,       // socket() failed: the application never gets a descriptor
};
const char* to_string(SocketKind k);

struct SocketOpening {
  SocketKind kind = SocketKind::Smc;
  sockopt::SocketFlavor flavor = sockopt::SocketFlavor::AfSmc;
  int socket_errno = 0;                      // Failed: EAFNOSUPPORT, EPROTONOSUPPORT
  std::optional<clc::DeclineCode> early_code;  // FellBackEarly: 0x03060000 (or Anolis 0x03010001)
  // Anolis inet-SMC: an unsupported option put the socket into "no SMC": it stays ACTIVE and
  // connect() records 0x03010001 without sending the option.
  bool active_no_smc = false;
  std::vector<int> option_errors;            // errno per option call that returned one (0 = ok)
  std::string why;                           // one line for `run` output and traces
};

SocketOpening open_socket(const profile::KernelProfile& profile, const SocketRequest& request);

}  // namespace smc::socket
