#include <doctest/doctest.h>

#include <string>

#include "sim/kernel/actor.h"

using namespace smc::sim;
using namespace smc::sim::literals;

namespace {
struct Nic : Actor {
  Nic(Simulator& sim, std::string name) : Actor(sim, std::move(name)) {}
};
}  // namespace

static_assert(!std::is_copy_constructible_v<Actor> && !std::is_move_constructible_v<Actor>);
static_assert(!std::is_copy_assignable_v<Actor> && !std::is_move_assignable_v<Actor>);
static_assert(!std::is_copy_constructible_v<Simulator> && !std::is_move_constructible_v<Simulator>);
static_assert(!std::is_copy_assignable_v<Simulator> && !std::is_move_assignable_v<Simulator>);

TEST_CASE("actors register under their names, in name order") {
  Simulator sim(Seed(1));
  Nic b(sim, "server/rnic0/qp17");
  Nic a(sim, "client/eth0");
  CHECK(a.registered());
  CHECK(b.registered());
  CHECK(sim.find_actor("client/eth0") == &a);
  CHECK(sim.find_actor("nobody") == nullptr);
  REQUIRE(sim.actors().size() == 2);
  CHECK(sim.actors().begin()->first == "client/eth0");
}

TEST_CASE("a duplicate actor name is rejected with a clear error") {
  Simulator sim(Seed(1));
  Nic first(sim, "client/eth0");
  Nic second(sim, "client/eth0");
  CHECK(first.registered());
  CHECK_FALSE(second.registered());
  CHECK(sim.find_actor("client/eth0") == &first);
  auto r = sim.run_until_quiescent();
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == RunError::DuplicateActorName);
  CHECK(r.error().detail == "client/eth0");
  CHECK(r.error().message() == "duplicate actor name \"client/eth0\": actor names must be unique");
}

TEST_CASE("make_actor returns the duplicate-name error as a value") {
  Simulator sim(Seed(1));
  auto a = make_actor<Nic>(sim, "client/eth0");
  REQUIRE(a.ok());
  CHECK((*a)->name() == "client/eth0");
  auto b = make_actor<Nic>(sim, "client/eth0");
  REQUIRE_FALSE(b.ok());
  CHECK(b.error().kind == RunError::DuplicateActorName);
}

TEST_CASE("names that a trace line cannot carry are rejected") {
  for (const char* bad : {"", "client eth0", "a=b", "quo\"te", "tab\there"}) {
    Simulator sim(Seed(1));
    auto a = make_actor<Nic>(sim, bad);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == RunError::InvalidActorName);
  }
}

TEST_CASE("a destroyed actor frees its name") {
  Simulator sim(Seed(1));
  { Nic a(sim, "client/eth0"); }
  CHECK(sim.actors().empty());
  Nic again(sim, "client/eth0");
  CHECK(again.registered());
  CHECK(sim.run_until_quiescent().ok());
}

TEST_CASE("an actor's random stream is the simulator's stream of its name") {
  Simulator sim(Seed(5));
  Nic a(sim, "client/eth0");
  RandomStream expected = sim.random_stream("client/eth0");
  for (int i = 0; i < 4; ++i) CHECK(a.random().next_u64() == expected.next_u64());
}

TEST_CASE("actors trace under their name at the current time") {
  Simulator sim(Seed(1));
  CollectingTraceSink sink;
  sim.trace().attach(sink);
  Nic a(sim, "client/eth0");
  a.schedule_after(1_s, [&] { a.trace("tcp.tx", {{"seq", 1}, {"len", 0}, {"flags", "S"}}); });
  REQUIRE(sim.run_until_quiescent().ok());
  REQUIRE(sink.lines().size() == 1);
  CHECK(sink.lines()[0] == "     1.000000000s client/eth0 tcp.tx seq=1 len=0 flags=S");
}
