// The HTML conformance report: valid (polyglot) markup, one row per case, the summary line of
// report.h's table, ladder files named after the case ids, escaping.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "conformance/html_report.h"
#include "conformance/report.h"
#include "tests/ladder/xml_check.h"

namespace smc::conformance {
namespace {

using ladder::test::parse_xml;

CaseResult result(std::string id, std::string title, Outcome o, std::string note = "") {
  CaseResult r;
  r.id = std::move(id);
  r.title = std::move(title);
  r.expected = "client TCP 0x05000000/0x03030000";
  r.observed = o == Outcome::Fail ? "client SMCR" : r.expected;
  r.outcome = o;
  r.note = std::move(note);
  return r;
}

const char* kTinySvg =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
    "viewBox=\"0 0 10 10\"/>\n";

std::vector<ReportedCase> three_cases() {
  return {ReportedCase{result("decline/0x03030008-no-ueid", "peer sent no UEID", Outcome::Pass), kTinySvg},
          ReportedCase{result("seed/option-echo", "server echoes <the> SMC option & hangs", Outcome::Fail), kTinySvg},
          ReportedCase{result("fallback/x", "a deviation", Outcome::DeviationExpected, "kernel 5.10 differs"), ""}};
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST_CASE("a 3-case report: 3 rows, the summary line, outcomes coloured, ladders linked") {
  std::string html = format_html(three_cases());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  auto r = parse_xml(html);
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->count_class("tr", "case") == 3);
  CHECK(r.doc->count_class("tr", "pass") == 1);
  CHECK(r.doc->count_class("tr", "fail") == 1);
  CHECK(r.doc->count_class("tr", "deviation-expected") == 1);
  // report.h: "N passed, N failed" then ", N deviations" when not zero.
  CHECK(r.doc->all_text().find("1 passed, 1 failed, 1 deviations") != std::string::npos);
  CHECK(r.doc->count("img") == 2);
  CHECK(html.find("href=\"ladders/decline_0x03030008-no-ueid.svg\"") != std::string::npos);
  CHECK(html.find("src=\"ladders/seed_option-echo.svg\"") != std::string::npos);
  // The failed case's ladder is open; no network resource, no script.
  CHECK(html.find("open=\"open\"") != std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(r.doc->count("script") == 0);
  CHECK(r.doc->all_text().find("server echoes <the> SMC option & hangs") != std::string::npos);
  CHECK(r.doc->all_text().find("kernel 5.10 differs") != std::string::npos);
}

TEST_CASE("ladder file names replace slashes and never escape the ladders directory") {
  CHECK(ladder_file_name("decline/0x03030008-no-ueid") == "decline_0x03030008-no-ueid.svg");
  CHECK(ladder_file_name("seed/option-echo") == "seed_option-echo.svg");
  std::string evil = ladder_file_name("../../etc/passwd");
  CHECK(evil.find('/') == std::string::npos);
  CHECK(evil[0] != '.');
}

TEST_CASE("three catalogue cases run and written: index.html and one SVG per case") {
  const char* src = std::getenv("SMC_SOURCE_DIR");
  std::string dir = std::string(src ? src : ".") + "/scenarios/catalogue";
  auto cat = load_catalogue(dir);
  REQUIRE_MESSAGE(cat, "catalogue " << dir);
  std::vector<std::string> ids = {"decline/0x03030008-no-ueid", "success/smcr-v2", "fallback/0x03010000-peer-no-smc"};
  auto cases = run_catalogue_with_ladders(*cat, ids);
  REQUIRE(cases.size() >= 3);
  auto out = std::filesystem::temp_directory_path() / ("smcsim-html-report-test-" + std::to_string(getpid()));
  std::filesystem::remove_all(out);
  auto err = write_html_report(out.string(), cases);
  REQUIRE_MESSAGE(!err, *err);
  auto r = parse_xml(slurp(out / "index.html"));
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->count_class("tr", "case") == cases.size());
  std::vector<CaseResult> results;
  for (const auto& c : cases) results.push_back(c.result);
  CHECK(r.doc->all_text().find(summary_line(summarise(results))) != std::string::npos);
  for (const auto& c : cases) {
    auto svg_path = out / "ladders" / ladder_file_name(c.result.id);
    REQUIRE_MESSAGE(std::filesystem::exists(svg_path), svg_path.string());
    auto svg = parse_xml(slurp(svg_path));
    CHECK_MESSAGE(svg.doc, c.result.id << ": " << svg.error);
    // Every run draws something on its connection: a message, or at least each side's mode.
    if (svg.doc) CHECK(svg.doc->count_class("g", "msg") + svg.doc->count_class("g", "mark") >= 2);
  }
  // The declined case shows the Decline's code (fallback-causes.md: 0x03030008, no UEID).
  std::string decline_svg = slurp(out / "ladders" / "decline_0x03030008-no-ueid.svg");
  CHECK(decline_svg.find("0x03030008") != std::string::npos);
  std::filesystem::remove_all(out);
}

}  // namespace
}  // namespace smc::conformance
