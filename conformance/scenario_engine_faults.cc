#include "conformance/scenario_engine_faults.h"

#include <vector>

#include "conformance/scenario_snapshot.h"
#include "protocol/handshake/handshake_queue.h"
#include "protocol/profile/kernel_profile.h"
#include "protocol/tcp_option/smc_tcp_option.h"

namespace smc::conformance {

using scenarios::AppSpec;
using scenarios::HostSpec;
using scenarios::Scenario;

namespace {

constexpr std::int64_t kBatchSpacingNs = 1'000'000;  // scenario_world: connections 1 ms apart

const AppSpec* find_app(const Scenario& s, const std::string& name) {
  for (const auto& a : s.apps)
    if (a.name == name) return &a;
  return nullptr;
}

// When connection n (1-based) of app a starts: batches of `concurrency` connections.
std::int64_t connection_start(const AppSpec& a, std::int64_t n) {
  std::int64_t per_batch = a.concurrency > 1 ? a.concurrency : 1;
  return a.start_ns.value_or(0) + (n - 1) / per_batch * kBatchSpacingNs;
}

// The host a client app connects to: by name, else the host owning the address.
std::string target_host(const Scenario& s, const AppSpec& a) {
  std::string target = a.connect.substr(0, a.connect.rfind(':'));
  if (!target.empty() && target.front() == '[') target = target.substr(1, target.size() - 2);
  for (const auto& h : s.hosts)
    if (h.name == target) return h.name;
  auto ip = parse_ip(target).unmapped();
  for (const auto& h : s.hosts)
    for (const auto& itf : h.interfaces)
      for (const auto& addr : itf.addresses)
        if (parse_prefixed(addr).address == ip) return h.name;
  return {};
}

bool host_limits_handshakes(const Scenario& s, const HostSpec& h) {
  if (auto v = sysctl(h, "limit_smc_hs")) return *v != 0;
  if (auto v = sysctl(h, "limit_handshake")) return *v != 0;  // the Anolis name
  auto kp = profile::profile_by_name(h.profile.empty() ? s.profile : h.profile);
  return kp && kp->sysctls.limit_smc_hs.value_or(0) != 0;
}

// Row 13: replays every connection to the server host on its handshake queue.
bool server_keeps_smc_ok(const Scenario& s, const HostSpec& server, const world::ConnectionSetup& cs) {
  if (!host_limits_handshakes(s, server)) return true;
  const std::int64_t d = cs.one_way_delay_ns;
  std::vector<handshake::HandshakeArrival> arrivals;
  std::optional<std::size_t> mine;
  for (const auto& a : s.apps) {
    if (a.role != "client" || a.connect.empty() || target_host(s, a) != server.name) continue;
    for (std::int64_t n = 1; n <= a.connections; ++n) {
      if (a.name == cs.client_app && n == cs.index) mine = arrivals.size();
      std::int64_t t = connection_start(a, n);
      // SYN after one delay; the ACK completes the child after three, when its listen work
      // is queued; the work then holds its worker through Proposal/Accept/Confirm and the
      // first-contact LLC Confirm Link: two more round trips.
      arrivals.push_back({t + d, t + 3 * d, 4 * d, true});
    }
  }
  if (!mine) return true;
  return handshake::plan_handshake_limit(arrivals)[*mine];
}

std::optional<std::int64_t> raw_sysctl(const HostSpec& h, const std::string& full_name) {
  for (const auto& [k, v] : h.sysctls)
    if (k == full_name) return std::stoll(v);
  return std::nullopt;
}

// Row 17: the client's SYN as Linux builds it, with the app's TCP-AO key.
bool syn_has_room_for_smc(const AppSpec& app, const HostSpec& host) {
  std::optional<std::uint8_t> ao_mac;
  bool md5 = false;
  for (const auto& o : app.sockopts) {
    if (o.when == "after-connect") continue;
    if (o.name == "TCP_AO_ADD_KEY")
      ao_mac = static_cast<std::uint8_t>(o.value > 1 ? o.value : tcp_option::kTcpAoDefaultMacLength);
    if (o.name == "TCP_MD5SIG" || o.name == "TCP_MD5SIG_EXT") md5 = true;
  }
  if (!ao_mac && !md5) return true;
  tcp_option::LinuxSynOptions want;
  want.mss = 1460;
  want.sack_permitted = raw_sysctl(host, "net.ipv4.tcp_sack").value_or(1) != 0;
  if (raw_sysctl(host, "net.ipv4.tcp_timestamps").value_or(1) != 0) want.timestamps = std::make_pair(1u, 0u);
  if (raw_sysctl(host, "net.ipv4.tcp_window_scaling").value_or(1) != 0) want.window_scale = 7;
  want.md5 = md5;
  want.ao_mac_length = ao_mac;
  return tcp_option::smc_option_fits_in_syn(want);
}

}  // namespace

std::optional<std::string> apply_engine_effects(const Scenario& s, const HostSpec& client, const HostSpec& server,
                                                world::ConnectionSetup& cs) {
  const AppSpec* app = find_app(s, cs.client_app);
  if (!app) return std::nullopt;  // a scripted client: none of these apply
  cs.start_ns = connection_start(*app, cs.index);
  if (cs.client_smc && !syn_has_room_for_smc(*app, client)) cs.strip_syn = true;
  if (cs.server_smc && !server_keeps_smc_ok(s, server, cs)) cs.strip_syn = true;
  return std::nullopt;
}

std::optional<std::string> apply_sysctl_change(const scenarios::FaultSpec& f, world::ConnectionSetup& cs) {
  if (f.sysctl != "vendor_exp_options" && f.sysctl != "experiment_vendor_options" &&
      f.sysctl != "net.smc.vendor_exp_options" && f.sysctl != "net.smc.experiment_vendor_options")
    return std::string("sysctl-change of '" + f.sysctl + "' (only the Anolis vendor options are modelled)");
  const auto value = static_cast<std::uint32_t>(f.value.value_or(0));
  const std::int64_t at = f.at_ns.value_or(0);
  const std::int64_t d = cs.one_way_delay_ns;
  // When each host builds its own message and checks the peer's answer, on the connection's
  // timeline: the client sends the Proposal once established (2 delays) and checks the Accept
  // (4); the server answers the Proposal (3) and checks the Confirm (5).
  auto apply = [&](negotiation::HostSnapshot& host, std::int64_t builds, std::int64_t checks) {
    if (at <= cs.start_ns + builds * d) host.sysctls.vendor_options = value;
    else if (at <= cs.start_ns + checks * d) host.sysctls.vendor_options_at_check = value;
  };
  auto on = [&](const std::string& h) { return f.target == h || f.target.rfind(h + "/", 0) == 0; };
  if (on(cs.client_host)) apply(cs.client, 2, 4);
  if (on(cs.server_host)) apply(cs.server, 3, 5);
  return std::nullopt;
}

}  // namespace smc::conformance
