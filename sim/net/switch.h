#pragma once
// An L2 switch: a transit vertex of the topology. It has no behaviour of its own: frames
// cross it along the path the topology computes (the fixed point of MAC learning on a
// loop-free fabric, with deterministic tie-breaking where the fabric has loops).
#include <cstddef>
#include <string>

namespace smc::sim::net {

class Switch {
 public:
  Switch(std::string name, std::size_t vertex) : name_(std::move(name)), vertex_(vertex) {}
  Switch(const Switch&) = delete;
  Switch& operator=(const Switch&) = delete;
  const std::string& name() const { return name_; }
  std::size_t vertex() const { return vertex_; }

 private:
  std::string name_;
  std::size_t vertex_;
};

}  // namespace smc::sim::net
