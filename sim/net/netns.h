#pragma once
// A network namespace: the unit that owns interfaces, addresses, routes, sysctls and a
// TCP stack, and a vertex of the topology. A host has an initial namespace ("init") and
// may have more; a router is a namespace with forwarding on.
//
// Packets are routed hop by hop: a namespace looks up the destination in its own routing
// table (longest prefix, then lowest metric, then the route added first), resolves the
// next hop to a neighbour on the outgoing device's L2 segment, and hands the frame to the
// network. A packet to one of its own addresses is delivered through loopback.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ports/host_config.h"
#include "sim/kernel/actor.h"
#include "sim/net/packet.h"
#include "sim/net/packet_filter.h"
#include "sim/net/sim_interface.h"

namespace smc::sim::net {

class Host;
class Network;

class Netns : public Actor {
 public:
  // Actor name: the host's name for its initial namespace, "host:ns" for the others.
  Netns(Simulator& sim, std::string actor_name, Network& network, Host& host, std::string ns_name,
        std::size_t vertex);

  Network& network() const { return network_; }
  Host& host() const { return host_; }
  const std::string& ns_name() const { return ns_name_; }
  std::size_t vertex() const { return vertex_; }

  // --- configuration ---------------------------------------------------------------
  // A physical device (cable it with Network::connect). MAC addresses are assigned in
  // creation order, so they are stable for a given scenario.
  SimInterface& add_interface(const std::string& name, std::uint32_t mtu = 1500);
  // A VLAN sub-interface "lower.vid" (or `name`) on top of `lower`.
  SimInterface& add_vlan(const std::string& lower, std::uint16_t vlan_id, std::string name = {});
  // Adds "10.0.0.1/24" to a device and, like the kernel, the connected route for its
  // prefix. Returns false if the device does not exist or the text is not a prefix.
  bool add_address(const std::string& ifname, const std::string& prefix);
  void add_route(ports::Route route);
  // Convenience: "0.0.0.0/0 via gw dev ifname" (or ::/0 for an IPv6 gateway).
  void add_default_route(const std::string& gateway, const std::string& ifname);
  bool remove_routes_to(const ports::IpPrefix& destination);
  void set_forwarding(bool on) { forwarding_ = on; }
  bool forwarding() const { return forwarding_; }
  void set_interface_up(const std::string& ifname, bool up);

  SimInterface* find_interface(const std::string& name) const;
  // Interfaces in ifindex order.
  const std::vector<std::unique_ptr<SimInterface>>& interfaces() const { return interfaces_; }
  // The device whose cable carries this device's frames (itself, or a VLAN's lower device).
  SimInterface* physical(SimInterface& iface) const;
  const std::vector<ports::Route>& routes() const { return routes_; }

  std::optional<ports::SysctlValue> sysctl(const std::string& key) const;
  void set_sysctl(const std::string& key, ports::SysctlValue value) { sysctls_[key] = std::move(value); }
  std::int64_t sysctl_int(const std::string& key, std::int64_t fallback) const;

  // --- addresses and routing --------------------------------------------------------
  bool is_local_address(const ports::IpAddress& addr) const;
  Result<ports::RouteLookup, ports::RouteError> route_lookup(const ports::IpAddress& destination) const;

  // --- packets ----------------------------------------------------------------------
  using ProtocolHandler = std::function<void(Packet)>;
  void set_protocol_handler(IpProtocol p, ProtocolHandler h) { handlers_[p] = std::move(h); }
  // Filters on everything this namespace sends (egress) or receives (ingress).
  FilterChain& egress_filters() { return egress_; }
  FilterChain& ingress_filters() { return ingress_; }

  // Sends a locally originated packet. Its id and (if unspecified) source are filled in.
  // Returns false (and traces the drop) when it cannot leave: no route, no neighbour.
  bool send(Packet packet);
  // A frame arriving on one of this namespace's devices (called by the network).
  void receive(Packet packet, SimInterface& on);

 private:
  bool output(Packet packet, bool forwarded);
  void deliver_local(Packet packet);
  void trace_drop(const Packet& p, std::string_view reason, std::string_view detail = {});

  Network& network_;
  Host& host_;
  std::string ns_name_;
  std::size_t vertex_;
  std::vector<std::unique_ptr<SimInterface>> interfaces_;
  std::vector<ports::Route> routes_;
  std::map<std::string, ports::SysctlValue> sysctls_;
  std::map<IpProtocol, ProtocolHandler> handlers_;
  FilterChain egress_, ingress_;
  bool forwarding_ = false;
};

}  // namespace smc::sim::net
