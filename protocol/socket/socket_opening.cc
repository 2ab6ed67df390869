#include "protocol/socket/socket_opening.h"

namespace smc::socket {

namespace {

constexpr int kEafnosupport = 97;
constexpr int kEprotonosupport = 93;

SocketOpening plain(std::string why) {
  SocketOpening o;
  o.kind = SocketKind::PlainTcp;
  o.why = std::move(why);
  return o;
}

SocketOpening failed(int err, std::string why) {
  SocketOpening o;
  o.kind = SocketKind::Failed;
  o.socket_errno = err;
  o.why = std::move(why);
  return o;
}

}  // namespace

const char* to_string(SocketApi a) {
  switch (a) {
    case SocketApi::AfSmc: return "af_smc";
    case SocketApi::IpprotoSmc: return "ipproto_smc";
    case SocketApi::SmcRun: return "smc_run";
    case SocketApi::Tcp2Smc: return "tcp2smc";
    case SocketApi::Tcp: return "tcp";
  }
  return "?";
}

std::optional<SocketApi> socket_api_from_string(const std::string& s) {
  for (auto a : {SocketApi::AfSmc, SocketApi::IpprotoSmc, SocketApi::SmcRun, SocketApi::Tcp2Smc, SocketApi::Tcp})
    if (s == to_string(a)) return a;
  return std::nullopt;
}

const char* to_string(SocketKind k) {
  switch (k) {
    case SocketKind::Smc: return "smc";
    case SocketKind::PlainTcp: return "plain-tcp";
    case SocketKind::FellBackEarly: return "fell-back-early";
    case SocketKind::Failed: return "failed";
  }
  return "?";
}

SocketOpening open_socket(const profile::KernelProfile& profile, const SocketRequest& r) {
  SocketOpening o;
  switch (r.api) {
    case SocketApi::Tcp:
      return plain("plain TCP socket");
    case SocketApi::SmcRun:
      // LD_PRELOAD only reaches dynamically linked programs (§6 N8); without the module the
      // preload library's AF_SMC socket is unavailable and the program keeps its TCP socket
      // (the seed's OFED case: "smc_run applications stay on TCP").
      if (r.static_binary) return plain("smc_run: LD_PRELOAD does nothing for a statically linked program");
      if (!r.smc_module_loaded) return plain("smc_run: AF_SMC unavailable (SMC module not loaded), the program keeps TCP");
      o.why = "smc_run: socket(AF_INET) rewritten to AF_SMC";
      break;
    case SocketApi::AfSmc:
      if (!r.smc_module_loaded) return failed(kEafnosupport, "socket(AF_SMC): EAFNOSUPPORT, SMC module not loaded");
      o.why = "AF_SMC socket";
      break;
    case SocketApi::IpprotoSmc:
      if (!profile.features.ipproto_smc) return failed(kEprotonosupport, "socket(AF_INET, IPPROTO_SMC): EPROTONOSUPPORT on this kernel");
      if (!r.smc_module_loaded) return failed(kEprotonosupport, "socket(AF_INET, IPPROTO_SMC): EPROTONOSUPPORT, SMC module not loaded");
      o.flavor = sockopt::SocketFlavor::InetSmc;
      o.why = "IPPROTO_SMC socket";
      break;
    case SocketApi::Tcp2Smc:
      if (!profile.features.tcp2smc) return plain("net.smc.tcp2smc does not exist on this kernel: plain TCP");
      if (!r.smc_module_loaded) return plain("net.smc.tcp2smc: SMC module not loaded, plain TCP");
      if (!r.tcp2smc_sysctl) return plain("net.smc.tcp2smc = 0: plain TCP");
      o.flavor = sockopt::SocketFlavor::InetSmc;
      o.why = "tcp2smc: the kernel made the TCP socket an inet-SMC socket";
      break;
  }

  // Options in the order the application sets them; once the descriptor points at the TCP
  // socket, later options are plain TCP options (§7.1).
  for (const auto& call : r.options) {
    if (o.kind != SocketKind::Smc || o.active_no_smc) {
      o.option_errors.push_back(0);
      continue;
    }
    sockopt::SockoptEffect e = sockopt::classify(profile, call.level, call.optname, call.when, o.flavor);
    int err = 0;
    if (e.outcome == sockopt::Outcome::Fallback) {
      if (e.fallback_code == static_cast<std::uint32_t>(clc::DeclineCode::ActiveFallback)) {
        o.active_no_smc = true;
        o.why = call.label + ": inet-SMC socket switched to 'no SMC' (0x03010001 at connect)";
      } else {
        o.kind = SocketKind::FellBackEarly;
        o.early_code = static_cast<clc::DeclineCode>(e.fallback_code);
        o.why = call.label + ": switched to TCP before " + (r.listener ? "listen()" : "connect()");
      }
    } else if (e.outcome == sockopt::Outcome::ErrorAfterApplied || e.outcome == sockopt::Outcome::Refused) {
      err = e.error;
    }
    o.option_errors.push_back(err);
  }
  if (r.msg_fastopen && !r.listener && o.kind == SocketKind::Smc && !o.active_no_smc) {
    sockopt::SockoptEffect e = sockopt::classify_msg_fastopen(profile, sockopt::When::BeforeConnectOrListen, o.flavor);
    if (e.outcome == sockopt::Outcome::Fallback) {
      if (e.fallback_code == static_cast<std::uint32_t>(clc::DeclineCode::ActiveFallback)) {
        o.active_no_smc = true;
      } else {
        o.kind = SocketKind::FellBackEarly;
        o.early_code = static_cast<clc::DeclineCode>(e.fallback_code);
      }
      o.why = "sendto(MSG_FASTOPEN) on an unconnected SMC socket";
    }
  }
  return o;
}

}  // namespace smc::socket
