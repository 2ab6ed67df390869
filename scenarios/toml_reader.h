#pragma once
// Strict, line-aware reading of TOML tables for scenario files. Every key a reader is asked
// for is marked known; `finish()` reports the first unknown key (by line), so a misspelt key
// is an error, never silently ignored. The first error wins and later reads return defaults,
// which keeps the parser free of exceptions and early returns at every call.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml.hpp>

#include "scenarios/scenario_error.h"

namespace smc::scenarios {

// std::map tables: toml11's default unordered_map would make error order depend on hashing.
using TomlValue = toml::basic_value<toml::discard_comments, std::map, std::vector>;

class ErrorSink {
 public:
  explicit ErrorSink(std::string file) : file_(std::move(file)) {}
  void fail(unsigned line, std::string message) {
    if (!error_) error_ = ScenarioError{file_, line, std::move(message)};
  }
  bool failed() const { return error_.has_value(); }
  const std::optional<ScenarioError>& error() const { return error_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::optional<ScenarioError> error_;
};

class TableReader {
 public:
  // `what` names the table in messages: "host 'client'", "[scenario]".
  TableReader(const TomlValue& table, std::string what, ErrorSink& sink);

  unsigned line() const;
  unsigned line_of(const std::string& key) const;
  bool has(const std::string& key) const;
  const std::string& what() const { return what_; }
  ErrorSink& sink() const { return *sink_; }
  void fail(const std::string& key, const std::string& message) const;

  std::optional<std::string> opt_string(const std::string& key);
  std::string string(const std::string& key, const std::string& fallback = {});
  std::string required_string(const std::string& key);
  // One of `allowed`; the message lists them.
  std::string choice(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback);
  std::optional<std::int64_t> opt_int(const std::string& key, std::int64_t min, std::int64_t max);
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max);
  bool boolean(const std::string& key, bool fallback);
  std::optional<double> opt_probability(const std::string& key);
  // "6s", "100ms", "2.5s", "10us", "500ns" or an integer of nanoseconds.
  std::optional<std::int64_t> opt_duration_ns(const std::string& key);
  std::int64_t duration_ns(const std::string& key, std::int64_t fallback);
  // "10Gbit", "100Mbit", "1Gbps" -> bits per second.
  std::optional<std::int64_t> opt_bandwidth_bps(const std::string& key);
  // 16384, "64KiB", "1MiB".
  std::optional<std::int64_t> opt_size_bytes(const std::string& key);
  std::vector<std::string> strings(const std::string& key);
  std::vector<std::int64_t> integers(const std::string& key, std::int64_t min, std::int64_t max);
  // An array of tables ([[host.interface]]) or a single inline table.
  std::vector<TableReader> tables(const std::string& key, const std::string& item_what);
  std::optional<TableReader> table(const std::string& key, const std::string& sub_what);
  // A table of scalar values kept as text (sysctls, message field overrides), in key order.
  std::vector<std::pair<std::string, std::string>> scalar_map(const std::string& key);

  // Reports the first unknown key of this table (by line).
  void finish();
  // The line of every key present in the table.
  std::map<std::string, unsigned> key_lines() const;

 private:
  const TomlValue* find(const std::string& key);
  const TomlValue* table_;
  std::string what_;
  ErrorSink* sink_;
  std::set<std::string> known_;
};

// Parses a whole file's text; syntax errors come back as file:line: message.
ScenarioResult<TomlValue> parse_toml(const std::string& text, const std::string& file);

// Exposed for tests.
std::optional<std::int64_t> parse_duration_ns(const std::string& text);
std::optional<std::int64_t> parse_bandwidth_bps(const std::string& text);
std::optional<std::int64_t> parse_size_bytes(const std::string& text);

}  // namespace smc::scenarios
