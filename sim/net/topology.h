#pragma once
// The shape of the network as a Boost.Graph: one vertex per node (a network namespace or
// a switch), one edge per link. Paths are computed from it, never stored by hand.
//
// Path rule (what an L2 fabric of learning switches converges to, made deterministic):
// fewest hops; among equally short paths, the one whose sequence of (vertex, link id)
// choices is smallest, because the breadth-first search expands vertices in order of
// discovery and each vertex's edges sorted by (neighbour vertex, link id). Down links are
// left out; only transit vertices (switches) may be crossed in the middle of a path.
#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace smc::sim::net {

class Link;

struct TopologyVertex {
  std::string name;
  bool transit = false;  // a switch: frames may cross it
};
struct TopologyEdge {
  Link* link = nullptr;
  std::uint32_t link_id = 0;
};

using TopologyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, TopologyVertex,
                                            TopologyEdge>;

class Topology {
 public:
  std::size_t add_vertex(std::string name, bool transit);
  void add_edge(std::size_t a, std::size_t b, Link* link, std::uint32_t link_id);

  const TopologyGraph& graph() const { return graph_; }
  std::size_t vertex_count() const { return boost::num_vertices(graph_); }
  const TopologyVertex& vertex(std::size_t v) const { return graph_[v]; }

  // Links of the shortest usable path from vertex `from` to vertex `to` (see the rule
  // above), or nullopt when none exists. from == to gives an empty path.
  // `usable` decides per link (e.g. "is up"); unset means every link.
  std::optional<std::vector<Link*>> shortest_path(std::size_t from, std::size_t to,
                                                  const std::function<bool(const Link&)>& usable = {}) const;

 private:
  TopologyGraph graph_;
};

}  // namespace smc::sim::net
