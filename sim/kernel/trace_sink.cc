#include "sim/kernel/trace_sink.h"

#include <ostream>

namespace smc::sim {

namespace {
struct StringOut {
  std::string& s;
  void append(std::string_view v) { s.append(v); }
  void append_char(char c) { s.push_back(c); }
};

void append_json_string(std::string& s, std::string_view v) {
  static constexpr char kHex[] = "0123456789abcdef";
  s.push_back('"');
  for (char c : v) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': s.append("\\\""); break;
      case '\\': s.append("\\\\"); break;
      case '\n': s.append("\\n"); break;
      case '\r': s.append("\\r"); break;
      case '\t': s.append("\\t"); break;
      default:
        if (u < 0x20) {
          s.append("\\u00");
          s.push_back(kHex[u >> 4]);
          s.push_back(kHex[u & 15]);
        } else {
          s.push_back(c);
        }
    }
  }
  s.push_back('"');
}
}  // namespace

std::string format_trace_text(const TraceRecord& r) {
  std::string s;
  s.reserve(64);
  StringOut out{s};
  write_trace_text(out, r);
  return s;
}

std::string format_trace_json(const TraceRecord& r) {
  std::string s;
  s.reserve(128);
  StringOut out{s};
  s.append("{\"t\":\"");
  trace_detail::write_scalar(out, TraceValue(r.at.since_start()));
  s.append("\",\"t_ns\":");
  trace_detail::write_scalar(out, TraceValue(r.at.ns()));
  s.append(",\"actor\":");
  append_json_string(s, r.actor);
  s.append(",\"kind\":");
  append_json_string(s, r.kind);
  s.append(",\"fields\":{");
  bool first = true;
  for (const TraceField& f : r.fields) {
    if (!first) s.push_back(',');
    first = false;
    append_json_string(s, f.key);
    s.push_back(':');
    switch (f.value.type()) {
      case TraceValue::Type::Int:
      case TraceValue::Type::Uint:
      case TraceValue::Type::Bool:
        trace_detail::write_scalar(out, f.value);
        break;
      case TraceValue::Type::Text:
        append_json_string(s, f.value.as_text());
        break;
      case TraceValue::Type::Hex:
      case TraceValue::Type::Duration: {
        std::string tmp;
        StringOut t{tmp};
        trace_detail::write_scalar(t, f.value);
        append_json_string(s, tmp);
        break;
      }
    }
  }
  s.append("}}");
  return s;
}

void TextTraceSink::consume(const TraceRecord&, std::string_view text) {
  out_ << text << '\n';
}

void JsonTraceSink::consume(const TraceRecord& record, std::string_view) {
  out_ << format_trace_json(record) << '\n';
}

void CollectingTraceSink::consume(const TraceRecord&, std::string_view text) {
  lines_.emplace_back(text);
}

}  // namespace smc::sim
