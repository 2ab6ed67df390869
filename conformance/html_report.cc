#include "conformance/html_report.h"

#include <filesystem>
#include <fstream>

#include "conformance/ladder/ladder_builder.h"
#include "conformance/ladder/ladder_svg.h"
#include "conformance/ladder/svg_text.h"
#include "conformance/report.h"

namespace smc::conformance {

namespace {

using ladder::xml_escape;

const char* kStyle = R"(body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:24px;color:#222}
h1{font-size:20px;margin:0 0 8px}
p.summary{font-size:15px;font-weight:bold;margin:8px 0 16px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #cfd8dc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eceff1}
td.id{font-family:"DejaVu Sans Mono",monospace;white-space:nowrap}
td.code{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
td.outcome{font-weight:bold;white-space:nowrap}
tr.pass td.outcome{background:#e3f5e4;color:#1b5e20}
tr.fail td.outcome{background:#fde2e1;color:#b71c1c}
tr.deviation-expected td.outcome{background:#fff4dd;color:#8a5200}
tr.unsupported-on-backend td.outcome{background:#eeeeee;color:#555}
tr.ladder td{background:#fbfbfb}
details img{max-width:100%;border:1px solid #cfd8dc;background:#fff}
span.note{display:block;color:#555;font-weight:normal;font-size:12px}
)";

}  // namespace

std::vector<ReportedCase> run_catalogue_with_ladders(const Catalogue& c, const std::vector<std::string>& prefixes,
                                                     const RunOptions& opt) {
  std::vector<ReportedCase> out;
  for (const auto& s : c.cases) {
    bool selected = prefixes.empty();
    for (const auto& p : prefixes) selected = selected || s.id.rfind(p, 0) == 0;
    if (!selected) continue;
    std::vector<world::ConnectionOutcome> conns;
    ReportedCase rc;
    rc.result = run_case(s, opt, conns);
    if (!conns.empty()) rc.ladder_svg = ladder::render_svg(ladder::ladder_of_run(with_options(s, opt), conns));
    out.push_back(std::move(rc));
  }
  return out;
}

std::string ladder_file_name(const std::string& case_id) {
  std::string f;
  for (char ch : case_id) {
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '_' || ch == '-';
    f += ok ? ch : '_';
  }
  if (f.empty() || f[0] == '.') f = "_" + f;  // never a hidden file or ".."
  return f + ".svg";
}

std::string format_html(const std::vector<ReportedCase>& cases) {
  std::vector<CaseResult> results;
  for (const auto& c : cases) results.push_back(c.result);
  std::string summary = summary_line(summarise(results));

  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  h += "<title>smcsim conformance: " + xml_escape(summary) + "</title>\n<style>\n" + kStyle + "</style>\n</head>\n<body>\n";
  h += "<h1>smcsim conformance report</h1>\n";
  h += "<p class=\"summary\" id=\"summary\">" + xml_escape(summary) + "</p>\n";
  h += "<table id=\"cases\">\n<thead><tr><th>case</th><th>title</th><th>expected</th><th>observed</th>"
       "<th>outcome</th><th>ladder</th></tr></thead>\n<tbody>\n";
  for (const auto& c : cases) {
    const CaseResult& r = c.result;
    std::string outcome = to_string(r.outcome);
    std::string file = "ladders/" + ladder_file_name(r.id);
    h += "<tr class=\"case " + outcome + "\" id=\"" + xml_escape(ladder_file_name(r.id)) + "\">";
    h += "<td class=\"id\">" + xml_escape(r.id) + "</td>";
    h += "<td>" + xml_escape(r.title) +
         (r.reference.empty() ? "" : "<span class=\"note\">" + xml_escape(r.reference) + "</span>") + "</td>";
    h += "<td class=\"code\">" + xml_escape(r.expected) + "</td>";
    h += "<td class=\"code\">" + xml_escape(r.observed) + "</td>";
    h += "<td class=\"outcome\">" + xml_escape(outcome) +
         (r.note.empty() ? "" : "<span class=\"note\">" + xml_escape(r.note) + "</span>") + "</td>";
    h += c.ladder_svg.empty() ? "<td>-</td>" : "<td><a href=\"" + xml_escape(file) + "\">SVG</a></td>";
    h += "</tr>\n";
    if (!c.ladder_svg.empty()) {
      h += "<tr class=\"ladder\"><td colspan=\"6\"><details" + std::string(r.outcome == Outcome::Fail ? " open=\"open\"" : "") +
           "><summary>ladder diagram of " + xml_escape(r.id) + "</summary><img src=\"" + xml_escape(file) +
           "\" alt=\"ladder diagram of " + xml_escape(r.id) + "\" loading=\"lazy\"/></details></td></tr>\n";
    }
  }
  h += "</tbody>\n</table>\n";
  h += "<p class=\"summary\">" + xml_escape(summary) + "</p>\n</body>\n</html>\n";
  return h;
}

std::optional<std::string> write_html_report(const std::string& dir, const std::vector<ReportedCase>& cases) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(fs::path(dir) / "ladders", ec);
  if (ec) return "cannot create " + (fs::path(dir) / "ladders").string() + ": " + ec.message();
  auto write = [](const fs::path& p, const std::string& text) -> std::optional<std::string> {
    std::ofstream f(p, std::ios::binary);
    f << text;
    f.close();
    if (!f) return "cannot write " + p.string();
    return std::nullopt;
  };
  for (const auto& c : cases) {
    if (c.ladder_svg.empty()) continue;
    if (auto err = write(fs::path(dir) / "ladders" / ladder_file_name(c.result.id), c.ladder_svg)) return err;
  }
  return write(fs::path(dir) / "index.html", format_html(cases));
}

}  // namespace smc::conformance
