#include <doctest/doctest.h>

#include "sim/kernel/time.h"

using namespace smc::sim;
using namespace smc::sim::literals;

TEST_CASE("durations are integer nanoseconds") {
  CHECK(ns(1).ns() == 1);
  CHECK(us(1).ns() == 1'000);
  CHECK(ms(1).ns() == 1'000'000);
  CHECK(seconds(6).ns() == 6'000'000'000);
  CHECK(1500_us == ms(1) + us(500));
  CHECK(2_s / 4 == 500_ms);
  CHECK(3_ns * 3 == 9_ns);
}

TEST_CASE("time points and durations combine as points and distances") {
  SimTime t = SimTime::zero() + 1_s;
  CHECK(t.ns() == 1'000'000'000);
  CHECK((t + 250_ms) - t == 250_ms);
  CHECK(t - 1_s == SimTime::zero());
  CHECK(SimTime::zero() < t);
  CHECK(t < SimTime::infinite());
}

TEST_CASE("times format as seconds with nine fraction digits") {
  CHECK(format_time(at_ns(12'345'678'901)) == "12.345678901s");
  CHECK(format_time(SimTime::zero()) == "0.000000000s");
  CHECK(format_time(at_ns(1)) == "0.000000001s");
  CHECK(format_duration(seconds(6)) == "6.000000000s");
  CHECK(format_duration(-1500_ms) == "-1.500000000s");
  CHECK(format_duration(SimDuration::from_ns(INT64_MIN)) == "-9223372036.854775808s");
}

TEST_CASE("padded times line up in 17 columns") {
  CHECK(format_time_padded(SimTime::zero() + 1_s) == "     1.000000000s");
  CHECK(format_time_padded(SimTime::zero() + 1_s).size() == 17);
  // Wider values are never cut.
  CHECK(format_time_padded(SimTime::zero() + seconds(123456)) == "123456.000000000s");
}
