#include "conformance/ladder/time_axis.h"

#include <algorithm>

namespace smc::ladder {

void TimeAxis::reserve(std::int64_t t, int rows) {
  int& r = rows_[t];
  r = std::max({r, rows, 1});
}

int TimeAxis::gap_px(std::int64_t dt_ns) {
  if (dt_ns <= 0) return 0;
  std::int64_t v = 1 + dt_ns / 1'000;
  std::int64_t p = 1;
  int decades = 0;
  while (v / 10 >= p) {
    p *= 10;
    ++decades;
  }
  std::int64_t frac_pct = (v - p) * 100 / (9 * p);  // 0..100 within the decade
  return 6 + static_cast<int>((12 * (decades * 100 + frac_pct)) / 100);
}

void TimeAxis::layout(int top) {
  base_.clear();
  ticks_.clear();
  int y = top;
  bool first = true;
  std::int64_t prev_t = 0;
  int prev_end = top;
  for (const auto& [t, rows] : rows_) {
    Tick tick;
    tick.t = t;
    if (!first) {
      tick.gap_before = t - prev_t;
      tick.gap_top = prev_end;
      y = prev_end + gap_px(t - prev_t);
    }
    tick.y = y;
    base_[t] = y;
    ticks_.push_back(tick);
    prev_end = y + rows * kRowHeight;
    prev_t = t;
    first = false;
  }
  bottom_ = prev_end;
}

int TimeAxis::y(std::int64_t t, int row) const {
  auto it = base_.find(t);
  int base = it == base_.end() ? bottom_ : it->second;
  return base + row * kRowHeight;
}

}  // namespace smc::ladder
