#pragma once
// Virtual time of a simulated run: integer nanoseconds (as ns-3 does), never floating
// point, so that sums of delays are exact and a run on any machine sees the same instants.
// SimTime is a point on the run's clock (0 = start of the run); SimDuration is a signed
// distance between two points. Keeping them distinct types lets the compiler refuse
// "time + time" and other unit mistakes.
#include <compare>
#include <cstdint>
#include <limits>
#include <string>

namespace smc::sim {

class SimDuration {
 public:
  constexpr SimDuration() = default;
  static constexpr SimDuration from_ns(std::int64_t ns) { return SimDuration(ns); }
  static constexpr SimDuration zero() { return SimDuration(0); }
  static constexpr SimDuration max() { return SimDuration(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }

  constexpr auto operator<=>(const SimDuration&) const = default;
  constexpr SimDuration operator+(SimDuration o) const { return SimDuration(ns_ + o.ns_); }
  constexpr SimDuration operator-(SimDuration o) const { return SimDuration(ns_ - o.ns_); }
  constexpr SimDuration operator-() const { return SimDuration(-ns_); }
  constexpr SimDuration operator*(std::int64_t k) const { return SimDuration(ns_ * k); }
  constexpr SimDuration operator/(std::int64_t k) const { return SimDuration(ns_ / k); }
  constexpr SimDuration& operator+=(SimDuration o) { ns_ += o.ns_; return *this; }
  constexpr SimDuration& operator-=(SimDuration o) { ns_ -= o.ns_; return *this; }

 private:
  constexpr explicit SimDuration(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

class SimTime {
 public:
  constexpr SimTime() = default;  // the start of the run
  static constexpr SimTime from_ns(std::int64_t ns) { return SimTime(ns); }
  static constexpr SimTime zero() { return SimTime(0); }
  // "Never": a deadline no run reaches. Arithmetic on it is not meaningful.
  static constexpr SimTime infinite() { return SimTime(std::numeric_limits<std::int64_t>::max()); }

  constexpr std::int64_t ns() const { return ns_; }
  constexpr SimDuration since_start() const { return SimDuration::from_ns(ns_); }

  constexpr auto operator<=>(const SimTime&) const = default;
  constexpr SimTime operator+(SimDuration d) const { return SimTime(ns_ + d.ns()); }
  constexpr SimTime operator-(SimDuration d) const { return SimTime(ns_ - d.ns()); }
  constexpr SimDuration operator-(SimTime o) const { return SimDuration::from_ns(ns_ - o.ns_); }
  constexpr SimTime& operator+=(SimDuration d) { ns_ += d.ns(); return *this; }

 private:
  constexpr explicit SimTime(std::int64_t ns) : ns_(ns) {}
  std::int64_t ns_ = 0;
};

constexpr SimDuration ns(std::int64_t v) { return SimDuration::from_ns(v); }
constexpr SimDuration us(std::int64_t v) { return SimDuration::from_ns(v * 1'000); }
constexpr SimDuration ms(std::int64_t v) { return SimDuration::from_ns(v * 1'000'000); }
constexpr SimDuration seconds(std::int64_t v) { return SimDuration::from_ns(v * 1'000'000'000); }
constexpr SimTime at_ns(std::int64_t v) { return SimTime::from_ns(v); }

namespace literals {
constexpr SimDuration operator""_ns(unsigned long long v) { return ns(static_cast<std::int64_t>(v)); }
constexpr SimDuration operator""_us(unsigned long long v) { return us(static_cast<std::int64_t>(v)); }
constexpr SimDuration operator""_ms(unsigned long long v) { return ms(static_cast<std::int64_t>(v)); }
constexpr SimDuration operator""_s(unsigned long long v) { return seconds(static_cast<std::int64_t>(v)); }
}  // namespace literals

// "12.345678901s": whole seconds, a dot, exactly nine digits of nanoseconds, "s".
// Negative durations get a leading '-'. This is the form every trace line uses.
std::string format_duration(SimDuration d);
std::string format_time(SimTime t);
// The same, right-aligned in a field of `width` characters (traces use 17, so runs
// shorter than 100000 s line up: "     1.000000000s").
std::string format_time_padded(SimTime t, int width = 17);

// Writes format_duration's text into buf (at least 32 bytes); returns its length.
// Used where a std::string per call would cost too much (the trace hash).
std::size_t format_ns_to(std::int64_t ns, char* buf);

}  // namespace smc::sim
