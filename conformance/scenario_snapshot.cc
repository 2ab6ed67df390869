#include "conformance/scenario_snapshot.h"

#include <fmt/format.h>

namespace smc::conformance {

using namespace smc::negotiation;
using smc::scenarios::HostSpec;
using Ip = ScenarioIp;

namespace {

template <typename R>
Ip unwrap_ip(R r) {
  if constexpr (requires { r.has_value(); }) {
    return r.value_or(Ip{});
  } else {
    return r;
  }
}

}  // namespace

Ip parse_ip(const std::string& text) { return unwrap_ip(Ip::parse(text)); }

PrefixedAddress parse_prefixed(const std::string& text) {
  PrefixedAddress p;
  auto slash = text.find('/');
  std::string addr = text.substr(0, slash);
  p.v6 = addr.find(':') != std::string::npos;
  p.address = parse_ip(addr);
  p.len = static_cast<std::uint8_t>(slash == std::string::npos ? (p.v6 ? 128 : 32) : std::stoi(text.substr(slash + 1)));
  return p;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

std::optional<std::int64_t> sysctl(const HostSpec& h, const std::string& name) {
  for (const auto& [k, v] : h.sysctls)
    if (k == name || k == "net.smc." + name) return std::stoll(v);
  return std::nullopt;
}

HostSnapshot snapshot_of(const HostSpec& h, std::size_t index) {
  HostSnapshot snap;
  snap.host_id = h.name;
  snap.hostname = h.name;
  snap.system_id = {0xa1, 0xb2, 0x02, 0, 0, 0, 0, static_cast<std::uint8_t>(index + 1)};
  snap.smc_module_loaded = h.smc_module;
  snap.seid_enabled = h.seid.has_value() || h.arch == "s390x";
  if (h.seid) snap.seid = *h.seid;
  snap.ueids = h.ueids;
  for (const auto& i : h.interfaces) {
    NetDevice d;
    d.name = i.name;
    for (const auto& a : i.addresses) {
      auto p = parse_prefixed(a);
      d.addresses.push_back(InterfaceAddress{p.address, p.len});
    }
    d.lower = i.lower;
    d.vlan_id = static_cast<std::uint16_t>(i.vlan);
    d.pnetid = i.pnetid;
    d.netns = i.netns;
    snap.netdevs.push_back(d);
  }
  for (const auto& r : h.routes) {
    Route rt;
    if (r.to == "default") {
      rt.destination = Ip::v4(0, 0, 0, 0);
      rt.prefix_len = 0;
    } else {
      auto p = parse_prefixed(r.to);
      rt.destination = p.address;
      rt.prefix_len = p.len;
    }
    if (!r.via.empty()) {
      rt.gateway = parse_ip(r.via);
      rt.gateway_is_v6 = r.via.find(':') != std::string::npos && r.to.find(':') == std::string::npos;
    }
    rt.unreachable = r.unreachable;
    rt.device = r.dev.empty() && !h.interfaces.empty() ? h.interfaces.front().name : r.dev;
    snap.routes.push_back(rt);
  }
  std::uint8_t ordinal = 0;  // the device's place on its host: distinct MACs and RoCEv1 GIDs
  for (const auto& n : h.rnics) {
    ++ordinal;
    RdmaDevice dev;
    dev.name = n.name;
    dev.netns = n.netns;
    if (n.netns_mode == "exclusive") snap.rdma_netns_exclusive = true;
    RdmaPort port;
    port.active = n.port_up;
    port.netdev = n.netdev;
    port.pnetid = n.pnetid;
    port.mac = {0x02, 0, 0, 0, static_cast<std::uint8_t>(index + 1), ordinal};
    std::vector<std::string> types = n.gid_types;
    if (types.empty()) types = n.kind == "erdma" ? std::vector<std::string>{"roce-v2"}
                                                 : std::vector<std::string>{"roce-v1", "roce-v2"};
    for (const auto& t : types) {
      if (t == "roce-v1") {
        port.gids.push_back(GidEntry{GidType::RoceV1, parse_ip(fmt::format("fe80::ff:fe{:02x}:{:x}", ordinal - 1, index + 1)), n.netdev});
      } else {
        // A RoCEv2 GID per address of the port's netdev (and of VLAN devices above it).
        for (const auto& i : h.interfaces) {
          if (i.name != n.netdev && i.lower != n.netdev) continue;
          for (const auto& a : i.addresses) {
            auto p = parse_prefixed(a);
            if (!p.v6 || !starts_with(a, "fe80")) port.gids.push_back(GidEntry{GidType::RoceV2, p.address, i.name});
          }
        }
      }
    }
    dev.ports.push_back(port);
    snap.rdma.push_back(dev);
  }
  for (const auto& m : h.isms) {
    IsmDevice d;
    d.name = m.name;
    d.loopback = m.kind == "loopback-ism";
    d.gid = m.gid ? static_cast<std::uint64_t>(*m.gid) : 0x1000 + index;
    d.chid = static_cast<std::uint16_t>(m.chid);
    d.v2_capable = m.version == 2;
    d.pnetid = m.pnetid;
    d.vlan_table_full = m.vlan_slots == 0;
    snap.ism.push_back(d);
  }
  for (const auto& p : h.pnet) {
    for (auto& d : snap.netdevs)
      if (d.name == p.netdev) d.pnetid = p.pnetid;
    for (auto& d : snap.rdma)
      if (d.name == p.device)
        for (auto& port : d.ports) port.pnetid = p.pnetid;
    for (auto& d : snap.ism)
      if (d.name == p.device) d.pnetid = p.pnetid;
  }
  if (auto v = sysctl(h, "limit_smc_hs")) snap.sysctls.limit_smc_hs = *v != 0;
  if (auto v = sysctl(h, "smcr_max_conns_per_lgr")) snap.sysctls.max_conns_per_lgr = static_cast<std::uint8_t>(*v);
  if (auto v = sysctl(h, "smcr_max_links_per_lgr")) snap.sysctls.max_links_per_lgr = static_cast<std::uint8_t>(*v);
  // Anolis names it vendor_exp_options (5.10.134-015) or experiment_vendor_options (-016 on).
  for (const char* name : {"vendor_exp_options", "experiment_vendor_options"})
    if (auto v = sysctl(h, name)) snap.sysctls.vendor_options = static_cast<std::uint32_t>(*v);
  snap.ipsec_global_policy = h.ipsec_global;
  return snap;
}

void fill_ism_reach(std::vector<HostSnapshot>& hosts) {
  for (auto& h : hosts)
    for (auto& d : h.ism) {
      d.reachable_gids.clear();
      for (const auto& other : hosts)
        for (const auto& o : other.ism) {
          bool same_host = &other == &h;
          if (d.loopback ? (same_host && o.loopback) : (!o.loopback && o.chid == d.chid)) d.reachable_gids.push_back(o.gid);
        }
    }
}

std::optional<ScenarioIp> host_address(const HostSpec& h, bool v6, const std::string& bind) {
  if (!bind.empty()) return parse_ip(bind);
  for (const auto& i : h.interfaces)
    for (const auto& a : i.addresses) {
      auto p = parse_prefixed(a);
      if (p.v6 == v6 && !(v6 && starts_with(a, "fe80"))) return p.address;
    }
  for (const auto& i : h.interfaces)
    for (const auto& a : i.addresses)
      if (parse_prefixed(a).v6 == v6) return parse_prefixed(a).address;
  return std::nullopt;
}

}  // namespace smc::conformance
