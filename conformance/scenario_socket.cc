#include "conformance/scenario_socket.h"

#include "protocol/profile/kernel_profile.h"
#include "protocol/sockopt/sockopt_support.h"

namespace smc::conformance {

using namespace smc::negotiation;
using smc::scenarios::AppSpec;
using smc::scenarios::HostSpec;

std::optional<std::pair<int, int>> sockopt_number(const scenarios::SockoptSpec& o) {
  if (const auto* row = sockopt::find_row(o.name)) return std::make_pair(row->level, row->optname);
  int level = o.level == "SOL_SOCKET" ? sockopt::kSolSocket
              : o.level == "SOL_TCP"  ? sockopt::kSolTcp
              : o.level == "SOL_IP"   ? sockopt::kSolIp
              : o.level == "SOL_IPV6" ? sockopt::kSolIpv6
              : o.level == "SOL_SMC"  ? sockopt::kSolSmc
                                      : -1;
  if (level < 0 || o.name.empty() || o.name.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::make_pair(level, std::stoi(o.name));
}

Result<socket::SocketOpening, std::string> open_app_socket(const AppSpec& a, const HostSpec& h,
                                                           const std::string& profile_name) {
  socket::SocketRequest r;
  auto api = socket::socket_api_from_string(a.socket);
  if (!api) return smc::unexpected("socket '" + a.socket + "' of app '" + a.name + "'");
  r.api = *api;
  r.static_binary = a.binary == "static";
  r.smc_module_loaded = h.smc_module;
  r.tcp2smc_sysctl = sysctl(h, "tcp2smc").value_or(0) != 0;
  r.listener = a.role == "server";
  r.msg_fastopen = a.fastopen;
  for (const auto& o : a.sockopts) {
    if (o.name == "IP_XFRM_POLICY" || o.name == "IPV6_XFRM_POLICY") continue;  // the IPsec check (C3/S4)
    auto num = sockopt_number(o);
    if (!num) return smc::unexpected("sockopt '" + o.name + "' of app '" + a.name + "'");
    socket::SocketOptionCall call;
    call.level = num->first;
    call.optname = num->second;
    call.when = o.when == "after-connect" ? sockopt::When::AfterConnectOrListen : sockopt::When::BeforeConnectOrListen;
    call.label = o.level + " " + o.name;
    r.options.push_back(call);
  }
  auto profile = profile::profile_by_name(profile_name);
  if (!profile) return smc::unexpected("unknown kernel profile '" + profile_name + "'");
  return socket::open_socket(*profile, r);
}

Result<HsPolicy, std::string> hs_policy_for(const HostSpec& h, const ScenarioIp& peer) {
  HsPolicy p;
  if (h.bpf_policy.empty()) return p;
  std::string limit;
  for (const auto& [k, v] : h.bpf_policy)
    if (k == "peer") limit = v;
  if (!limit.empty()) {
    auto pre = parse_prefixed(limit);
    auto in = IpPrefix{pre.address, pre.len};
    if (!in.contains(peer)) return p;
  }
  for (const auto& [k, v] : h.bpf_policy) {
    if (k == "syn_option") p.no_syn_option = v == "0";
    else if (k == "synack_option") p.no_synack_option = v == "0";
    else if (k != "peer") return smc::unexpected("host '" + h.name + "': bpf key '" + k + "'");
  }
  return p;
}

void apply_ipsec(const AppSpec& a, ConnectionContext& conn) {
  for (const auto& o : a.sockopts)
    if (o.name == "IP_XFRM_POLICY" || o.name == "IPV6_XFRM_POLICY") conn.ipsec_policy = o.value != 0;
}

}  // namespace smc::conformance
