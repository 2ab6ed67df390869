#include "protocol/wire/field_list.h"

#include <fmt/core.h>

namespace smc::wire {

Field hex_field(std::string name, std::uint64_t v, int width_digits, std::string meaning) {
  return Field{std::move(name), fmt::format("0x{:0{}x}", v, width_digits), std::move(meaning), false, {}};
}

namespace {

void tree_lines(const std::vector<Field>& fields, int depth, std::string& out) {
  for (const auto& f : fields) {
    out.append(static_cast<std::size_t>(depth) * 4, ' ');
    out += f.name;
    if (!f.value.empty()) out += ": " + f.value;
    if (!f.meaning.empty()) out += " (" + f.meaning + ")";
    out += '\n';
    tree_lines(f.children, depth + 1, out);
  }
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20 || c >= 0x7f) o += fmt::format("\\u{:04x}", c);
        else o.push_back(static_cast<char>(c));
    }
  }
  return o;
}

void json_fields(const std::vector<Field>& fields, std::string& out);

void json_value(const Field& f, std::string& out) {
  if (!f.children.empty()) {
    bool is_list = !f.children.empty() && f.children.front().name.empty();
    if (is_list) {
      out += '[';
      for (std::size_t i = 0; i < f.children.size(); ++i) {
        if (i) out += ',';
        json_value(f.children[i], out);
      }
      out += ']';
    } else {
      out += '{';
      json_fields(f.children, out);
      out += '}';
    }
  } else if (f.is_number) {
    out += f.value;
  } else {
    out += '"' + json_escape(f.value) + '"';
  }
}

void json_fields(const std::vector<Field>& fields, std::string& out) {
  bool first = true;
  for (const auto& f : fields) {
    if (!first) out += ',';
    first = false;
    out += '"' + json_escape(f.name) + "\":";
    json_value(f, out);
    if (!f.meaning.empty()) out += ",\"" + json_escape(f.name) + "_name\":\"" + json_escape(f.meaning) + '"';
  }
}

}  // namespace

std::string render_tree(const MessageDescription& m, int indent) {
  std::string out(static_cast<std::size_t>(indent), ' ');
  out += fmt::format("{} ({} bytes)\n", m.title, m.length);
  std::string body;
  tree_lines(m.fields, 1, body);
  if (indent > 0) {
    std::string pad(static_cast<std::size_t>(indent), ' ');
    std::string shifted;
    std::size_t start = 0;
    while (start < body.size()) {
      auto nl = body.find('\n', start);
      shifted += pad + body.substr(start, nl - start + 1);
      start = nl + 1;
    }
    body = shifted;
  }
  return out + body;
}

std::string render_json(const MessageDescription& m, const std::vector<std::pair<std::string, std::string>>& extra) {
  std::string out = "{";
  for (const auto& [k, v] : extra) out += '"' + json_escape(k) + "\":" + v + ',';
  out += fmt::format("\"type\":\"{}\",\"title\":\"{}\",\"length\":{},\"fields\":{{", json_escape(m.type),
                     json_escape(m.title), m.length);
  json_fields(m.fields, out);
  out += "}}";
  return out;
}

}  // namespace smc::wire
