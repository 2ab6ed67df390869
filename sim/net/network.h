#pragma once
// The simulated network: owns hosts, namespaces, switches and links, holds the topology
// graph, and carries frames along L2 paths. A frame crosses each link of its path in turn:
// it waits for the link's transmitter (bandwidth), is filtered (faults, middleboxes),
// propagates (delay) and arrives at the next vertex, where a switch passes it on and a
// namespace receives it. The sending device's packets-per-second cap is applied before
// the first link.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/kernel/simulator.h"
#include "sim/net/host.h"
#include "sim/net/link.h"
#include "sim/net/netns.h"
#include "sim/net/switch.h"
#include "sim/net/topology.h"

namespace smc::sim::net {

class Network {
 public:
  explicit Network(Simulator& sim) : sim_(sim) {}
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  Simulator& simulator() const { return sim_; }

  Host& add_host(const std::string& name);  // with its initial namespace
  Netns& add_netns(Host& host, const std::string& ns_name);
  // A standalone router: a host whose initial namespace forwards.
  Netns& add_router(const std::string& name);
  Switch& add_switch(const std::string& name);

  Link& connect(SimInterface& a, Switch& s, LinkParams params = {});
  Link& connect(SimInterface& a, SimInterface& b, LinkParams params = {});  // a cable or a veth pair
  Link& connect(Switch& a, Switch& b, LinkParams params = {});

  Host* host(const std::string& name) const;
  Switch* find_switch(const std::string& name) const;
  const std::vector<std::unique_ptr<Link>>& links() const { return links_; }
  Link* link(std::uint32_t id) const { return id < links_.size() ? links_[id].get() : nullptr; }
  const Topology& topology() const { return topology_; }

  // Link down/up (traced); paths are recomputed.
  void set_link_up(Link& link, bool up);

  // The neighbour owning `next_hop` on the L2 segment (and VLAN) of `out`, if any.
  SimInterface* resolve_neighbour(SimInterface& out, const ports::IpAddress& next_hop);
  // The links a frame from `out` to `to` crosses, or nullopt if they are not connected.
  std::optional<std::vector<Link*>> l2_path(SimInterface& out, SimInterface& to);

  // Puts a frame on the wire from `out` to the neighbour `to` (called by Netns).
  void transmit(SimInterface& out, SimInterface& to, Packet packet);

  std::uint64_t next_packet_id() { return ++packet_ids_; }
  std::uint64_t packets_sent() const { return packet_ids_; }

 private:
  struct Path {
    std::vector<Link*> links;
    SimInterface* destination;
  };
  void hop(std::shared_ptr<const Path> path, std::size_t index, std::size_t from_vertex, Packet packet,
           SimTime ready);
  void arrive(const std::shared_ptr<const Path>& path, std::size_t index, std::size_t vertex, Packet packet);
  Link& add_link(Link::End a, Link::End b, LinkParams params);
  ports::MacAddress next_mac() { return ports::mac_from_u64(0x020000000000ULL + ++macs_); }
  friend class Netns;

  Simulator& sim_;
  Topology topology_;
  std::vector<std::unique_ptr<Host>> hosts_;
  std::vector<std::unique_ptr<Netns>> namespaces_;  // creation order = vertex order among namespaces
  std::vector<std::unique_ptr<Switch>> switches_;
  std::vector<std::unique_ptr<Link>> links_;  // index = link id
  std::uint64_t packet_ids_ = 0;
  std::uint64_t macs_ = 0;
};

}  // namespace smc::sim::net
