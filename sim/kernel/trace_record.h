#pragma once
// One structured trace record: (time, actor, kind, ordered key=value fields), and its
// canonical text form. The canonical text is what a text sink prints and what the run's
// trace hash is computed over, so "same trace" means "same text, byte for byte":
//
//      1.000000000s client/eth0 tcp.tx seq=1 len=0 flags=S
//
// time right-aligned in 17 columns, one space, actor, one space, kind, then " key=value"
// per field in the order given. Text values that are empty or contain a space, '"', '=',
// '\' or a byte outside printable ASCII are written in double quotes with \" \\ \n \t
// and \xHH escapes, so a line always splits back into its fields.
//
// Records borrow everything (string_views, a span of fields): building one allocates
// nothing, which keeps tracing cheap when no sink listens.
#include <charconv>
#include <concepts>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "sim/kernel/time.h"

namespace smc::sim {

class TraceValue {
 public:
  enum class Type : std::uint8_t { Int, Uint, Hex, Bool, Text, Duration };

  template <std::signed_integral T>
    requires(!std::same_as<T, bool>)
  constexpr TraceValue(T v) : type_(Type::Int), i_(v) {}
  template <std::unsigned_integral T>
    requires(!std::same_as<T, bool>)
  constexpr TraceValue(T v) : type_(Type::Uint), u_(v) {}
  constexpr TraceValue(bool v) : type_(Type::Bool), u_(v ? 1 : 0) {}
  constexpr TraceValue(std::string_view v) : type_(Type::Text), text_(v) {}
  constexpr TraceValue(const char* v) : type_(Type::Text), text_(v) {}
  TraceValue(const std::string& v) : type_(Type::Text), text_(v) {}
  constexpr TraceValue(SimDuration d) : type_(Type::Duration), i_(d.ns()) {}

  // 0x-prefixed lower-case hex, zero-padded to at least `digits` (smcss prints decline
  // codes as hex(0x03030008, 8)).
  static constexpr TraceValue hex(std::uint64_t v, int digits = 1) {
    TraceValue t(v);
    t.type_ = Type::Hex;
    t.digits_ = static_cast<std::uint8_t>(digits < 1 ? 1 : (digits > 16 ? 16 : digits));
    return t;
  }

  Type type() const { return type_; }
  std::int64_t as_int() const { return i_; }
  std::uint64_t as_uint() const { return u_; }
  std::string_view as_text() const { return text_; }
  int hex_digits() const { return digits_; }

 private:
  Type type_;
  std::uint8_t digits_ = 1;
  union {
    std::int64_t i_;
    std::uint64_t u_;
  };
  std::string_view text_;
};

struct TraceField {
  std::string_view key;
  TraceValue value;
};

struct TraceRecord {
  SimTime at;
  std::string_view actor;
  std::string_view kind;
  std::span<const TraceField> fields;
};

namespace trace_detail {
inline bool needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '=' || c == '\\') return true;
  }
  return false;
}

template <typename Out>
void write_quoted(Out& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.append_char('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.append_char('\\');
      out.append_char(c);
    } else if (c == '\n') {
      out.append(std::string_view("\\n"));
    } else if (c == '\t') {
      out.append(std::string_view("\\t"));
    } else if (u < 0x20 || u >= 0x7f) {
      const char esc[4] = {'\\', 'x', kHex[u >> 4], kHex[u & 15]};
      out.append(std::string_view(esc, 4));
    } else {
      out.append_char(c);
    }
  }
  out.append_char('"');
}

// The value's text without quoting decisions for Text (callers decide).
template <typename Out>
void write_scalar(Out& out, const TraceValue& v) {
  char buf[40];
  switch (v.type()) {
    case TraceValue::Type::Int: {
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
      break;
    }
    case TraceValue::Type::Uint: {
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_uint());
      out.append(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
      break;
    }
    case TraceValue::Type::Hex: {
      buf[0] = '0';
      buf[1] = 'x';
      char digits[17];
      auto r = std::to_chars(digits, digits + sizeof digits, v.as_uint(), 16);
      int n = static_cast<int>(r.ptr - digits);
      int pad = v.hex_digits() > n ? v.hex_digits() - n : 0;
      std::size_t len = 2;
      for (int i = 0; i < pad; ++i) buf[len++] = '0';
      for (int i = 0; i < n; ++i) buf[len++] = digits[i];
      out.append(std::string_view(buf, len));
      break;
    }
    case TraceValue::Type::Bool:
      out.append(v.as_uint() != 0 ? std::string_view("true") : std::string_view("false"));
      break;
    case TraceValue::Type::Duration:
      out.append(std::string_view(buf, format_ns_to(v.as_int(), buf)));
      break;
    case TraceValue::Type::Text:
      out.append(v.as_text());
      break;
  }
}
}  // namespace trace_detail

// Writes the canonical text of `r` (without the trailing newline) into `out`, which
// needs append(std::string_view) and append_char(char): a std::string adaptor or a hasher.
template <typename Out>
void write_trace_text(Out& out, const TraceRecord& r) {
  char tbuf[40];
  std::size_t n = format_ns_to(r.at.ns(), tbuf);
  for (std::size_t i = n; i < 17; ++i) out.append_char(' ');
  out.append(std::string_view(tbuf, n));
  out.append_char(' ');
  out.append(r.actor);
  out.append_char(' ');
  out.append(r.kind);
  for (const TraceField& f : r.fields) {
    out.append_char(' ');
    out.append(f.key);
    out.append_char('=');
    if (f.value.type() == TraceValue::Type::Text && trace_detail::needs_quotes(f.value.as_text())) {
      trace_detail::write_quoted(out, f.value.as_text());
    } else {
      trace_detail::write_scalar(out, f.value);
    }
  }
}

// Canonical text of one record, without newline.
std::string format_trace_text(const TraceRecord& r);
// One JSON object (no newline): {"t":"1.000000000s","t_ns":1000000000,"actor":...,
// "kind":...,"fields":{...}} with fields in record order; integers and booleans as JSON
// numbers/literals, hex codes and durations as strings.
std::string format_trace_json(const TraceRecord& r);

}  // namespace smc::sim
