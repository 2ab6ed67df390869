#pragma once
// A small JSON reader for what scripts/lab/run writes (objects, arrays, strings, numbers,
// true/false/null). The lab's results are produced by our own agent, but the console they
// travel through is not trusted: every malformed input is an error value, never a crash.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/common/result.h"

namespace smc::lab {

class JsonValue {
 public:
  enum class Kind : std::uint8_t { Null, Bool, Number, String, Array, Object };

  JsonValue() = default;
  static JsonValue boolean(bool b);
  static JsonValue number(double d);
  static JsonValue string(std::string s);
  static JsonValue array(std::vector<JsonValue> items);
  static JsonValue object(std::map<std::string, JsonValue> members);

  Kind kind() const { return kind_; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_array() const { return kind_ == Kind::Array; }

  // Typed access with a fallback for a missing member or another kind.
  const JsonValue* get(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback = "") const;
  double number_or(const std::string& key, double fallback = 0) const;
  bool bool_or(const std::string& key, bool fallback = false) const;
  const std::vector<JsonValue>& items() const { return items_; }
  const std::string& text() const { return text_; }
  double value() const { return number_; }
  bool flag() const { return bool_; }

 private:
  Kind kind_ = Kind::Null;
  bool bool_ = false;
  double number_ = 0;
  std::string text_;
  std::vector<JsonValue> items_;
  std::map<std::string, JsonValue> members_;
};

// The error names the byte offset: "offset 17: expected ':'".
Result<JsonValue, std::string> parse_json(const std::string& text);

}  // namespace smc::lab
