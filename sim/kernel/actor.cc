#include "sim/kernel/actor.h"

namespace smc::sim {

Actor::Actor(Simulator& sim, std::string name)
    : sim_(sim), name_(std::move(name)), random_(sim.random_stream(name_)) {
  registered_ = sim_.register_actor(*this);
}

Actor::~Actor() {
  if (registered_ && !sim_detached_) sim_.unregister_actor(*this);
}

}  // namespace smc::sim
