#pragma once
// The vertical axis of a ladder: simulated time mapped to y, compressed non-linearly so that a
// 10 µs hop and a 6 s CLC timeout both read well. Every distinct time point gets the rows it
// needs (one per arrow leaving or arriving there, so equal-time events never overlap) and the
// gap between consecutive time points grows with the logarithm of the time between them,
// computed with integers so that the same log gives the same bytes everywhere.
#include <cstdint>
#include <map>
#include <vector>

namespace smc::ladder {

class TimeAxis {
 public:
  static constexpr int kRowHeight = 34;

  // Time point t needs at least `rows` rows (the largest request wins).
  void reserve(std::int64_t t, int rows);
  // Places the time points from y = top down; call after every reserve().
  void layout(int top);

  // y of row `row` at time point t (t must have been reserved).
  int y(std::int64_t t, int row = 0) const;
  int bottom() const { return bottom_; }

  struct Tick {
    std::int64_t t = 0;
    int y = 0;
    std::int64_t gap_before = 0;  // time since the previous tick (0 for the first)
    int gap_top = 0;              // y where the gap before this tick starts
  };
  const std::vector<Tick>& ticks() const { return ticks_; }

  // Extra space for a gap of dt ns between consecutive time points: 6 px plus 12 px per
  // decade of (1 + dt / 1 µs), linear within a decade.
  static int gap_px(std::int64_t dt_ns);

 private:
  std::map<std::int64_t, int> rows_;
  std::map<std::int64_t, int> base_;
  std::vector<Tick> ticks_;
  int bottom_ = 0;
};

}  // namespace smc::ladder
