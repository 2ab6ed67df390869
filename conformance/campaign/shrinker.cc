#include "conformance/campaign/shrinker.h"

#include <algorithm>

#include "conformance/scenario_world.h"
#include "scenarios/scenario_validator.h"

namespace smc::conformance::campaign {

using namespace smc::scenarios;

namespace {

template <typename T>
std::vector<T> without(const std::vector<T>& v, std::size_t i) {
  std::vector<T> out = v;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(i));
  return out;
}

// The client apps whose server disappeared go too (else the candidate would not build).
void prune_clients(Scenario& s) {
  auto serves = [&s](const AppSpec& c) {
    auto colon = c.connect.rfind(':');
    if (colon == std::string::npos) return false;
    std::int64_t port = std::stoll(c.connect.substr(colon + 1));
    for (const auto& a : s.apps)
      if (a.role == "server" && a.port == port) return true;
    return false;
  };
  s.apps.erase(std::remove_if(s.apps.begin(), s.apps.end(),
                              [&](const AppSpec& a) { return a.role == "client" && !serves(a); }),
               s.apps.end());
  s.expectations.clear();
}

void add_host_candidates(const Scenario& s, std::size_t hi, std::vector<Scenario>& out) {
  const HostSpec& h = s.hosts[hi];
  auto with = [&](auto&& change) {
    Scenario c = s;
    change(c.hosts[hi]);
    out.push_back(std::move(c));
  };
  for (std::size_t i = h.interfaces.size(); i-- > 1;) with([i](HostSpec& x) { x.interfaces = without(x.interfaces, i); });
  for (std::size_t i = h.routes.size(); i-- > 0;) with([i](HostSpec& x) { x.routes = without(x.routes, i); });
  for (std::size_t i = h.rnics.size(); i-- > 0;) with([i](HostSpec& x) { x.rnics = without(x.rnics, i); });
  for (std::size_t i = h.isms.size(); i-- > 0;) with([i](HostSpec& x) { x.isms = without(x.isms, i); });
  for (std::size_t i = h.pnet.size(); i-- > 0;) with([i](HostSpec& x) { x.pnet = without(x.pnet, i); });
  for (std::size_t i = h.sysctls.size(); i-- > 0;) with([i](HostSpec& x) { x.sysctls = without(x.sysctls, i); });
  for (std::size_t i = h.ueids.size(); i-- > 0;) with([i](HostSpec& x) { x.ueids = without(x.ueids, i); });
  if (h.seid) with([](HostSpec& x) { x.seid.reset(); });
  if (!h.profile.empty()) with([](HostSpec& x) { x.profile.clear(); });
  if (h.arch != "x86_64") with([](HostSpec& x) { x.arch = "x86_64"; });
  if (!h.smc_module) with([](HostSpec& x) { x.smc_module = true; });
  if (h.forwarding) with([](HostSpec& x) { x.forwarding = false; });
  for (std::size_t i = 0; i < h.interfaces.size(); ++i) {
    const auto& itf = h.interfaces[i];
    for (std::size_t a = itf.addresses.size(); a-- > 1;)
      with([i, a](HostSpec& x) { x.interfaces[i].addresses = without(x.interfaces[i].addresses, a); });
    if (itf.mac) with([i](HostSpec& x) { x.interfaces[i].mac.reset(); });
    if (itf.mtu != 1500) with([i](HostSpec& x) { x.interfaces[i].mtu = 1500; });
    if (!itf.pnetid.empty()) with([i](HostSpec& x) { x.interfaces[i].pnetid.clear(); });
  }
  for (std::size_t i = 0; i < h.rnics.size(); ++i) {
    const auto& n = h.rnics[i];
    if (!n.gid_types.empty()) with([i](HostSpec& x) { x.rnics[i].gid_types.clear(); });
    if (n.kind != "mlx5") with([i](HostSpec& x) { x.rnics[i].kind = "mlx5"; });
    if (!n.pnetid.empty()) with([i](HostSpec& x) { x.rnics[i].pnetid.clear(); });
    if (!n.port_up) with([i](HostSpec& x) { x.rnics[i].port_up = true; });
    if (n.netns_mode != "shared" || n.netns != "init")
      with([i](HostSpec& x) { x.rnics[i].netns_mode = "shared", x.rnics[i].netns = "init"; });
  }
  for (std::size_t i = 0; i < h.isms.size(); ++i) {
    if (h.isms[i].vlan_slots != 64) with([i](HostSpec& x) { x.isms[i].vlan_slots = 64; });
    if (h.isms[i].version != 2) with([i](HostSpec& x) { x.isms[i].version = 2; });
  }
}

void add_app_candidates(const Scenario& s, std::size_t ai, std::vector<Scenario>& out) {
  const AppSpec& a = s.apps[ai];
  auto with = [&](auto&& change) {
    Scenario c = s;
    change(c.apps[ai]);
    out.push_back(std::move(c));
  };
  if (a.connections > 1) with([](AppSpec& x) { x.connections = 1; });
  if (a.connections > 2) with([](AppSpec& x) { x.connections /= 2; });
  if (a.send_bytes > 0) with([](AppSpec& x) { x.send_bytes = 0; });
  if (a.send_bytes > 1000) with([](AppSpec& x) { x.send_bytes = 1000; });
  for (std::size_t i = a.sockopts.size(); i-- > 0;) with([i](AppSpec& x) { x.sockopts = without(x.sockopts, i); });
  if (a.start_ns) with([](AppSpec& x) { x.start_ns.reset(); });
  if (a.echo) with([](AppSpec& x) { x.echo = false; });
  if (a.behaviour != "smc") with([](AppSpec& x) { x.behaviour = "smc"; });
  if (a.socket != "af_smc") with([](AppSpec& x) { x.socket = "af_smc", x.binary = "dynamic"; });
  if (a.binary != "dynamic") with([](AppSpec& x) { x.binary = "dynamic"; });
  if (!a.bind.empty()) with([](AppSpec& x) { x.bind.clear(); });
  if (a.role == "client" && a.family != "ipv4") with([](AppSpec& x) { x.family = "ipv4"; });
}

}  // namespace

bool runnable(const Scenario& s) { return !validate_scenario(s) && static_cast<bool>(build_world_setup(s)); }

std::vector<Scenario> shrink_candidates(const Scenario& s) {
  std::vector<Scenario> out;
  // Big cuts first: a host with everything on it, an app, a middlebox, a fault.
  for (std::size_t hi = s.hosts.size(); hi-- > 0;) {
    if (s.hosts.size() <= 1) break;
    Scenario c = s;
    const std::string name = s.hosts[hi].name;
    c.hosts = without(c.hosts, hi);
    std::erase_if(c.apps, [&](const AppSpec& a) { return a.host == name; });
    std::erase_if(c.faults, [&](const FaultSpec& f) { return f.target == name || f.target.rfind(name + "/", 0) == 0; });
    prune_clients(c);
    out.push_back(std::move(c));
  }
  for (std::size_t ai = s.apps.size(); ai-- > 0;) {
    Scenario c = s;
    c.apps = without(c.apps, ai);
    prune_clients(c);
    out.push_back(std::move(c));
  }
  for (std::size_t i = s.middleboxes.size(); i-- > 0;) {
    Scenario c = s;
    c.middleboxes = without(c.middleboxes, i);
    out.push_back(std::move(c));
  }
  for (std::size_t i = s.faults.size(); i-- > 0;) {
    Scenario c = s;
    c.faults = without(c.faults, i);
    out.push_back(std::move(c));
  }
  for (std::size_t i = s.segments.size(); i-- > 0;) {
    Scenario c = s;
    c.segments = without(c.segments, i);
    out.push_back(std::move(c));
  }
  for (std::size_t hi = 0; hi < s.hosts.size(); ++hi) add_host_candidates(s, hi, out);
  for (std::size_t ai = 0; ai < s.apps.size(); ++ai) add_app_candidates(s, ai, out);
  if (s.profile != "linux-6.18") {
    Scenario c = s;
    c.profile = "linux-6.18";
    out.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < s.segments.size(); ++i) {
    if (s.segments[i].delay_ns == 10'000 && !s.segments[i].bandwidth_bps) continue;
    Scenario c = s;
    c.segments[i].delay_ns = 10'000;
    c.segments[i].bandwidth_bps.reset();
    out.push_back(std::move(c));
  }
  return out;
}

Scenario shrink_scenario(Scenario s, const std::function<bool(const Scenario&)>& still_fails, ShrinkStats* stats,
                         std::size_t max_attempts) {
  ShrinkStats local;
  ShrinkStats& st = stats ? *stats : local;
  for (bool progress = true; progress && st.attempts < max_attempts;) {
    progress = false;
    for (auto& c : shrink_candidates(s)) {
      if (st.attempts >= max_attempts) break;
      if (!runnable(c)) continue;
      ++st.attempts;
      if (!still_fails(c)) continue;
      s = std::move(c);
      ++st.accepted;
      progress = true;
      break;
    }
  }
  return s;
}

}  // namespace smc::conformance::campaign
