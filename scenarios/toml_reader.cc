#include "scenarios/toml_reader.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <numeric>
#include <sstream>

namespace smc::scenarios {

namespace {

const char* type_name(toml::value_t t) {
  switch (t) {
    case toml::value_t::boolean: return "a boolean";
    case toml::value_t::integer: return "an integer";
    case toml::value_t::floating: return "a float";
    case toml::value_t::string: return "a string";
    case toml::value_t::array: return "an array";
    case toml::value_t::table: return "a table";
    case toml::value_t::empty: return "empty";
    default: return "a date/time";
  }
}

// "<number><unit>" with an optional fraction; exact integer arithmetic so that "1.5s" is
// 1500000000 ns on every platform.
std::optional<std::int64_t> scaled(const std::string& text, const std::vector<std::pair<std::string, std::int64_t>>& units,
                                   bool unit_required) {
  std::size_t i = 0;
  std::int64_t whole = 0;
  bool digits = false;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (whole > std::numeric_limits<std::int64_t>::max() / 10 - 10) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
    ++i;
    digits = true;
  }
  std::int64_t frac = 0, frac_scale = 1;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      if (frac_scale < 1000000000000LL) {
        frac = frac * 10 + (text[i] - '0');
        frac_scale *= 10;
      }
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  while (i < text.size() && text[i] == ' ') ++i;
  std::string unit = text.substr(i);
  std::int64_t mult = 0;
  if (unit.empty()) {
    if (unit_required) return std::nullopt;
    mult = 1;
  } else {
    for (const auto& [name, m] : units)
      if (unit == name) mult = m;
    if (mult == 0) return std::nullopt;
  }
  if (whole > std::numeric_limits<std::int64_t>::max() / mult) return std::nullopt;
  std::int64_t value = whole * mult;
  // Fraction: frac / frac_scale * mult, reduced by the common divisor first so that it
  // stays exact and inside 64 bits (frac < frac_scale, so the result is < mult).
  if (frac) {
    std::int64_t g = std::gcd(mult, frac_scale);
    value += frac * (mult / g) / (frac_scale / g);
  }
  return value;
}

}  // namespace

std::optional<std::int64_t> parse_duration_ns(const std::string& text) {
  static const std::vector<std::pair<std::string, std::int64_t>> units = {
      {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000LL}, {"min", 60000000000LL}};
  return scaled(text, units, true);
}

std::optional<std::int64_t> parse_bandwidth_bps(const std::string& text) {
  static const std::vector<std::pair<std::string, std::int64_t>> units = {
      {"bit", 1}, {"Kbit", 1000}, {"Mbit", 1000000}, {"Gbit", 1000000000LL}, {"bps", 1},
      {"Kbps", 1000}, {"Mbps", 1000000}, {"Gbps", 1000000000LL}};
  return scaled(text, units, true);
}

std::optional<std::int64_t> parse_size_bytes(const std::string& text) {
  static const std::vector<std::pair<std::string, std::int64_t>> units = {
      {"B", 1}, {"KiB", 1024}, {"MiB", 1024 * 1024}, {"GiB", 1024LL * 1024 * 1024}, {"KB", 1000}, {"MB", 1000000}};
  return scaled(text, units, false);
}

TableReader::TableReader(const TomlValue& table, std::string what, ErrorSink& sink)
    : table_(&table), what_(std::move(what)), sink_(&sink) {}

unsigned TableReader::line() const { return static_cast<unsigned>(table_->location().line()); }

unsigned TableReader::line_of(const std::string& key) const {
  if (table_->is_table()) {
    const auto& t = table_->as_table();
    auto it = t.find(key);
    if (it != t.end()) return static_cast<unsigned>(it->second.location().line());
  }
  return line();
}

bool TableReader::has(const std::string& key) const {
  return table_->is_table() && table_->as_table().count(key) != 0;
}

void TableReader::fail(const std::string& key, const std::string& message) const {
  sink_->fail(line_of(key), what_ + ": " + message);
}

const TomlValue* TableReader::find(const std::string& key) {
  known_.insert(key);
  if (!table_->is_table()) return nullptr;
  const auto& t = table_->as_table();
  auto it = t.find(key);
  return it == t.end() ? nullptr : &it->second;
}

std::optional<std::string> TableReader::opt_string(const std::string& key) {
  const TomlValue* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(key, "'" + key + "' must be a string, not " + type_name(v->type()));
    return std::nullopt;
  }
  return v->as_string().str;
}

std::string TableReader::string(const std::string& key, const std::string& fallback) {
  return opt_string(key).value_or(fallback);
}

std::string TableReader::required_string(const std::string& key) {
  auto s = opt_string(key);
  if (!s && !has(key)) sink_->fail(line(), what_ + ": missing required key '" + key + "'");
  return s.value_or("");
}

std::string TableReader::choice(const std::string& key, const std::vector<std::string>& allowed,
                                const std::string& fallback) {
  auto s = opt_string(key);
  if (!s) return fallback;
  if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, "'" + key + "' is '" + *s + "', expected one of: " + list);
    return fallback;
  }
  return *s;
}

std::optional<std::int64_t> TableReader::opt_int(const std::string& key, std::int64_t min, std::int64_t max) {
  const TomlValue* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_integer()) {
    fail(key, "'" + key + "' must be an integer, not " + type_name(v->type()));
    return std::nullopt;
  }
  std::int64_t i = v->as_integer();
  if (i < min || i > max) {
    fail(key, "'" + key + "' = " + std::to_string(i) + " is outside [" + std::to_string(min) + ", " +
                  std::to_string(max) + "]");
    return std::nullopt;
  }
  return i;
}

std::int64_t TableReader::integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  return opt_int(key, min, max).value_or(fallback);
}

bool TableReader::boolean(const std::string& key, bool fallback) {
  const TomlValue* v = find(key);
  if (!v) return fallback;
  if (!v->is_boolean()) {
    fail(key, "'" + key + "' must be true or false, not " + type_name(v->type()));
    return fallback;
  }
  return v->as_boolean();
}

std::optional<double> TableReader::opt_probability(const std::string& key) {
  const TomlValue* v = find(key);
  if (!v) return std::nullopt;
  double d;
  if (v->is_floating()) d = v->as_floating();
  else if (v->is_integer()) d = static_cast<double>(v->as_integer());
  else {
    fail(key, "'" + key + "' must be a number in [0, 1], not " + type_name(v->type()));
    return std::nullopt;
  }
  if (!(d >= 0.0 && d <= 1.0)) {
    fail(key, "'" + key + "' must be a probability in [0, 1]");
    return std::nullopt;
  }
  return d;
}

namespace {
template <typename Parse>
std::optional<std::int64_t> scaled_value(TableReader& r, const TomlValue* v, const std::string& key, Parse parse,
                                         const char* form) {
  if (!v) return std::nullopt;
  if (v->is_integer()) {
    if (v->as_integer() < 0) {
      r.fail(key, "'" + key + "' must not be negative");
      return std::nullopt;
    }
    return v->as_integer();
  }
  if (v->is_string()) {
    auto p = parse(v->as_string().str);
    if (!p) r.fail(key, "'" + key + "' = \"" + v->as_string().str + "\" is not " + form);
    return p;
  }
  r.fail(key, "'" + key + "' must be " + form);
  return std::nullopt;
}
}  // namespace

std::optional<std::int64_t> TableReader::opt_duration_ns(const std::string& key) {
  return scaled_value(*this, find(key), key, parse_duration_ns, "a duration such as \"6s\", \"250ms\" or \"10us\"");
}

std::int64_t TableReader::duration_ns(const std::string& key, std::int64_t fallback) {
  return opt_duration_ns(key).value_or(fallback);
}

std::optional<std::int64_t> TableReader::opt_bandwidth_bps(const std::string& key) {
  return scaled_value(*this, find(key), key, parse_bandwidth_bps, "a bandwidth such as \"10Gbit\" or \"100Mbit\"");
}

std::optional<std::int64_t> TableReader::opt_size_bytes(const std::string& key) {
  return scaled_value(*this, find(key), key, parse_size_bytes, "a size such as 16384, \"64KiB\" or \"1MiB\"");
}

std::vector<std::string> TableReader::strings(const std::string& key) {
  const TomlValue* v = find(key);
  std::vector<std::string> out;
  if (!v) return out;
  if (v->is_string()) return {v->as_string().str};
  if (!v->is_array()) {
    fail(key, "'" + key + "' must be an array of strings");
    return out;
  }
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) {
      sink_->fail(static_cast<unsigned>(e.location().line()), what_ + ": '" + key + "' must contain only strings");
      return {};
    }
    out.push_back(e.as_string().str);
  }
  return out;
}

std::vector<std::int64_t> TableReader::integers(const std::string& key, std::int64_t min, std::int64_t max) {
  const TomlValue* v = find(key);
  std::vector<std::int64_t> out;
  if (!v) return out;
  if (v->is_integer()) return {v->as_integer()};
  if (!v->is_array()) {
    fail(key, "'" + key + "' must be an array of integers");
    return out;
  }
  for (const auto& e : v->as_array()) {
    if (!e.is_integer() || e.as_integer() < min || e.as_integer() > max) {
      sink_->fail(static_cast<unsigned>(e.location().line()),
                  what_ + ": '" + key + "' must contain integers in [" + std::to_string(min) + ", " +
                      std::to_string(max) + "]");
      return {};
    }
    out.push_back(e.as_integer());
  }
  return out;
}

std::vector<TableReader> TableReader::tables(const std::string& key, const std::string& item_what) {
  const TomlValue* v = find(key);
  std::vector<TableReader> out;
  if (!v) return out;
  if (v->is_table()) {
    out.emplace_back(*v, item_what, *sink_);
    return out;
  }
  if (!v->is_array()) {
    fail(key, "'" + key + "' must be a table or an array of tables ([[" + key + "]])");
    return out;
  }
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const auto& e = v->as_array()[i];
    if (!e.is_table()) {
      sink_->fail(static_cast<unsigned>(e.location().line()), what_ + ": every '" + key + "' entry must be a table");
      return {};
    }
    out.emplace_back(e, item_what + " #" + std::to_string(i + 1), *sink_);
  }
  return out;
}

std::optional<TableReader> TableReader::table(const std::string& key, const std::string& sub_what) {
  const TomlValue* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_table()) {
    fail(key, "'" + key + "' must be a table");
    return std::nullopt;
  }
  return TableReader(*v, sub_what, *sink_);
}

std::vector<std::pair<std::string, std::string>> TableReader::scalar_map(const std::string& key) {
  const TomlValue* v = find(key);
  std::vector<std::pair<std::string, std::string>> out;
  if (!v) return out;
  if (!v->is_table()) {
    fail(key, "'" + key + "' must be a table of values");
    return out;
  }
  for (const auto& [k, e] : v->as_table()) {
    std::string text;
    if (e.is_string()) text = e.as_string().str;
    else if (e.is_integer()) text = std::to_string(e.as_integer());
    else if (e.is_boolean()) text = e.as_boolean() ? "true" : "false";
    else {
      sink_->fail(static_cast<unsigned>(e.location().line()),
                  what_ + ": '" + key + "." + k + "' must be a string, integer or boolean");
      return {};
    }
    out.emplace_back(k, text);
  }
  return out;
}

std::map<std::string, unsigned> TableReader::key_lines() const {
  std::map<std::string, unsigned> out;
  if (table_->is_table())
    for (const auto& [k, v] : table_->as_table()) out[k] = static_cast<unsigned>(v.location().line());
  return out;
}

void TableReader::finish() {
  if (!table_->is_table()) return;
  const std::pair<std::string, const TomlValue*>* first = nullptr;
  std::vector<std::pair<std::string, const TomlValue*>> unknown;
  for (const auto& [k, v] : table_->as_table())
    if (!known_.count(k)) unknown.emplace_back(k, &v);
  for (const auto& u : unknown)
    if (!first || u.second->location().line() < first->second->location().line()) first = &u;
  if (first) {
    std::string known_list;
    for (const auto& k : known_) known_list += (known_list.empty() ? "" : ", ") + k;
    sink_->fail(static_cast<unsigned>(first->second->location().line()),
                what_ + ": unknown key '" + first->first + "' (known keys: " + known_list + ")");
  }
}

ScenarioResult<TomlValue> parse_toml(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  try {
    return toml::parse<toml::discard_comments, std::map, std::vector>(in, file);
  } catch (const toml::exception& e) {
    // toml11 formats a multi-line report; keep its first line, without the "[error]" tag.
    std::string what = e.what();
    std::string first = what.substr(0, what.find('\n'));
    const std::string tag = "[error] ";
    if (first.rfind(tag, 0) == 0) first = first.substr(tag.size());
    return unexpected(ScenarioError{file, static_cast<unsigned>(e.location().line()), "TOML syntax: " + first});
  } catch (const std::exception& e) {
    return unexpected(ScenarioError{file, 0, std::string("TOML: ") + e.what()});
  }
}

}  // namespace smc::scenarios
