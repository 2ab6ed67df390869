#pragma once
// Trace: the run's record of what happened, and its fingerprint.
//
// The 64-bit trace hash is FNV-1a over the canonical text of every record, each followed
// by '\n' -- i.e. the hash of the text a TextTraceSink would have written. It is kept up
// to date whether or not a sink is attached: with no sink, the record's pieces are fed to
// the hasher directly and no string is built. Two runs of one seed must end with equal
// hashes; `smcsim run --check-determinism` compares them.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "sim/kernel/stable_hash.h"
#include "sim/kernel/trace_record.h"
#include "sim/kernel/trace_sink.h"

namespace smc::sim {

class Trace {
 public:
  Trace() = default;
  Trace(const Trace&) = delete;
  Trace& operator=(const Trace&) = delete;

  void record(const TraceRecord& r);
  void record(SimTime at, std::string_view actor, std::string_view kind,
              std::initializer_list<TraceField> fields = {}) {
    record(TraceRecord{at, actor, kind, std::span<const TraceField>(fields.begin(), fields.size())});
  }

  // Sinks are borrowed: detach one before destroying it. Records go to sinks in the
  // order they were attached.
  void attach(TraceSink& sink);
  void detach(TraceSink& sink);
  bool has_sinks() const { return !sinks_.empty(); }

  std::uint64_t hash() const { return hash_.value(); }
  std::string hash_hex() const;  // 16 lower-case hex digits
  std::uint64_t records() const { return records_; }

 private:
  struct HashOut {
    Fnv1a64& h;
    void append(std::string_view v) { h.append(v); }
    void append_char(char c) { h.append_char(c); }
  };

  std::vector<TraceSink*> sinks_;
  Fnv1a64 hash_;
  std::uint64_t records_ = 0;
};

}  // namespace smc::sim
