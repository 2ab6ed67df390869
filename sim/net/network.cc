#include "sim/net/network.h"

namespace smc::sim::net {

Host& Network::add_host(const std::string& name) {
  hosts_.push_back(std::make_unique<Host>(name));
  Host& h = *hosts_.back();
  std::size_t v = topology_.add_vertex(name, false);
  namespaces_.push_back(std::make_unique<Netns>(sim_, name, *this, h, "init", v));
  h.adopt(*namespaces_.back());
  return h;
}

Netns& Network::add_netns(Host& host, const std::string& ns_name) {
  std::string actor = host.name() + ":" + ns_name;
  std::size_t v = topology_.add_vertex(actor, false);
  namespaces_.push_back(std::make_unique<Netns>(sim_, actor, *this, host, ns_name, v));
  host.adopt(*namespaces_.back());
  return *namespaces_.back();
}

Netns& Network::add_router(const std::string& name) {
  Netns& ns = add_host(name).init();
  ns.set_forwarding(true);
  ns.set_sysctl("net.ipv4.ip_forward", std::int64_t{1});
  return ns;
}

Switch& Network::add_switch(const std::string& name) {
  std::size_t v = topology_.add_vertex(name, true);
  switches_.push_back(std::make_unique<Switch>(name, v));
  return *switches_.back();
}

Link& Network::add_link(Link::End a, Link::End b, LinkParams params) {
  auto id = static_cast<std::uint32_t>(links_.size());
  auto end_name = [&](const Link::End& e) {
    std::string n = topology_.vertex(e.vertex).name;
    if (e.interface) n += "/" + e.interface->name();
    return n;
  };
  links_.push_back(std::make_unique<Link>(sim_, "link:" + end_name(a) + "-" + end_name(b), id, a, b, params));
  Link& l = *links_.back();
  topology_.add_edge(a.vertex, b.vertex, &l, id);
  if (a.interface) a.interface->attach(&l);
  if (b.interface) b.interface->attach(&l);
  return l;
}

Link& Network::connect(SimInterface& a, Switch& s, LinkParams params) {
  return add_link({a.netns().vertex(), &a}, {s.vertex(), nullptr}, params);
}

Link& Network::connect(SimInterface& a, SimInterface& b, LinkParams params) {
  return add_link({a.netns().vertex(), &a}, {b.netns().vertex(), &b}, params);
}

Link& Network::connect(Switch& a, Switch& b, LinkParams params) {
  return add_link({a.vertex(), nullptr}, {b.vertex(), nullptr}, params);
}

Host* Network::host(const std::string& name) const {
  for (const auto& h : hosts_)
    if (h->name() == name) return h.get();
  return nullptr;
}

Switch* Network::find_switch(const std::string& name) const {
  for (const auto& s : switches_)
    if (s->name() == name) return s.get();
  return nullptr;
}

void Network::set_link_up(Link& link, bool up) {
  link.set_up(up);
  link.trace("net.link", {{"up", up}});
}

std::optional<std::vector<Link*>> Network::l2_path(SimInterface& out, SimInterface& to) {
  SimInterface* x = out.netns().physical(out);
  SimInterface* y = to.netns().physical(to);
  if (!x || !y || !x->link() || !y->link()) return std::nullopt;
  Link* lx = x->link();
  Link* ly = y->link();
  if (lx == ly) return std::vector<Link*>{lx};
  const Link::End& sx = lx->end(1 - lx->end_at(x->netns().vertex()));
  const Link::End& sy = ly->end(1 - ly->end_at(y->netns().vertex()));
  if (sx.interface || sy.interface) return std::nullopt;  // a cable to another device, not a switch
  auto middle = topology_.shortest_path(sx.vertex, sy.vertex, [](const Link& l) { return l.up(); });
  if (!middle) return std::nullopt;
  std::vector<Link*> path{lx};
  path.insert(path.end(), middle->begin(), middle->end());
  path.push_back(ly);
  return path;
}

SimInterface* Network::resolve_neighbour(SimInterface& out, const ports::IpAddress& next_hop) {
  ports::IpAddress target = next_hop.unmapped();
  for (const auto& ns : namespaces_) {
    for (const auto& iface : ns->interfaces()) {
      if (iface.get() == &out || !iface->up()) continue;
      if (iface->config().vlan_id != out.config().vlan_id) continue;
      bool owns = false;
      for (const auto& p : iface->config().addresses) owns = owns || p.address == target;
      if (!owns) continue;
      if (l2_path(out, *iface)) return iface.get();
    }
  }
  return nullptr;
}

void Network::transmit(SimInterface& out, SimInterface& to, Packet packet) {
  auto links = l2_path(out, to);
  if (!links) {
    out.netns().trace("net.drop", {{"id", packet.id}, {"reason", "no-l2-path"}, {"to", to.name()}});
    return;
  }
  auto path = std::make_shared<const Path>(Path{std::move(*links), &to});
  SimTime ready = out.netns().physical(out)->reserve_pps_slot(sim_.now());
  hop(std::move(path), 0, out.netns().vertex(), std::move(packet), ready);
}

void Network::hop(std::shared_ptr<const Path> path, std::size_t index, std::size_t from_vertex, Packet packet,
                  SimTime ready) {
  Link& link = *path->links[index];
  if (!link.up()) {
    link.trace("net.drop", {{"id", packet.id}, {"reason", "link-down"}});
    return;
  }
  int from = link.end_at(from_vertex);
  SimTime sent = link.reserve_transmitter(from, ready, packet.frame_size());
  std::uint64_t id = packet.id;
  std::string dropped_by;
  auto emitted = link.filters(from).apply(std::move(packet), &dropped_by);
  if (emitted.empty()) {
    link.trace("net.drop", {{"id", id}, {"reason", "filter"}, {"by", dropped_by}});
    return;
  }
  std::size_t to_vertex = link.end(1 - from).vertex;
  for (auto& e : emitted) {
    SimTime at = sent + link.params().delay + e.delay;
    link.schedule_at(at, [this, path, index, to_vertex, pk = std::move(e.packet)]() mutable {
      arrive(path, index, to_vertex, std::move(pk));
    });
  }
}

void Network::arrive(const std::shared_ptr<const Path>& path, std::size_t index, std::size_t vertex, Packet packet) {
  if (index + 1 == path->links.size()) {
    path->destination->netns().receive(std::move(packet), *path->destination);
    return;
  }
  hop(path, index + 1, vertex, std::move(packet), sim_.now());
}

}  // namespace smc::sim::net
