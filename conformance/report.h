#pragma once
// Conformance reports (conventions §4, h2spec / Autobahn style): a terminal table, JSON and
// JUnit XML. The table's last line is exactly "N passed, N failed", followed by
// ", N deviations" and ", N unsupported" when those are not zero.
#include <string>
#include <vector>

#include "conformance/case_result.h"

namespace smc::conformance {

struct Summary {
  int passed = 0;
  int failed = 0;
  int deviations = 0;
  int unsupported = 0;
};
Summary summarise(const std::vector<CaseResult>& results);
std::string summary_line(const Summary& s);

std::string format_table(const std::vector<CaseResult>& results);
std::string format_json(const std::vector<CaseResult>& results);
std::string format_junit(const std::vector<CaseResult>& results);

}  // namespace smc::conformance
