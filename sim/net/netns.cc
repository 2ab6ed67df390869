#include "sim/net/netns.h"

#include <algorithm>

#include "sim/net/host.h"
#include "sim/net/network.h"

namespace smc::sim::net {

using ports::IpAddress;
using ports::IpPrefix;
using ports::Route;
using ports::RouteError;
using ports::RouteLookup;

Netns::Netns(Simulator& sim, std::string actor_name, Network& network, Host& host, std::string ns_name,
             std::size_t vertex)
    : Actor(sim, std::move(actor_name)), network_(network), host_(host), ns_name_(std::move(ns_name)), vertex_(vertex) {
  // Linux defaults that the TCP layer and SMC read.
  sysctls_["net.ipv4.ip_local_port_range"] = std::string("32768 60999");
  sysctls_["net.ipv4.ip_local_reserved_ports"] = std::string("");
  sysctls_["net.ipv4.tcp_syn_retries"] = std::int64_t{6};
  sysctls_["net.ipv4.tcp_synack_retries"] = std::int64_t{5};
  sysctls_["net.ipv4.tcp_syncookies"] = std::int64_t{1};
  sysctls_["net.ipv4.tcp_fastopen"] = std::int64_t{1};
  sysctls_["net.core.somaxconn"] = std::int64_t{4096};
  // net.smc defaults as measured on 6.12 (kernel-lab.md).
  sysctls_["net.smc.autocorking_size"] = std::int64_t{65536};
  sysctls_["net.smc.limit_smc_hs"] = std::int64_t{0};
  sysctls_["net.smc.rmem"] = std::int64_t{65536};
  sysctls_["net.smc.wmem"] = std::int64_t{65536};
  sysctls_["net.smc.smcr_buf_type"] = std::int64_t{0};
  sysctls_["net.smc.smcr_max_conns_per_lgr"] = std::int64_t{255};
  sysctls_["net.smc.smcr_max_links_per_lgr"] = std::int64_t{2};
  sysctls_["net.smc.smcr_testlink_time"] = std::int64_t{30};
}

SimInterface& Netns::add_interface(const std::string& name, std::uint32_t mtu) {
  ports::NetInterface c;
  c.name = name;
  c.ifindex = static_cast<int>(interfaces_.size()) + 2;  // 1 is lo
  c.mac = network_.next_mac();
  c.mtu = mtu;
  interfaces_.push_back(std::make_unique<SimInterface>(*this, std::move(c)));
  return *interfaces_.back();
}

SimInterface& Netns::add_vlan(const std::string& lower, std::uint16_t vlan_id, std::string name) {
  if (name.empty()) name = lower + "." + std::to_string(vlan_id);
  SimInterface* low = find_interface(lower);
  SimInterface& v = add_interface(name, low ? low->config().mtu : 1500);
  v.config().vlan_id = vlan_id;
  v.config().lower_device = lower;
  if (low) v.config().mac = low->config().mac;  // a VLAN device shares its lower device's MAC
  return v;
}

bool Netns::add_address(const std::string& ifname, const std::string& prefix) {
  SimInterface* i = find_interface(ifname);
  auto p = IpPrefix::parse(prefix);
  if (!i || !p) return false;
  i->config().addresses.push_back(*p);
  Route r;
  r.destination = p->network();
  r.interface = ifname;
  r.preferred_source = p->address;
  routes_.push_back(r);
  return true;
}

void Netns::add_route(Route route) {
  route.destination = route.destination.network();
  routes_.push_back(std::move(route));
}

void Netns::add_default_route(const std::string& gateway, const std::string& ifname) {
  auto gw = IpAddress::parse(gateway);
  if (!gw) return;
  Route r;
  r.destination = IpPrefix{gw->is_v4() ? IpAddress::v4(0) : IpAddress::v6({}), 0};
  r.gateway = *gw;
  r.interface = ifname;
  routes_.push_back(r);
}

bool Netns::remove_routes_to(const IpPrefix& destination) {
  auto net = destination.network();
  auto before = routes_.size();
  routes_.erase(std::remove_if(routes_.begin(), routes_.end(), [&](const Route& r) { return r.destination == net; }),
                routes_.end());
  return routes_.size() != before;
}

void Netns::set_interface_up(const std::string& ifname, bool up) {
  if (auto* i = find_interface(ifname)) {
    i->config().up = up;
    trace("net.ifstate", {{"if", ifname}, {"up", up}});
  }
}

SimInterface* Netns::find_interface(const std::string& name) const {
  for (const auto& i : interfaces_)
    if (i->name() == name) return i.get();
  return nullptr;
}

SimInterface* Netns::physical(SimInterface& iface) const {
  if (iface.config().lower_device.empty()) return &iface;
  return find_interface(iface.config().lower_device);
}

std::optional<ports::SysctlValue> Netns::sysctl(const std::string& key) const {
  if (key.rfind("net.smc.", 0) == 0 && !host_.smc_module_loaded) return std::nullopt;
  auto it = sysctls_.find(key);
  if (it == sysctls_.end()) return std::nullopt;
  return it->second;
}

std::int64_t Netns::sysctl_int(const std::string& key, std::int64_t fallback) const {
  auto v = sysctl(key);
  if (!v) return fallback;
  if (const auto* i = std::get_if<std::int64_t>(&*v)) return *i;
  return fallback;
}

bool Netns::is_local_address(const IpAddress& addr) const {
  IpAddress a = addr.unmapped();
  if (a.is_loopback()) return true;
  for (const auto& i : interfaces_)
    for (const auto& p : i->config().addresses)
      if (p.address == a) return true;
  return false;
}

Result<RouteLookup, RouteError> Netns::route_lookup(const IpAddress& destination) const {
  IpAddress dst = destination.unmapped();
  if (is_local_address(dst)) return RouteLookup{"lo", true, dst, dst, ports::RouteType::Local};
  const Route* best = nullptr;
  for (const auto& r : routes_) {
    if (!r.destination.contains(dst)) continue;
    if (const auto* i = find_interface(r.interface); r.type == ports::RouteType::Unicast && (!i || !i->up())) continue;
    // Longest prefix, then lowest metric; the first added wins a full tie.
    if (!best || r.destination.length > best->destination.length ||
        (r.destination.length == best->destination.length && r.metric < best->metric))
      best = &r;
  }
  if (!best) return smc::unexpected(RouteError::NoRoute);
  if (best->type == ports::RouteType::Unreachable) return smc::unexpected(RouteError::Unreachable);
  if (best->type == ports::RouteType::Blackhole) return smc::unexpected(RouteError::Blackhole);
  RouteLookup out;
  out.interface = best->interface;
  out.direct = !best->gateway.has_value();
  out.next_hop = best->gateway ? best->gateway->unmapped() : dst;
  out.type = best->type;
  // Source: the route's preferred source, else the device's address whose subnet holds the
  // next hop, else its first (primary) address of the family that is not link-local
  // (unless the destination is link-local too).
  const SimInterface* dev = find_interface(best->interface);
  std::optional<IpAddress> src;
  if (best->preferred_source && best->preferred_source->family() == dst.family()) src = best->preferred_source;
  if (!src && dev)
    for (const auto& p : dev->config().addresses)
      if (p.contains(out.next_hop)) { src = p.address; break; }
  if (!src && dev)
    for (const auto& p : dev->config().addresses)
      if (p.address.family() == dst.family() && (p.address.is_link_local() == dst.is_link_local())) {
        src = p.address;
        break;
      }
  if (!src) return smc::unexpected(RouteError::NoSourceAddress);
  out.source = *src;
  return out;
}

void Netns::trace_drop(const Packet& p, std::string_view reason, std::string_view detail) {
  trace("net.drop", {{"id", p.id}, {"reason", reason}, {"detail", detail}, {"pkt", p.summary()}});
}

bool Netns::send(Packet packet) {
  packet.id = network_.next_packet_id();
  packet.src = packet.src.unmapped();
  packet.dst = packet.dst.unmapped();
  if (packet.src.is_unspecified()) {
    auto r = route_lookup(packet.dst);
    if (r) packet.src = r->source;
  }
  trace("net.tx", {{"id", packet.id}, {"pkt", packet.summary()}});
  return output(std::move(packet), false);
}

bool Netns::output(Packet packet, bool forwarded) {
  std::string dropped_by;
  auto emitted = egress_.apply(std::move(packet), &dropped_by);
  if (emitted.empty()) {
    trace("net.drop", {{"reason", "egress-filter"}, {"by", dropped_by}});
    return false;
  }
  bool ok = true;
  for (auto& e : emitted) {
    Packet& p = e.packet;
    auto route = route_lookup(p.dst);
    if (!route) {
      trace_drop(p, "no-route", ports::to_string(route.error()));
      ok = false;
      continue;
    }
    if (route->type == ports::RouteType::Local) {
      if (forwarded) {
        deliver_local(std::move(p));
        continue;
      }
      schedule_after(e.delay, [this, pk = std::move(p)]() mutable { deliver_local(std::move(pk)); });
      continue;
    }
    SimInterface* out = find_interface(route->interface);
    SimInterface* neighbour = out ? network_.resolve_neighbour(*out, route->next_hop) : nullptr;
    if (!neighbour) {
      trace_drop(p, "no-neighbour", route->next_hop.to_string());
      ok = false;
      continue;
    }
    p.vlan = out->config().vlan_id;
    if (e.delay > SimDuration::zero()) {
      schedule_after(e.delay, [this, out, neighbour, pk = std::move(p)]() mutable {
        network_.transmit(*out, *neighbour, std::move(pk));
      });
    } else {
      network_.transmit(*out, *neighbour, std::move(p));
    }
  }
  return ok;
}

void Netns::receive(Packet packet, SimInterface& on) {
  std::string dropped_by;
  auto emitted = ingress_.apply(std::move(packet), &dropped_by);
  if (emitted.empty()) {
    trace("net.drop", {{"if", on.name()}, {"reason", "ingress-filter"}, {"by", dropped_by}});
    return;
  }
  for (auto& e : emitted) {
    Packet& p = e.packet;
    p.vlan.reset();
    if (is_local_address(p.dst)) {
      if (e.delay > SimDuration::zero())
        schedule_after(e.delay, [this, pk = std::move(p)]() mutable { deliver_local(std::move(pk)); });
      else
        deliver_local(std::move(p));
      continue;
    }
    if (!forwarding_) {
      trace_drop(p, "not-local");
      continue;
    }
    if (p.ttl <= 1) {
      trace_drop(p, "ttl-exceeded");
      continue;
    }
    --p.ttl;
    trace("net.fwd", {{"id", p.id}, {"in", on.name()}, {"dst", p.dst.to_string()}});
    output(std::move(p), true);
  }
}

void Netns::deliver_local(Packet packet) {
  trace("net.rx", {{"id", packet.id}, {"pkt", packet.summary()}});
  auto it = handlers_.find(packet.protocol);
  if (it == handlers_.end() || !it->second) {
    trace_drop(packet, "no-protocol-handler");
    return;
  }
  it->second(std::move(packet));
}

}  // namespace smc::sim::net
