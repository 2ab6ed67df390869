#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <vector>

#include "sim/kernel/random.h"
#include "sim/kernel/simulator.h"
#include "sim/kernel/stable_hash.h"

using namespace smc::sim;

// Published vectors: FNV-1a 64 (the FNV reference test suite).
TEST_CASE("FNV-1a 64 matches its published vectors") {
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

// Vigna's splitmix64.c seeded with 0: the values xoshiro's authors use to seed.
TEST_CASE("SplitMix64 seeded with 0 gives the reference outputs") {
  SplitMix64 sm(0);
  CHECK(sm.next() == 0xe220a8397b1dcdafULL);
  CHECK(sm.next() == 0x6e789e6aa1b965f4ULL);
  CHECK(sm.next() == 0x06c45d188009454fULL);
  CHECK(sm.next() == 0xf88bb8a8724c81ecULL);
}

// xoshiro256** from state {1, 2, 3, 4}: the vector used by the rand_xoshiro crate's
// tests of the reference C code.
TEST_CASE("xoshiro256** from state {1,2,3,4} gives the reference outputs") {
  Xoshiro256StarStar x(1, 2, 3, 4);
  CHECK(x.next() == 11520ULL);
  CHECK(x.next() == 0ULL);
  CHECK(x.next() == 1509978240ULL);
  CHECK(x.next() == 1215971899390074240ULL);
}

// Values below were computed by hand (a separate Python transcription of the
// definitions in random.h), not by running this code.
TEST_CASE("pinned draws of (seed, name) streams stay stable") {
  Xoshiro256StarStar x = Xoshiro256StarStar::from_seed(0);
  CHECK(x.next() == 0x99ec5f36cb75f2b4ULL);
  CHECK(x.next() == 0xbf6e1f784956452aULL);

  RandomStream s(Seed(42), "client/eth0");
  CHECK(s.next_u64() == 0x3978decee9a87e17ULL);
  CHECK(s.next_u64() == 0xea31ddbd87a0a1fcULL);
  CHECK(s.next_u64() == 0x8ad39679517b2ec5ULL);
  CHECK(s.draws() == 3);

  RandomStream dice(Seed(1), "dice");
  std::vector<std::uint64_t> rolls;
  for (int i = 0; i < 10; ++i) rolls.push_back(dice.uniform_u64(1, 6));
  CHECK(rolls == std::vector<std::uint64_t>{4, 4, 6, 4, 2, 1, 4, 5, 3, 5});

  RandomStream u(Seed(7), "u01");
  CHECK(u.uniform01() == doctest::Approx(0.018426995409507874).epsilon(1e-15));
  CHECK(u.uniform01() == doctest::Approx(0.5971641441895317).epsilon(1e-15));
}

TEST_CASE("same seed and name give the same sequence in two simulators") {
  Simulator a(Seed(2024)), b(Seed(2024));
  RandomStream sa = a.random_stream("server/rnic0"), sb = b.random_stream("server/rnic0");
  for (int i = 0; i < 100; ++i) CHECK(sa.next_u64() == sb.next_u64());
}

TEST_CASE("two names, or two seeds, give different streams") {
  RandomStream a(Seed(1), "client/eth0"), b(Seed(1), "server/eth0"), c(Seed(2), "client/eth0");
  int same_ab = 0, same_ac = 0;
  for (int i = 0; i < 64; ++i) {
    std::uint64_t va = a.next_u64(), vb = b.next_u64(), vc = c.next_u64();
    same_ab += va == vb;
    same_ac += va == vc;
  }
  CHECK(same_ab == 0);
  CHECK(same_ac == 0);
}

TEST_CASE("adding a component does not change another component's draws") {
  auto draws_of_link = [](bool with_extra_components) {
    Simulator sim(Seed(77));
    std::vector<RandomStream> others;
    if (with_extra_components) {
      others.push_back(sim.random_stream("middlebox/dpvs"));
      others.push_back(sim.random_stream("client/rnic1"));
      for (auto& o : others) (void)o.next_u64();
    }
    RandomStream link = sim.random_stream("link/client-server");
    std::vector<std::uint64_t> v;
    for (int i = 0; i < 16; ++i) {
      v.push_back(link.next_u64());
      for (auto& o : others) (void)o.uniform_u64(0, 9);  // interleaved draws elsewhere
    }
    return v;
  };
  CHECK(draws_of_link(false) == draws_of_link(true));
}

TEST_CASE("uniform integers cover [lo, hi] inclusive and never fall outside") {
  RandomStream r(Seed(3), "uniform");
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    std::uint64_t v = r.uniform_u64(10, 17);
    REQUIRE(v >= 10);
    REQUIRE(v <= 17);
    seen.insert(v);
  }
  CHECK(seen.size() == 8);

  std::set<std::int64_t> seen_signed;
  for (int i = 0; i < 2000; ++i) {
    std::int64_t v = r.uniform_i64(-3, 3);
    REQUIRE(v >= -3);
    REQUIRE(v <= 3);
    seen_signed.insert(v);
  }
  CHECK(seen_signed.size() == 7);

  CHECK(r.uniform_u64(5, 5) == 5);
  (void)r.uniform_u64(0, ~0ULL);  // the full range is allowed
  std::int64_t extreme = r.uniform_i64(INT64_MIN, INT64_MIN + 1);
  CHECK((extreme == INT64_MIN || extreme == INT64_MIN + 1));
}

TEST_CASE("uniform integers are unbiased enough to be trusted") {
  // 60000 draws over 3 values: each count within 5 sigma (~ +-577) of 20000.
  RandomStream r(Seed(11), "bias");
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 60000; ++i) ++counts[r.uniform_u64(0, 2)];
  for (int c : counts) CHECK(std::abs(c - 20000) < 600);
}

TEST_CASE("uniform01 lies in [0,1) on the 2^-53 grid; bernoulli honours its edges") {
  RandomStream r(Seed(4), "real");
  double sum = 0;
  for (int i = 0; i < 10000; ++i) {
    double u = r.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    REQUIRE(std::ldexp(u, 53) == std::floor(std::ldexp(u, 53)));
    sum += u;
  }
  CHECK(sum / 10000 == doctest::Approx(0.5).epsilon(0.02));

  std::uint64_t before = r.draws();
  CHECK_FALSE(r.bernoulli(0.0));
  CHECK(r.bernoulli(1.0));
  CHECK(r.draws() == before);  // the edges draw nothing
  int hits = 0;
  for (int i = 0; i < 10000; ++i) hits += r.bernoulli(0.25);
  CHECK(std::abs(hits - 2500) < 250);
}

TEST_CASE("exponential delays have the requested mean") {
  RandomStream r(Seed(8), "exp");
  double sum = 0;
  for (int i = 0; i < 20000; ++i) {
    SimDuration d = r.exponential(us(100));
    REQUIRE(d >= SimDuration::zero());
    sum += static_cast<double>(d.ns());
  }
  CHECK(sum / 20000 == doctest::Approx(100'000.0).epsilon(0.05));
}
