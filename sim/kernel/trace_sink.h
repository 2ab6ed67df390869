#pragma once
// Where trace records go when someone listens. A sink receives each record together
// with its canonical text line (already built once for the hash), so a text sink costs
// a write and a JSON sink its own formatting.
#include <iosfwd>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kernel/trace_record.h"

namespace smc::sim {

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  // `text` is the canonical line of `record`, without newline.
  virtual void consume(const TraceRecord& record, std::string_view text) = 0;
};

// Canonical text lines, one per record, to a stream.
class TextTraceSink final : public TraceSink {
 public:
  explicit TextTraceSink(std::ostream& out) : out_(out) {}
  void consume(const TraceRecord& record, std::string_view text) override;

 private:
  std::ostream& out_;
};

// JSON lines (one object per record), to a stream.
class JsonTraceSink final : public TraceSink {
 public:
  explicit JsonTraceSink(std::ostream& out) : out_(out) {}
  void consume(const TraceRecord& record, std::string_view text) override;

 private:
  std::ostream& out_;
};

// Keeps the canonical lines in memory: for tests and the determinism check.
class CollectingTraceSink final : public TraceSink {
 public:
  void consume(const TraceRecord& record, std::string_view text) override;
  const std::vector<std::string>& lines() const { return lines_; }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

}  // namespace smc::sim
