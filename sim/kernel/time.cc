#include "sim/kernel/time.h"

#include <cstring>

namespace smc::sim {

std::size_t format_ns_to(std::int64_t ns, char* buf) {
  // Work in unsigned so that INT64_MIN has a magnitude.
  bool negative = ns < 0;
  std::uint64_t mag = negative ? (~static_cast<std::uint64_t>(ns) + 1) : static_cast<std::uint64_t>(ns);
  std::uint64_t whole = mag / 1'000'000'000ULL;
  std::uint64_t frac = mag % 1'000'000'000ULL;

  char tmp[32];
  std::size_t n = 0;
  tmp[n++] = 's';
  for (int i = 0; i < 9; ++i) {
    tmp[n++] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  tmp[n++] = '.';
  do {
    tmp[n++] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  if (negative) tmp[n++] = '-';
  for (std::size_t i = 0; i < n; ++i) buf[i] = tmp[n - 1 - i];
  return n;
}

std::string format_duration(SimDuration d) {
  char buf[32];
  return std::string(buf, format_ns_to(d.ns(), buf));
}

std::string format_time(SimTime t) { return format_duration(t.since_start()); }

std::string format_time_padded(SimTime t, int width) {
  std::string s = format_time(t);
  if (width > 0 && s.size() < static_cast<std::size_t>(width)) {
    s.insert(0, static_cast<std::size_t>(width) - s.size(), ' ');
  }
  return s;
}

}  // namespace smc::sim
