// The test's own XML checker must reject what it is there to catch.
#include <doctest/doctest.h>

#include "tests/ladder/xml_check.h"

namespace smc::ladder::test {
namespace {

TEST_CASE("xml checker accepts well-formed documents") {
  auto ok = parse_xml("<?xml version=\"1.0\"?>\n<a x=\"1\"><b/>t &amp; &#60; &#x3c; &#181;<!-- c --></a>\n");
  REQUIRE(ok.doc);
  CHECK(ok.doc->elements[0].text == "t & < < \xC2\xB5");
  CHECK(parse_xml("<!DOCTYPE html>\n<html><meta charset=\"utf-8\"/></html>").doc);
}

TEST_CASE("xml checker rejects what a string-building writer gets wrong") {
  CHECK_FALSE(parse_xml("<a><b></a></b>").doc);        // misnested
  CHECK_FALSE(parse_xml("<a>x < y</a>").doc);          // raw '<'
  CHECK_FALSE(parse_xml("<a>x & y</a>").doc);          // bare '&'
  CHECK_FALSE(parse_xml("<a>&nbsp;</a>").doc);         // not a predefined entity
  CHECK_FALSE(parse_xml("<a x=1></a>").doc);           // unquoted
  CHECK_FALSE(parse_xml("<a x=\"<\"></a>").doc);       // '<' in an attribute
  CHECK_FALSE(parse_xml("<a x=\"1\" x=\"2\"></a>").doc);  // duplicate attribute
  CHECK_FALSE(parse_xml("<a></a><b></b>").doc);        // two roots
  CHECK_FALSE(parse_xml("<a>").doc);                   // never closed
  CHECK_FALSE(parse_xml("<a><details open></details></a>").doc);  // HTML attribute minimisation
}

}  // namespace
}  // namespace smc::ladder::test
