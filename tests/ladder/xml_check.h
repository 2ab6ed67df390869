#pragma once
// A minimal XML 1.0 well-formedness checker for the tests of the SVG and (polyglot) HTML
// writers: one root element, properly nested and closed tags, quoted unique attributes, only
// the five predefined entities and character references, no '<' or bare '&' in text or
// attribute values, comments, processing instructions and a DOCTYPE without an internal
// subset. Not a validating parser; enough to catch what a string-building writer gets wrong.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smc::ladder::test {

struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attrs;  // values with entities resolved
  std::string text;                          // the element's own direct text, entities resolved
  int depth = 0;
};

struct XmlDoc {
  std::vector<XmlElement> elements;  // in document order
  std::size_t count(const std::string& name) const;
  // Elements whose `class` attribute contains the class word `cls`.
  std::size_t count_class(const std::string& name, const std::string& cls) const;
  std::string all_text() const;      // every element's text, joined with '\n'
};

struct XmlResult {
  std::optional<XmlDoc> doc;
  std::string error;  // "offset N: what" when doc is empty
};

XmlResult parse_xml(const std::string& text);

}  // namespace smc::ladder::test
