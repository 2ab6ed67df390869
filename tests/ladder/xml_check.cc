#include "tests/ladder/xml_check.h"

#include <cctype>
#include <sstream>

namespace smc::ladder::test {

std::size_t XmlDoc::count(const std::string& name) const {
  std::size_t n = 0;
  for (const auto& e : elements) n += e.name == name;
  return n;
}

std::size_t XmlDoc::count_class(const std::string& name, const std::string& cls) const {
  std::size_t n = 0;
  for (const auto& e : elements) {
    if (e.name != name) continue;
    auto it = e.attrs.find("class");
    if (it == e.attrs.end()) continue;
    std::istringstream words(it->second);
    std::string w;
    while (words >> w)
      if (w == cls) {
        ++n;
        break;
      }
  }
  return n;
}

std::string XmlDoc::all_text() const {
  std::string s;
  for (const auto& e : elements) s += e.text + "\n";
  return s;
}

namespace {

class Parser {
 public:
  explicit Parser(const std::string& t) : t_(t) {}

  XmlResult run() {
    XmlDoc doc;
    std::vector<std::size_t> open;  // indexes into doc.elements
    bool root_seen = false;
    while (i_ < t_.size()) {
      if (t_[i_] != '<') {
        std::string text;
        if (!chars_until('<', text)) return fail();
        if (open.empty()) {
          for (char c : text)
            if (!std::isspace(static_cast<unsigned char>(c))) return fail("text outside the root element");
        } else {
          doc.elements[open.back()].text += text;
        }
        continue;
      }
      if (starts("<!--")) {
        auto end = t_.find("-->", i_ + 4);
        if (end == std::string::npos) return fail("unterminated comment");
        i_ = end + 3;
      } else if (starts("<?")) {
        auto end = t_.find("?>", i_ + 2);
        if (end == std::string::npos) return fail("unterminated processing instruction");
        i_ = end + 2;
      } else if (starts("<!DOCTYPE")) {
        if (root_seen || !open.empty()) return fail("DOCTYPE after the root element");
        auto end = t_.find('>', i_);
        if (end == std::string::npos || t_.find('[', i_) < end) return fail("bad DOCTYPE");
        i_ = end + 1;
      } else if (starts("</")) {
        i_ += 2;
        std::string name = read_name();
        skip_space();
        if (name.empty() || !eat('>')) return fail("bad end tag");
        if (open.empty() || doc.elements[open.back()].name != name)
          return fail("end tag </" + name + "> does not match the open element");
        open.pop_back();
      } else {
        ++i_;
        XmlElement e;
        e.name = read_name();
        if (e.name.empty()) return fail("bad start tag");
        if (open.empty() && root_seen) return fail("a second root element <" + e.name + ">");
        root_seen = true;
        e.depth = static_cast<int>(open.size());
        for (;;) {
          bool spaced = skip_space();
          if (eat('>')) {
            doc.elements.push_back(e);
            open.push_back(doc.elements.size() - 1);
            break;
          }
          if (eat('/')) {
            if (!eat('>')) return fail("'/' not followed by '>'");
            doc.elements.push_back(e);
            break;
          }
          if (!spaced) return fail("attributes must be separated by space");
          std::string an = read_name();
          if (an.empty()) return fail("bad attribute name in <" + e.name + ">");
          skip_space();
          if (!eat('=')) return fail("attribute " + an + " has no '='");
          skip_space();
          if (i_ >= t_.size() || (t_[i_] != '"' && t_[i_] != '\'')) return fail("attribute " + an + " is not quoted");
          char q = t_[i_++];
          std::string value;
          if (!chars_until(q, value)) return fail();
          ++i_;
          if (!e.attrs.emplace(an, value).second) return fail("duplicate attribute " + an);
        }
      }
    }
    if (!open.empty()) return fail("<" + doc.elements[open.back()].name + "> is never closed");
    if (!root_seen) return fail("no root element");
    XmlResult r;
    r.doc = std::move(doc);
    return r;
  }

 private:
  bool starts(const char* s) const { return t_.compare(i_, std::char_traits<char>::length(s), s) == 0; }
  bool eat(char c) {
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool skip_space() {
    std::size_t start = i_;
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
    return i_ > start;
  }
  std::string read_name() {
    std::size_t start = i_;
    while (i_ < t_.size()) {
      unsigned char c = static_cast<unsigned char>(t_[i_]);
      if (std::isalnum(c) || c == '_' || c == ':' || c == '-' || c == '.' || c >= 0x80) ++i_;
      else break;
    }
    if (start < t_.size() && (std::isdigit(static_cast<unsigned char>(t_[start])) || t_[start] == '-' || t_[start] == '.'))
      return "";
    return t_.substr(start, i_ - start);
  }
  // Text up to (not including) `stop`, entities resolved; false on '<' in an attribute, a bad
  // entity, or the end of input inside an attribute.
  bool chars_until(char stop, std::string& out) {
    while (i_ < t_.size() && t_[i_] != stop) {
      char c = t_[i_];
      if (c == '<') {
        why_ = "'<' inside an attribute value";
        return false;
      }
      if (c == '&') {
        auto semi = t_.find(';', i_);
        if (semi == std::string::npos || semi - i_ > 10) {
          why_ = "bare '&'";
          return false;
        }
        std::string ent = t_.substr(i_ + 1, semi - i_ - 1);
        if (ent == "amp") out += '&';
        else if (ent == "lt") out += '<';
        else if (ent == "gt") out += '>';
        else if (ent == "quot") out += '"';
        else if (ent == "apos") out += '\'';
        else if (ent.size() > 1 && ent[0] == '#') {
          bool hex = ent[1] == 'x';
          std::string digits = ent.substr(hex ? 2 : 1);
          if (digits.empty()) {
            why_ = "empty character reference";
            return false;
          }
          for (char d : digits)
            if (!(hex ? std::isxdigit(static_cast<unsigned char>(d)) : std::isdigit(static_cast<unsigned char>(d))) ||
                digits.size() > 6) {
              why_ = "bad character reference &" + ent + ";";
              return false;
            }
          append_utf8(out, std::stoul(digits, nullptr, hex ? 16 : 10));
        } else {
          why_ = "unknown entity &" + ent + ";";
          return false;
        }
        i_ = semi + 1;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        why_ = "control character";
        return false;
      }
      out += c;
      ++i_;
    }
    if (stop != '<' && i_ >= t_.size()) {
      why_ = "unterminated attribute value";
      return false;
    }
    return true;
  }
  static void append_utf8(std::string& out, unsigned long cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  XmlResult fail(const std::string& what = "") {
    XmlResult r;
    r.error = "offset " + std::to_string(i_) + ": " + (what.empty() ? why_ : what);
    return r;
  }

  const std::string& t_;
  std::size_t i_ = 0;
  std::string why_;
};

}  // namespace

XmlResult parse_xml(const std::string& text) { return Parser(text).run(); }

}  // namespace smc::ladder::test
