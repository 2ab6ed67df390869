#include "sim/kernel/trace.h"

#include <algorithm>

namespace smc::sim {

void Trace::record(const TraceRecord& r) {
  ++records_;
  if (sinks_.empty()) {
    HashOut out{hash_};
    write_trace_text(out, r);
    hash_.append_char('\n');
    return;
  }
  std::string line = format_trace_text(r);
  hash_.append(line);
  hash_.append_char('\n');
  for (TraceSink* s : sinks_) s->consume(r, line);
}

void Trace::attach(TraceSink& sink) {
  if (std::find(sinks_.begin(), sinks_.end(), &sink) == sinks_.end()) sinks_.push_back(&sink);
}

void Trace::detach(TraceSink& sink) {
  sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), &sink), sinks_.end());
}

std::string Trace::hash_hex() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  std::uint64_t v = hash_.value();
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = kHex[v & 15];
  return s;
}

}  // namespace smc::sim
