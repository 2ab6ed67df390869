#include "hw/lab/lab_json.h"

#include <cstdlib>

namespace smc::lab {

JsonValue JsonValue::boolean(bool b) {
  JsonValue v;
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  return v;
}
JsonValue JsonValue::number(double d) {
  JsonValue v;
  v.kind_ = Kind::Number;
  v.number_ = d;
  return v;
}
JsonValue JsonValue::string(std::string s) {
  JsonValue v;
  v.kind_ = Kind::String;
  v.text_ = std::move(s);
  return v;
}
JsonValue JsonValue::array(std::vector<JsonValue> items) {
  JsonValue v;
  v.kind_ = Kind::Array;
  v.items_ = std::move(items);
  return v;
}
JsonValue JsonValue::object(std::map<std::string, JsonValue> members) {
  JsonValue v;
  v.kind_ = Kind::Object;
  v.members_ = std::move(members);
  return v;
}

const JsonValue* JsonValue::get(const std::string& key) const {
  auto it = members_.find(key);
  return it == members_.end() ? nullptr : &it->second;
}
std::string JsonValue::string_or(const std::string& key, const std::string& fallback) const {
  const auto* v = get(key);
  return v && v->kind_ == Kind::String ? v->text_ : fallback;
}
double JsonValue::number_or(const std::string& key, double fallback) const {
  const auto* v = get(key);
  return v && v->kind_ == Kind::Number ? v->number_ : fallback;
}
bool JsonValue::bool_or(const std::string& key, bool fallback) const {
  const auto* v = get(key);
  return v && v->kind_ == Kind::Bool ? v->bool_ : fallback;
}

namespace {

// Nesting deeper than this is not something the lab writes: refuse rather than recurse.
constexpr int kMaxDepth = 32;

class Parser {
 public:
  explicit Parser(const std::string& t) : t_(t) {}

  Result<JsonValue, std::string> document() {
    auto v = value(0);
    if (!v) return v;
    skip();
    if (at_ != t_.size()) return fail("trailing characters");
    return v;
  }

 private:
  Unexpected<std::string> fail(const std::string& what) const {
    return smc::unexpected("offset " + std::to_string(at_) + ": " + what);
  }
  void skip() {
    while (at_ < t_.size() && (t_[at_] == ' ' || t_[at_] == '\n' || t_[at_] == '\r' || t_[at_] == '\t')) ++at_;
  }
  bool literal(const char* word) {
    std::string w(word);
    if (t_.compare(at_, w.size(), w) != 0) return false;
    at_ += w.size();
    return true;
  }

  Result<JsonValue, std::string> value(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    skip();
    if (at_ >= t_.size()) return fail("unexpected end");
    char c = t_[at_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      auto s = string();
      if (!s) return smc::unexpected(s.error());
      return JsonValue::string(*s);
    }
    if (literal("true")) return JsonValue::boolean(true);
    if (literal("false")) return JsonValue::boolean(false);
    if (literal("null")) return JsonValue();
    if (c == '-' || (c >= '0' && c <= '9')) return number();
    return fail(std::string("unexpected '") + c + "'");
  }

  Result<JsonValue, std::string> number() {
    std::size_t start = at_;
    while (at_ < t_.size() && std::string("+-.eE0123456789").find(t_[at_]) != std::string::npos) ++at_;
    std::string s = t_.substr(start, at_ - start);
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) {
      at_ = start;
      return fail("bad number");
    }
    return JsonValue::number(d);
  }

  Result<std::string, std::string> string() {
    ++at_;  // the opening quote
    std::string out;
    while (at_ < t_.size()) {
      char c = t_[at_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (at_ >= t_.size()) break;
      char e = t_[at_++];
      switch (e) {
        case '"': case '\\': case '/': out += e; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (at_ + 4 > t_.size()) return fail("short \\u escape");
          unsigned code = 0;
          for (int i = 0; i < 4; ++i) {
            char h = t_[at_++];
            code <<= 4;
            if (h >= '0' && h <= '9') code |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') code |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') code |= static_cast<unsigned>(h - 'A' + 10);
            else return fail("bad \\u escape");
          }
          // The lab writes ASCII only; anything else is kept as '?' rather than encoded.
          out += code < 0x80 ? static_cast<char>(code) : '?';
          break;
        }
        default: return fail("bad escape");
      }
    }
    return fail("unterminated string");
  }

  Result<JsonValue, std::string> array(int depth) {
    ++at_;
    std::vector<JsonValue> items;
    skip();
    if (at_ < t_.size() && t_[at_] == ']') {
      ++at_;
      return JsonValue::array(std::move(items));
    }
    for (;;) {
      auto v = value(depth + 1);
      if (!v) return v;
      items.push_back(std::move(*v));
      skip();
      if (at_ < t_.size() && t_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < t_.size() && t_[at_] == ']') {
        ++at_;
        return JsonValue::array(std::move(items));
      }
      return fail("expected ',' or ']'");
    }
  }

  Result<JsonValue, std::string> object(int depth) {
    ++at_;
    std::map<std::string, JsonValue> members;
    skip();
    if (at_ < t_.size() && t_[at_] == '}') {
      ++at_;
      return JsonValue::object(std::move(members));
    }
    for (;;) {
      skip();
      if (at_ >= t_.size() || t_[at_] != '"') return fail("expected a member name");
      auto k = string();
      if (!k) return smc::unexpected(k.error());
      skip();
      if (at_ >= t_.size() || t_[at_] != ':') return fail("expected ':'");
      ++at_;
      auto v = value(depth + 1);
      if (!v) return v;
      members[*k] = std::move(*v);
      skip();
      if (at_ < t_.size() && t_[at_] == ',') {
        ++at_;
        continue;
      }
      if (at_ < t_.size() && t_[at_] == '}') {
        ++at_;
        return JsonValue::object(std::move(members));
      }
      return fail("expected ',' or '}'");
    }
  }

  const std::string& t_;
  std::size_t at_ = 0;
};

}  // namespace

Result<JsonValue, std::string> parse_json(const std::string& text) { return Parser(text).document(); }

}  // namespace smc::lab
