#pragma once
// The HTML conformance report (`smcsim conform --format html --out DIR`): DIR/index.html with
// the summary line (the table's), one row per case (id, title, expected, observed, outcome in
// colour) and, per case that ran, its ladder diagram as DIR/ladders/<file>.svg, linked and
// shown in a collapsible row (open for failed cases). Self-contained: no script, no network
// resource; the style sheet is inline. The markup is polyglot (valid HTML5 and well-formed XML),
// so the tests check it with the same XML checker as the SVG.
#include <optional>
#include <string>
#include <vector>

#include "conformance/case_result.h"
#include "conformance/case_runner.h"

namespace smc::conformance {

struct ReportedCase {
  CaseResult result;
  std::string ladder_svg;  // empty: no run to draw (unsupported-on-backend)
};

// run_catalogue() that also keeps each case's ladder diagram.
std::vector<ReportedCase> run_catalogue_with_ladders(const Catalogue& c, const std::vector<std::string>& prefixes,
                                                     const RunOptions& opt = {});

// "decline/0x03030008-no-ueid" -> "decline_0x03030008-no-ueid.svg": '/' and every character
// outside [A-Za-z0-9._-] become '_'.
std::string ladder_file_name(const std::string& case_id);

// index.html's text; ladders are referenced as "ladders/<ladder_file_name(id)>".
std::string format_html(const std::vector<ReportedCase>& cases);

// Writes DIR/index.html and DIR/ladders/*.svg (creating the directories). nullopt on success,
// else what could not be written.
std::optional<std::string> write_html_report(const std::string& dir, const std::vector<ReportedCase>& cases);

}  // namespace smc::conformance
