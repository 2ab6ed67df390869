#include <doctest/doctest.h>

#include "hw/lab/lab_json.h"

using smc::lab::JsonValue;
using smc::lab::parse_json;

TEST_CASE("lab json: objects, arrays, strings, numbers, literals") {
  auto v = parse_json(R"( {"kernel":"6.12.95+deb12-amd64","complete":true,"wall_s":40.1,
                           "cases":[{"id":"a/b","n":-3,"x":null},[]], "e":"q\"\\\/\n\u0041"} )");
  REQUIRE(v.ok());
  CHECK(v->string_or("kernel") == "6.12.95+deb12-amd64");
  CHECK(v->bool_or("complete") == true);
  CHECK(v->number_or("wall_s") == doctest::Approx(40.1));
  const JsonValue* cases = v->get("cases");
  REQUIRE(cases != nullptr);
  REQUIRE(cases->items().size() == 2);
  CHECK(cases->items()[0].string_or("id") == "a/b");
  CHECK(cases->items()[0].number_or("n") == -3);
  CHECK(cases->items()[0].get("x")->kind() == JsonValue::Kind::Null);
  CHECK(cases->items()[1].is_array());
  CHECK(v->string_or("e") == "q\"\\/\nA");
}

TEST_CASE("lab json: typed access falls back on a missing member or another kind") {
  auto v = parse_json(R"({"a":"text","b":1})");
  REQUIRE(v.ok());
  CHECK(v->number_or("a", 7) == 7);
  CHECK(v->string_or("b", "none") == "none");
  CHECK(v->bool_or("missing", true) == true);
  CHECK(v->get("missing") == nullptr);
}

TEST_CASE("lab json: malformed input is an error naming the offset") {
  for (const char* bad : {"", "{", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"open", "{\"a\":tru}", "[1]x",
                          "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "-", "{1:2}"}) {
    auto v = parse_json(bad);
    CHECK_MESSAGE(!v.ok(), bad);
    if (!v.ok()) CHECK(v.error().rfind("offset ", 0) == 0);
  }
}

TEST_CASE("lab json: a console line cut in the middle does not parse") {
  std::string line = R"({"id":"x","status":"ok","sockets":[{"role":"client","mode":1}]})";
  for (std::size_t n = 0; n < line.size(); ++n) CHECK(!parse_json(line.substr(0, n)).ok());
  CHECK(parse_json(line).ok());
}

TEST_CASE("lab json: deep nesting is refused, not recursed into") {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  CHECK(!parse_json(deep).ok());
}
