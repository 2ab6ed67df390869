// Property: over random switch fabrics (random switches, cables, hosts, links down), the
// path the topology computes between two hosts is valid hop by hop, as short as the
// independent Floyd-Warshall distance says, absent exactly when no path exists, and the
// same on every computation and on an identically built network.
#include <doctest/doctest.h>
#include <rapidcheck.h>

#include <limits>

#include "sim/kernel/simulator.h"
#include "sim/net/network.h"

using namespace smc;
using namespace smc::sim;

namespace {

struct Plan {
  int switches;
  std::vector<std::pair<int, int>> cables;  // switch-switch
  std::vector<int> host_at;                 // switch of each host
  std::vector<bool> down;                   // per cable
};

struct Built {
  Simulator sim{Seed(1)};
  net::Network net{sim};
  std::vector<net::Netns*> hosts;
  std::vector<net::Switch*> sws;
};

void build(Built& b, const Plan& p) {
  for (int i = 0; i < p.switches; ++i) b.sws.push_back(&b.net.add_switch("sw" + std::to_string(i)));
  for (std::size_t h = 0; h < p.host_at.size(); ++h) {
    auto& ns = b.net.add_host("h" + std::to_string(h)).init();
    b.net.connect(ns.add_interface("eth0"), *b.sws[static_cast<std::size_t>(p.host_at[h])]);
    b.hosts.push_back(&ns);
  }
  for (std::size_t c = 0; c < p.cables.size(); ++c) {
    auto& l = b.net.connect(*b.sws[static_cast<std::size_t>(p.cables[c].first)],
                            *b.sws[static_cast<std::size_t>(p.cables[c].second)]);
    if (p.down[c]) b.net.set_link_up(l, false);
  }
}

std::vector<std::uint32_t> ids(const std::optional<std::vector<net::Link*>>& path) {
  std::vector<std::uint32_t> out;
  if (path)
    for (auto* l : *path) out.push_back(l->id());
  return out;
}

}  // namespace

TEST_CASE("computed L2 paths are valid, shortest and deterministic") {
  CHECK(rc::check("paths over random fabrics", [] {
    Plan p;
    p.switches = *rc::gen::inRange(1, 10);
    const int ncables = *rc::gen::inRange(0, p.switches * 3);
    for (int i = 0; i < ncables; ++i) {
      int a = *rc::gen::inRange(0, p.switches);
      int b = *rc::gen::inRange(0, p.switches);
      if (a == b) continue;
      p.cables.emplace_back(a, b);  // parallel cables allowed: ties must still be stable
      p.down.push_back(*rc::gen::inRange(0, 5) == 0);
    }
    const int nhosts = *rc::gen::inRange(2, 6);
    for (int i = 0; i < nhosts; ++i) p.host_at.push_back(*rc::gen::inRange(0, p.switches));

    Built b1, b2;
    build(b1, p);
    build(b2, p);

    // Independent all-pairs distances between switches over the up cables.
    const int n = p.switches;
    constexpr int kInf = std::numeric_limits<int>::max() / 4;
    std::vector<std::vector<int>> d(static_cast<std::size_t>(n), std::vector<int>(static_cast<std::size_t>(n), kInf));
    for (int i = 0; i < n; ++i) d[static_cast<std::size_t>(i)][static_cast<std::size_t>(i)] = 0;
    for (std::size_t c = 0; c < p.cables.size(); ++c) {
      if (p.down[c]) continue;
      auto [a, bb] = p.cables[c];
      d[static_cast<std::size_t>(a)][static_cast<std::size_t>(bb)] = 1;
      d[static_cast<std::size_t>(bb)][static_cast<std::size_t>(a)] = 1;
    }
    for (std::size_t k = 0; k < d.size(); ++k)
      for (std::size_t i = 0; i < d.size(); ++i)
        for (std::size_t j = 0; j < d.size(); ++j)
          d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);

    for (int i = 0; i < nhosts; ++i) {
      for (int j = 0; j < nhosts; ++j) {
        if (i == j) continue;
        auto& from = *b1.hosts[static_cast<std::size_t>(i)]->find_interface("eth0");
        auto& to = *b1.hosts[static_cast<std::size_t>(j)]->find_interface("eth0");
        auto path = b1.net.l2_path(from, to);
        int dist = d[static_cast<std::size_t>(p.host_at[static_cast<std::size_t>(i)])]
                    [static_cast<std::size_t>(p.host_at[static_cast<std::size_t>(j)])];
        RC_ASSERT(path.has_value() == (dist < kInf));
        if (!path) continue;
        // Shortest: host cable + switch hops + host cable.
        RC_ASSERT(static_cast<int>(path->size()) == dist + 2);
        // Valid hop by hop: each link leaves from where the previous one arrived, is up,
        // and only switches are crossed.
        std::size_t at = b1.hosts[static_cast<std::size_t>(i)]->vertex();
        for (std::size_t k = 0; k < path->size(); ++k) {
          net::Link* l = (*path)[k];
          RC_ASSERT(l->up());
          int end = l->end_at(at);
          RC_ASSERT(end >= 0);
          at = l->end(1 - end).vertex;
          if (k + 1 < path->size()) RC_ASSERT(b1.net.topology().vertex(at).transit);
        }
        RC_ASSERT(at == b1.hosts[static_cast<std::size_t>(j)]->vertex());
        // Deterministic: again, and on the identically built twin.
        RC_ASSERT(ids(b1.net.l2_path(from, to)) == ids(path));
        auto& from2 = *b2.hosts[static_cast<std::size_t>(i)]->find_interface("eth0");
        auto& to2 = *b2.hosts[static_cast<std::size_t>(j)]->find_interface("eth0");
        RC_ASSERT(ids(b2.net.l2_path(from2, to2)) == ids(path));
      }
    }
  }));
}

TEST_CASE("ties go to the lowest-numbered neighbour, then the lowest link id") {
  Simulator sim(Seed(1));
  net::Network n(sim);
  auto& a = n.add_host("a").init();
  auto& b = n.add_host("b").init();
  auto& s0 = n.add_switch("s0");
  auto& s1 = n.add_switch("s1");
  auto& s2 = n.add_switch("s2");
  auto& s3 = n.add_switch("s3");
  n.connect(a.add_interface("eth0"), s0);
  n.connect(b.add_interface("eth0"), s3);
  // Two equal paths s0-s2-s3 and s0-s1-s3; the s2 one is cabled first.
  n.connect(s0, s2);
  n.connect(s2, s3);
  auto& via1 = n.connect(s0, s1);
  n.connect(s1, s3);
  auto path = n.l2_path(*a.find_interface("eth0"), *b.find_interface("eth0"));
  REQUIRE(path);
  REQUIRE(path->size() == 4);
  CHECK((*path)[1] == &via1);  // s1 has the lower vertex number than s2
}
