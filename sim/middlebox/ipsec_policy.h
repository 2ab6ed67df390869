#pragma once
// The per-socket IPsec (XFRM) policy flag: IP_IPSEC_POLICY / IPV6_IPSEC_POLICY set on
// the SMC side's TCP socket makes SMC decline with 0x03020000; a system-wide policy
// (Host::global_xfrm_policy) does not (fallback-causes.md §5 0x03020000). The policy's
// contents do not matter to SMC, only its presence.
#include "protocol/ports/stream_transport.h"

namespace smc::sim::middlebox {

inline ports::SockOpt ipsec_policy_option(bool ipv6) {
  return ipv6 ? ports::sockopt::kIpv6IpsecPolicy : ports::sockopt::kIpIpsecPolicy;
}

// Adds a (dummy, one-byte) per-socket policy to a connect or listen request.
template <typename Request>
void add_ipsec_policy(Request& request, bool ipv6 = false) {
  request.options.emplace_back(ipsec_policy_option(ipv6), ports::SockOptValue{wire::Bytes{1}});
}

inline bool has_ipsec_policy(const ports::StreamConnection& c) {
  return c.get_option(ports::sockopt::kIpIpsecPolicy).ok() || c.get_option(ports::sockopt::kIpv6IpsecPolicy).ok();
}

}  // namespace smc::sim::middlebox
