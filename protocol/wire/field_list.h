#pragma once
// A decoded message as an ordered tree of named fields, for humans and tools: the
// `decode` command prints it as a tree or JSON, ladder diagrams pick key fields from it,
// and the pcap test compares it with what tshark decoded. Codecs describe their values
// with it; nothing parses it back.
#include <cstdint>
#include <string>
#include <vector>

namespace smc::wire {

struct Field {
  std::string name;         // snake_case key, stable: JSON keys are a contract
  std::string value;        // display text: "0x03030008", "10.0.0.0/24", "SMC-R", "255"
  std::string meaning;      // optional: a code's name ("peer sent no UEID"), flag names
  bool is_number = false;   // JSON: emit value unquoted (decimal only)
  std::vector<Field> children;  // sub-areas (v2 extension, FCE, list entries)
};

using FieldList = std::vector<Field>;

// A decoded message with its kind, for generic printing.
struct MessageDescription {
  std::string type;    // "clc_proposal", "llc_confirm_link", "cdc", ...
  std::string title;   // "CLC Proposal v2 (SMC-Rv2)"
  std::size_t length = 0;
  FieldList fields;
};

// Small helpers so codecs describe themselves in one line per field.
inline Field num_field(std::string name, std::uint64_t v, std::string meaning = {}) {
  return Field{std::move(name), std::to_string(v), std::move(meaning), true, {}};
}
Field hex_field(std::string name, std::uint64_t v, int width_digits, std::string meaning = {});
inline Field text_field(std::string name, std::string v, std::string meaning = {}) {
  return Field{std::move(name), std::move(v), std::move(meaning), false, {}};
}
inline Field group_field(std::string name, std::vector<Field> children, std::string value = {}) {
  return Field{std::move(name), std::move(value), {}, false, std::move(children)};
}

// Renderers used by `smcsim decode`.
std::string render_tree(const MessageDescription& m, int indent = 0);
std::string render_json(const MessageDescription& m, const std::vector<std::pair<std::string, std::string>>& extra = {});

}  // namespace smc::wire
