#include "sim/net/topology.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <tuple>

#include "sim/net/link.h"

namespace smc::sim::net {

std::size_t Topology::add_vertex(std::string name, bool transit) {
  // Add, then fill: the property-taking overload trips a GCC -Wuninitialized false positive
  // inside boost/graph/named_graph.hpp under -fsanitize builds.
  std::size_t v = boost::add_vertex(graph_);
  graph_[v] = TopologyVertex{std::move(name), transit};
  return v;
}

void Topology::add_edge(std::size_t a, std::size_t b, Link* link, std::uint32_t link_id) {
  boost::add_edge(a, b, TopologyEdge{link, link_id}, graph_);
}

std::optional<std::vector<Link*>> Topology::shortest_path(std::size_t from, std::size_t to,
                                                          const std::function<bool(const Link&)>& usable) const {
  const std::size_t n = vertex_count();
  if (from >= n || to >= n) return std::nullopt;
  if (from == to) return std::vector<Link*>{};
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> parent(n, kNone);
  std::vector<Link*> parent_link(n, nullptr);
  std::vector<bool> seen(n, false);
  std::deque<std::size_t> queue{from};
  seen[from] = true;
  std::vector<std::tuple<std::size_t, std::uint32_t, Link*>> next;
  while (!queue.empty()) {
    std::size_t v = queue.front();
    queue.pop_front();
    // Only the source and switches forward; any other vertex is an end point.
    if (v != from && !graph_[v].transit) continue;
    next.clear();
    for (auto [e, end] = boost::out_edges(v, graph_); e != end; ++e) {
      const TopologyEdge& edge = graph_[*e];
      if (usable && !usable(*edge.link)) continue;
      next.emplace_back(boost::target(*e, graph_), edge.link_id, edge.link);
    }
    std::sort(next.begin(), next.end(),
              [](const auto& a, const auto& b) { return std::tie(std::get<0>(a), std::get<1>(a)) <
                                                        std::tie(std::get<0>(b), std::get<1>(b)); });
    for (const auto& [w, id, link] : next) {
      if (seen[w]) continue;
      seen[w] = true;
      parent[w] = v;
      parent_link[w] = link;
      if (w == to) {
        std::vector<Link*> path;
        for (std::size_t x = to; x != from; x = parent[x]) path.push_back(parent_link[x]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      queue.push_back(w);
    }
  }
  return std::nullopt;
}

}  // namespace smc::sim::net
