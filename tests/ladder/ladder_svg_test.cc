// The SVG ladder renderer: well-formed standalone SVG 1.1, one arrow per message, marks with
// their codes, escaping, byte-identical output, time flowing down, the wire-label fallback.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "conformance/ladder/ladder_builder.h"
#include "conformance/ladder/ladder_svg.h"
#include "conformance/ladder/layer_style.h"
#include "conformance/ladder/svg_text.h"
#include "conformance/ladder/time_axis.h"
#include "tests/ladder/xml_check.h"

namespace smc::ladder {
namespace {

using world::MessageEvent;
using world::MessageLayer;
using test::parse_xml;

MessageEvent msg(std::int64_t sent, std::int64_t arrived, std::string from, std::string to, MessageLayer layer,
                 std::string label, std::string detail = "") {
  MessageEvent m;
  m.sent_ns = sent;
  m.arrived_ns = arrived;
  m.from = std::move(from);
  m.to = std::move(to);
  m.layer = layer;
  m.label = std::move(label);
  m.detail = std::move(detail);
  return m;
}

MessageEvent mark(std::int64_t at, std::string who, std::string label, std::string detail = "") {
  return msg(at, -1, who, who, MessageLayer::Mark, std::move(label), std::move(detail));
}

// A server without an RDMA device (fallback-causes.md: 0x03030000 on the server's Decline):
// TCP handshake, Proposal, Decline, a lost data segment and its retransmission, marks.
LadderSection decline_section() {
  LadderSection s;
  s.title = "connection 1: cli -> srv";
  s.subtitle = "client TCP 0x05000000/0x03030000, server TCP 0x03030000";
  s.hosts = {LadderHost{"alpha", "10.0.0.1", "linux-6.18", "client app cli", {"client", "cli"}},
             LadderHost{"beta", "10.0.0.2", "linux-6.18", "server app srv", {"server", "srv"}}};
  s.messages = {
      msg(0, 10'000, "alpha", "beta", MessageLayer::Tcp, "SYN", "opt=SMC"),
      msg(10'000, 20'000, "beta", "alpha", MessageLayer::Tcp, "SYN-ACK", "opt=SMC"),
      msg(20'000, 30'000, "alpha", "beta", MessageLayer::Tcp, "ACK"),
      msg(20'000, 30'000, "alpha", "beta", MessageLayer::Clc, "CLC Proposal", "v2 R+D ueids=1"),
      msg(30'000, 40'000, "beta", "alpha", MessageLayer::Clc, "CLC Decline", "v2 0x03030000"),
      mark(30'000, "beta", "fallback 0x03030000", "no SMC-R device"),
      mark(40'000, "alpha", "fallback 0x05000000", "peer declined"),
      msg(40'000, -1, "alpha", "beta", MessageLayer::App, "data", "len=4096"),
      msg(6'000'040'000, 6'000'050'000, "alpha", "beta", MessageLayer::Tcp, "data (retransmit)", "len=4096"),
  };
  return s;
}

LadderDiagram diagram_of(LadderSection s) {
  LadderDiagram d;
  d.title = "decline/0x03030000-server-no-device: server without an RDMA device";
  d.sections.push_back(std::move(s));
  return d;
}

double attr_num(const test::XmlElement& e, const char* name) { return std::strtod(e.attrs.at(name).c_str(), nullptr); }

TEST_CASE("the ladder is a well-formed standalone SVG 1.1 document sized by its viewBox") {
  std::string svg = render_svg(diagram_of(decline_section()));
  auto r = parse_xml(svg);
  REQUIRE_MESSAGE(r.doc, r.error);
  const auto& root = r.doc->elements.front();
  CHECK(root.name == "svg");
  CHECK(root.attrs.at("xmlns") == "http://www.w3.org/2000/svg");
  CHECK(root.attrs.at("version") == "1.1");
  std::string vb = "0 0 " + root.attrs.at("width") + " " + root.attrs.at("height");
  CHECK(root.attrs.at("viewBox") == vb);
  CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"", 0) == 0);
  // Everything drawn lies inside the canvas.
  double w = attr_num(root, "width"), h = attr_num(root, "height");
  for (const auto& e : r.doc->elements) {
    if (e.name != "line") continue;
    CHECK(attr_num(e, "x1") >= 0);
    CHECK(attr_num(e, "x2") <= w);
    CHECK(attr_num(e, "y2") <= h);
  }
}

TEST_CASE("one arrow per message, one box per mark, the fallback codes in red boxes") {
  auto s = decline_section();
  std::string svg = render_svg(diagram_of(s));
  auto r = parse_xml(svg);
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->count_class("g", "msg") == 7);
  CHECK(r.doc->count_class("g", "mark") == 2);
  CHECK(r.doc->count_class("g", "mark-alert") == 2);
  CHECK(r.doc->count_class("g", "lost") == 1);
  CHECK(r.doc->count_class("g", "msg-tcp") == 4);
  CHECK(r.doc->count_class("g", "msg-clc") == 2);
  CHECK(r.doc->count_class("g", "msg-app") == 1);
  CHECK(r.doc->count_class("g", "host") == 2);
  std::string text = r.doc->all_text();
  CHECK(text.find("fallback 0x03030000") != std::string::npos);
  CHECK(text.find("fallback 0x05000000") != std::string::npos);
  CHECK(text.find("v2 0x03030000") != std::string::npos);
  CHECK(text.find("10.0.0.2") != std::string::npos);
  CHECK(text.find("linux-6.18") != std::string::npos);
  // The alert colour of layer_style.h on the fallback box.
  CHECK(svg.find("stroke=\"#c62828\"") != std::string::npos);
}

TEST_CASE("arrows go down: a message arrives below where it was sent, later messages lower") {
  auto r = parse_xml(render_svg(diagram_of(decline_section())));
  REQUIRE_MESSAGE(r.doc, r.error);
  const auto& els = r.doc->elements;
  std::vector<double> starts;
  for (std::size_t i = 0; i < els.size(); ++i) {
    if (els[i].name != "g" || els[i].attrs.count("class") == 0 || els[i].attrs.at("class").rfind("msg", 0) != 0)
      continue;
    std::size_t j = i + 1;
    while (j < els.size() && els[j].name != "line") ++j;
    REQUIRE(j < els.size());
    double y1 = attr_num(els[j], "y1"), y2 = attr_num(els[j], "y2");
    CHECK(y2 > y1);
    if (!starts.empty()) CHECK(y1 >= starts.back());
    starts.push_back(y1);
  }
  CHECK(starts.size() == 7);
}

TEST_CASE("text is XML-escaped") {
  auto s = decline_section();
  s.messages.push_back(msg(6'000'060'000, 6'000'070'000, "beta", "alpha", MessageLayer::App, "<script>&amp; \"x\"",
                           "a<b && c>d 'q'"));
  s.hosts[0].name = "host<&>";
  auto d = diagram_of(s);
  d.title = "case <&> title";
  std::string svg = render_svg(d);
  CHECK(svg.find("<script>") == std::string::npos);
  auto r = parse_xml(svg);
  REQUIRE_MESSAGE(r.doc, r.error);
  std::string text = r.doc->all_text();
  CHECK(text.find("<script>&amp; \"x\"") != std::string::npos);
  CHECK(text.find("a<b && c>d 'q'") != std::string::npos);
  CHECK(text.find("host<&>") != std::string::npos);
  CHECK(text.find("case <&> title") != std::string::npos);
}

TEST_CASE("the same diagram renders to the same bytes") {
  std::string a = render_svg(diagram_of(decline_section()));
  std::string b = render_svg(diagram_of(decline_section()));
  CHECK(a == b);
  auto other = decline_section();
  other.messages[4].detail = "v2 0x03030001";
  CHECK(render_svg(diagram_of(other)) != a);
}

TEST_CASE("the time axis compresses: a 6 s timeout is not 600000 times a 10 us hop") {
  int hop = TimeAxis::gap_px(10'000);
  int timeout = TimeAxis::gap_px(6'000'000'000);
  CHECK(hop >= 12);
  CHECK(timeout > hop);
  CHECK(timeout <= 120);
  CHECK(TimeAxis::gap_px(0) == 0);
  for (std::int64_t dt = 1; dt < 100'000'000'000; dt = dt * 3 + 7) CHECK(TimeAxis::gap_px(dt * 3 + 7) >= TimeAxis::gap_px(dt));
  // The 6 s gap is annotated in the gutter.
  auto r = parse_xml(render_svg(diagram_of(decline_section())));
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->all_text().find("+6 s") != std::string::npos);
  CHECK(r.doc->all_text().find("6.00004 s") != std::string::npos);
}

TEST_CASE("times print the way a reader wants them") {
  CHECK(format_sim_time(0) == "0 s");
  CHECK(format_sim_time(850) == "850 ns");
  CHECK(format_sim_time(10'000) == "10 \xC2\xB5s");
  CHECK(format_sim_time(12'345) == "12.345 \xC2\xB5s");
  CHECK(format_sim_time(1'500'000) == "1.5 ms");
  CHECK(format_sim_time(6'000'012'000) == "6.000012 s");
  CHECK(num(12.34) == "12.3");
  CHECK(num(-0.04) == "0");
  CHECK(num(7) == "7");
}

TEST_CASE("marks are classified by their words") {
  CHECK(mark_kind("fallback 0x03030000", "") == MarkKind::Alert);
  CHECK(mark_kind("connect", "ETIMEDOUT") == MarkKind::Alert);
  CHECK(mark_kind("RST", "") == MarkKind::Alert);
  CHECK(mark_kind("SMC-R established", "first contact") == MarkKind::Established);
  CHECK(mark_kind("CLC timer expired", "") == MarkKind::Timer);
  CHECK(mark_kind("listen", "port 5000") == MarkKind::Note);
}

TEST_CASE("a lost message and an unknown host: the host gets its own column") {
  LadderSection s;
  s.title = "middlebox";
  s.hosts = {LadderHost{"alpha", "", "", "", {}}, LadderHost{"beta", "", "", "", {}}};
  s.messages = {msg(0, 5'000, "alpha", "mbox", MessageLayer::Tcp, "SYN", "opt=SMC"),
                msg(5'000, 10'000, "mbox", "beta", MessageLayer::Tcp, "SYN", "opt stripped")};
  auto r = parse_xml(render_svg(diagram_of(s)));
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->count_class("g", "host") == 3);
  CHECK(r.doc->all_text().find("mbox") != std::string::npos);
}

TEST_CASE("no MessageLog: the CLC wire labels and the final modes, as steps") {
  scenarios::Scenario sc;
  sc.id = "decline/x";
  sc.title = "wire only";
  sc.profile = "linux-6.12";
  scenarios::HostSpec ha, hb;
  ha.name = "alpha";
  hb.name = "beta";
  hb.profile = "linux-5.10";
  sc.hosts = {ha, hb};
  scenarios::AppSpec ca, sa;
  ca.name = "cli";
  ca.host = "alpha";
  sa.name = "srv";
  sa.host = "beta";
  sc.apps = {ca, sa};
  world::ConnectionOutcome c;
  c.client_app = "cli";
  c.server_app = "srv";
  c.client_address = "10.0.0.1";
  c.server_address = "10.0.0.2";
  c.wire = {"P", "D(S->C v2 0x03030000)"};
  c.client_errno = 110;  // ETIMEDOUT
  auto d = ladder_of_run(sc, {c, c});
  REQUIRE(d.sections.size() == 2);
  CHECK_FALSE(d.sections[0].timed);
  CHECK(d.sections[0].hosts[0].name == "alpha");
  CHECK(d.sections[0].hosts[0].profile == "linux-6.12");
  CHECK(d.sections[0].hosts[1].profile == "linux-5.10");
  const auto& log = d.sections[0].messages;
  REQUIRE(log.size() >= 2);
  CHECK(log[0].label == "CLC Proposal");
  CHECK(log[0].from == "alpha");
  CHECK(log[1].label == "CLC Decline");
  CHECK(log[1].from == "beta");
  CHECK(log[1].to == "alpha");
  CHECK(log[1].detail == "v2 0x03030000");
  std::string svg = render_svg(d);
  auto r = parse_xml(svg);
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->count_class("g", "msg-clc") == 4);
  CHECK(r.doc->count_class("g", "host") == 4);
  CHECK(r.doc->all_text().find("step 1") != std::string::npos);
  CHECK(r.doc->all_text().find("error ETIMEDOUT") != std::string::npos);
}

TEST_CASE("a run without connections still draws a diagram that says so") {
  scenarios::Scenario sc;
  sc.id = "x";
  auto r = parse_xml(render_svg(ladder_of_run(sc, {})));
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->all_text().find("no connection was simulated") != std::string::npos);
}

}  // namespace
}  // namespace smc::ladder

namespace smc::ladder {
namespace {

TEST_CASE("a run of many connections draws the first kMaxLadderSections and says how many more") {
  scenarios::Scenario sc;
  sc.id = "seed/short-lived";
  world::ConnectionOutcome c;
  c.client_app = "cli";
  c.server_app = "srv";
  c.wire = {"P", "A", "C"};
  std::vector<world::ConnectionOutcome> conns(kMaxLadderSections + 7, c);
  auto d = ladder_of_run(sc, conns);
  CHECK(d.sections.size() == kMaxLadderSections);
  auto r = test::parse_xml(render_svg(d));
  REQUIRE_MESSAGE(r.doc, r.error);
  CHECK(r.doc->all_text().find("7 more connections not drawn") != std::string::npos);
  CHECK(r.doc->count_class("g", "msg-clc") == 3 * kMaxLadderSections);
}

TEST_CASE("text widths are estimated no smaller than DejaVu Sans draws them") {
  // DejaVu Sans at 11 px: "error EAFNOSUPPORT" in bold is about 128 px wide.
  CHECK(text_width("error EAFNOSUPPORT", 11, true) >= 128);
  CHECK(text_width("\xC2\xB5s", 10) == text_width("us", 10));  // code points, not bytes
}

}  // namespace
}  // namespace smc::ladder
