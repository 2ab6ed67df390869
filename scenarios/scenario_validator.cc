#include "scenarios/scenario_validator.h"

#include <map>
#include <set>

#include "protocol/ports/ip_address.h"

namespace smc::scenarios {

namespace {

using ports::IpAddress;
using ports::IpPrefix;

class Validator {
 public:
  explicit Validator(const Scenario& s) : s_(s) {}

  std::optional<ScenarioError> run() {
    check_segments();
    check_hosts();
    check_apps();
    check_peers();
    check_middleboxes();
    check_faults();
    check_expectations();
    check_perf();
    return error_;
  }

 private:
  void fail(unsigned line, std::string message) {
    if (!error_) error_ = ScenarioError{s_.file, line, std::move(message)};
  }

  void check_segments() {
    for (const auto& seg : s_.segments)
      if (!segments_.insert(seg.name).second) fail(seg.line, "segment '" + seg.name + "' is declared twice");
  }

  void check_hosts() {
    if (s_.hosts.empty()) fail(1, "a scenario needs at least one [[host]]");
    for (const auto& h : s_.hosts) {
      if (!hosts_.emplace(h.name, &h).second) fail(h.line, "host '" + h.name + "' is declared twice");
      std::set<std::string> netdevs;
      for (const auto& i : h.interfaces) {
        if (!netdevs.insert(i.name).second)
          fail(i.line, "host '" + h.name + "': interface '" + i.name + "' is declared twice");
        if (!i.segment.empty() && !segments_.count(i.segment))
          fail(line_of(i, "segment"), "host '" + h.name + "' interface '" + i.name + "': no segment named '" + i.segment + "'");
        if (i.vlan != 0 && i.lower.empty())
          fail(line_of(i, "vlan"), "host '" + h.name + "' interface '" + i.name + "': a VLAN interface needs 'lower'");
        for (const auto& a : i.addresses) {
          auto p = IpPrefix::parse(a);
          if (!p) fail(line_of(i, "addresses"), "host '" + h.name + "' interface '" + i.name + "': '" + a + "' is not an address/prefix");
          else host_prefixes_[h.name].push_back(*p);
        }
        if (i.mac && !valid_mac(*i.mac))
          fail(line_of(i, "mac"), "host '" + h.name + "' interface '" + i.name + "': '" + *i.mac + "' is not a MAC address");
      }
      for (const auto& i : h.interfaces)
        if (i.vlan != 0 && !netdevs.count(i.lower))
          fail(line_of(i, "lower"), "host '" + h.name + "' interface '" + i.name + "': lower device '" + i.lower + "' is not declared");
      for (const auto& r : h.routes) {
        if (r.to != "default" && !IpPrefix::parse(r.to))
          fail(line_of(r, "to"), "host '" + h.name + "' route: '" + r.to + "' is not a prefix or 'default'");
        if (!r.dev.empty() && !netdevs.count(r.dev))
          fail(line_of(r, "dev"), "host '" + h.name + "' route: no interface named '" + r.dev + "'");
        if (!r.via.empty()) {
          auto gw = IpAddress::parse(r.via);
          if (!gw) fail(line_of(r, "via"), "host '" + h.name + "' route: gateway '" + r.via + "' is not an address");
          else if (!on_link(h.name, *gw))
            fail(line_of(r, "via"), "host '" + h.name + "' route: gateway " + r.via + " is not on a connected subnet of the host");
        }
      }
      std::set<std::string> devices;
      for (const auto& n : h.rnics) {
        if (!devices.insert(n.name).second) fail(n.line, "host '" + h.name + "': device '" + n.name + "' is declared twice");
        if (!n.netdev.empty() && !netdevs.count(n.netdev))
          fail(line_of(n, "netdev"), "host '" + h.name + "' rnic '" + n.name + "': no interface named '" + n.netdev + "'");
        for (const auto& g : n.gid_types)
          if (g != "roce-v1" && g != "roce-v2")
            fail(line_of(n, "gids"), "host '" + h.name + "' rnic '" + n.name + "': gid type '" + g + "' is not roce-v1 or roce-v2");
      }
      for (const auto& m : h.isms)
        if (!devices.insert(m.name).second) fail(m.line, "host '" + h.name + "': device '" + m.name + "' is declared twice");
      for (const auto& p : h.pnet) {
        if (!p.netdev.empty() && !netdevs.count(p.netdev))
          fail(line_of(p, "netdev"), "host '" + h.name + "' pnet entry: no interface named '" + p.netdev + "'");
        if (!p.device.empty() && !devices.count(p.device))
          fail(line_of(p, "device"), "host '" + h.name + "' pnet entry: no device named '" + p.device + "'");
      }
      if (h.ueids.size() > 4) fail(line_of(h, "ueids"), "host '" + h.name + "': at most 4 UEIDs (the kernel's table size)");
      host_netdevs_[h.name] = netdevs;
      host_devices_[h.name] = devices;
    }
  }

  bool on_link(const std::string& host, const IpAddress& a) const {
    auto it = host_prefixes_.find(host);
    if (it == host_prefixes_.end()) return false;
    for (const auto& p : it->second)
      if (p.contains(a)) return true;
    return false;
  }

  static bool valid_mac(const std::string& m) {
    if (m.size() != 17) return false;
    for (std::size_t i = 0; i < m.size(); ++i) {
      if (i % 3 == 2) {
        if (m[i] != ':') return false;
      } else if (!std::isxdigit(static_cast<unsigned char>(m[i]))) {
        return false;
      }
    }
    return true;
  }

  // "server:5000", "10.0.0.2:5000", "[fd00::2]:5000", "[::ffff:10.0.0.2]:5000"
  void check_endpoint(unsigned line, const std::string& who, const std::string& ep) {
    std::string host;
    std::string port;
    if (!ep.empty() && ep[0] == '[') {
      auto close = ep.find(']');
      if (close == std::string::npos || close + 1 >= ep.size() || ep[close + 1] != ':') {
        fail(line, who + ": '" + ep + "' is not [address]:port");
        return;
      }
      host = ep.substr(1, close - 1);
      port = ep.substr(close + 2);
      if (!IpAddress::parse(host)) fail(line, who + ": '" + host + "' is not an IPv6 address");
    } else {
      auto colon = ep.rfind(':');
      if (colon == std::string::npos) {
        fail(line, who + ": '" + ep + "' needs a port (host:port)");
        return;
      }
      host = ep.substr(0, colon);
      port = ep.substr(colon + 1);
      if (!IpAddress::parse(host) && !hosts_.count(host))
        fail(line, who + ": '" + host + "' is neither an address nor a declared host");
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
      fail(line, who + ": port '" + port + "' is not in 1..65535");
  }

  void check_apps() {
    for (const auto& a : s_.apps) {
      if (!names_.insert(a.name).second) fail(a.line, "app '" + a.name + "': the name is used twice");
      if (!hosts_.count(a.host)) fail(line_of(a, "host"), "app '" + a.name + "': no host named '" + a.host + "'");
      if (a.role == "client") check_endpoint(line_of(a, "connect"), "app '" + a.name + "'", a.connect);
      if (!a.bind.empty() && !IpAddress::parse(a.bind)) fail(line_of(a, "bind"), "app '" + a.name + "': bind '" + a.bind + "' is not an address");
    }
  }

  void check_peers() {
    for (const auto& p : s_.scripted_peers) {
      if (!names_.insert(p.name).second) fail(p.line, "peer '" + p.name + "': the name is used twice");
      if (!hosts_.count(p.host)) fail(line_of(p, "host"), "peer '" + p.name + "': no host named '" + p.host + "'");
      if (p.role == "client") check_endpoint(line_of(p, "connect"), "peer '" + p.name + "'", p.connect);
      if (p.role == "server" && p.port == 0) fail(p.line, "peer '" + p.name + "': a scripted server needs 'port'");
      if (p.steps.empty()) fail(p.line, "peer '" + p.name + "': a scripted peer needs at least one [[peer.step]]");
    }
  }

  bool target_exists(const std::string& t) const {
    if (segments_.count(t) || hosts_.count(t)) return true;
    auto slash = t.find('/');
    if (slash == std::string::npos) return false;
    std::string host = t.substr(0, slash), obj = t.substr(slash + 1);
    auto nd = host_netdevs_.find(host);
    auto dv = host_devices_.find(host);
    return (nd != host_netdevs_.end() && nd->second.count(obj)) || (dv != host_devices_.end() && dv->second.count(obj));
  }

  void check_middleboxes() {
    for (const auto& m : s_.middleboxes)
      if (!segments_.count(m.on) && !hosts_.count(m.on))
        fail(line_of(m, "on"), "middlebox '" + m.kind + "': 'on' = '" + m.on + "' is neither a segment nor a host");
  }

  void check_faults() {
    for (const auto& f : s_.faults) {
      if (!target_exists(f.target))
        fail(line_of(f, "target"), "fault '" + f.kind + "': target '" + f.target +
                         "' is not a segment, a host, or host/interface or host/device");
      if (f.at_ns && *f.at_ns > s_.duration_ns)
        fail(line_of(f, "at"), "fault '" + f.kind + "': 'at' is after the end of the run (scenario duration)");
    }
  }

  // [perf]: the measured client must be a declared client app.
  void check_perf() {
    if (!s_.perf) return;
    const auto& p = *s_.perf;
    bool any_client = false, named = p.client.empty();
    for (const auto& a : s_.apps) {
      any_client = any_client || a.role == "client";
      named = named || (a.role == "client" && a.name == p.client);
    }
    if (!any_client) fail(p.line, "[perf] needs a client app whose connection it measures");
    else if (!named) fail(line_of(p, "client"), "[perf] client '" + p.client + "' is not a client app");
  }

  void check_expectations() {
    for (const auto& e : s_.expectations)
      if (!names_.count(e.app)) fail(line_of(e, "app"), "expect: no app or peer named '" + e.app + "'");
  }

  const Scenario& s_;
  std::optional<ScenarioError> error_;
  std::set<std::string> segments_;
  std::set<std::string> names_;
  std::map<std::string, const HostSpec*> hosts_;
  std::map<std::string, std::vector<IpPrefix>> host_prefixes_;
  std::map<std::string, std::set<std::string>> host_netdevs_;
  std::map<std::string, std::set<std::string>> host_devices_;
};

}  // namespace

std::optional<ScenarioError> validate_scenario(const Scenario& s) { return Validator(s).run(); }

}  // namespace smc::scenarios
