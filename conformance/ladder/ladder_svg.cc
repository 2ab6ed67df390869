#include "conformance/ladder/ladder_svg.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "conformance/ladder/layer_style.h"
#include "conformance/ladder/svg_text.h"
#include "conformance/ladder/time_axis.h"

namespace smc::ladder {

bool LadderHost::matches(const std::string& who) const {
  return who == name || std::find(aliases.begin(), aliases.end(), who) != aliases.end();
}

namespace {

constexpr int kMargin = 16;
constexpr int kGutter = 104;     // the time labels
constexpr int kFont = 11;        // arrow labels
constexpr int kDetailFont = 10;  // arrow details
constexpr int kMinGap = 220;
constexpr int kMaxGap = 560;
constexpr std::int64_t kGapNoteNs = 1'000'000;  // annotate gaps of 1 ms and more

bool is_mark(const world::MessageEvent& m) { return m.layer == world::MessageLayer::Mark || m.from == m.to; }

std::string lower(const char* s) {
  std::string o = s;
  std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return o;
}

const char* kind_name(MarkKind k) {
  switch (k) {
    case MarkKind::Alert: return "alert";
    case MarkKind::Timer: return "timer";
    case MarkKind::Established: return "established";
    case MarkKind::Note: return "note";
  }
  return "note";
}

// The section's columns: its hosts, then every other name a message uses, in order of first use.
std::vector<LadderHost> columns_of(const LadderSection& s) {
  std::vector<LadderHost> cols = s.hosts;
  auto ensure = [&](const std::string& who) {
    for (const auto& c : cols)
      if (c.matches(who)) return;
    LadderHost h;
    h.name = who;
    cols.push_back(h);
  };
  for (const auto& m : s.messages) {
    ensure(m.from);
    ensure(m.to);
  }
  return cols;
}

std::size_t column_index(const std::vector<LadderHost>& cols, const std::string& who) {
  for (std::size_t i = 0; i < cols.size(); ++i)
    if (cols[i].matches(who)) return i;
  return 0;  // columns_of() added every name
}

std::vector<std::string> header_lines(const LadderHost& h) {
  std::vector<std::string> lines;
  if (!h.role.empty()) lines.push_back(h.role);
  if (!h.address.empty()) lines.push_back(h.address);
  if (!h.profile.empty()) lines.push_back(h.profile);
  return lines;
}

int header_width(const LadderHost& h) {
  int w = text_width(h.name, 13, true);
  for (const auto& l : header_lines(h)) w = std::max(w, text_width(l, kFont));
  return w + 16;
}

std::string mark_text(const world::MessageEvent& m) { return m.detail.empty() ? m.label : m.label + "  " + m.detail; }
int mark_width(const world::MessageEvent& m) {
  int w = text_width(m.label, kFont, true);
  if (!m.detail.empty()) w += text_width("  " + m.detail, kFont);
  return w + 16;
}

std::string arrow_detail(const world::MessageEvent& m) {
  if (!m.lost()) return m.detail;
  return m.detail.empty() ? "lost" : m.detail + " \xC2\xB7 lost";
}

// Where an event sits on the axis: the row of its start (and of its arrival) among the events
// that share that time point.
struct Placed {
  const world::MessageEvent* m;
  int start_row = 0;
  int arrive_row = 0;
};

class Svg {
 public:
  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
            const std::string& extra = "") {
    out_ += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) +
            "\" stroke=\"" + stroke + "\" stroke-width=\"" + num(width) + "\"" + extra + "/>\n";
  }
  void rect(double x, double y, double w, double h, const std::string& attrs) {
    out_ += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) + "\" " +
            attrs + "/>\n";
  }
  void text(double x, double y, const std::string& s, const std::string& attrs) {
    out_ += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" " + attrs + ">" + xml_escape(s) + "</text>\n";
  }
  void raw(const std::string& s) { out_ += s; }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

void arrowhead(Svg& svg, double x1, double y1, double x2, double y2, const std::string& colour) {
  double dx = x2 - x1, dy = y2 - y1;
  double len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  double ux = dx / len, uy = dy / len;
  double bx = x2 - 9 * ux, by = y2 - 9 * uy;
  svg.raw("<polygon points=\"" + num(x2) + "," + num(y2) + " " + num(bx - 4 * uy) + "," + num(by + 4 * ux) + " " +
          num(bx + 4 * uy) + "," + num(by - 4 * ux) + "\" fill=\"" + colour + "\"/>\n");
}

struct Layout {
  int width = 0;
  int col_gap = kMinGap;
  int first_x = 0;
  int box_w = 0;
};

// A mark on the leftmost column extends to the left of it and one on the rightmost column to
// the right, away from the arrows between the columns; on a middle column it is centred.
constexpr int kMarkOverlap = 14;  // how far an edge mark reaches back over its column
double mark_left(int w, std::size_t col, std::size_t cols, double x) {
  if (cols > 1 && col == 0) return x + kMarkOverlap - w;
  if (cols > 1 && col + 1 == cols) return x - kMarkOverlap;
  return x - w / 2.0;
}

Layout layout_of(const LadderDiagram& d, int legend_w) {
  Layout l;
  int widest_text = 0, half = 60, max_cols = 2, widest_mark = 0;
  l.box_w = 120;
  for (const auto& s : d.sections) {
    auto cols = columns_of(s);
    max_cols = std::max<int>(max_cols, static_cast<int>(cols.size()));
    for (const auto& c : cols) l.box_w = std::max(l.box_w, header_width(c));
    for (const auto& m : s.messages) {
      if (is_mark(m)) {
        widest_mark = std::max(widest_mark, mark_width(m));
      } else {
        widest_text = std::max({widest_text, text_width(m.label, kFont), text_width(arrow_detail(m), kDetailFont)});
      }
    }
  }
  half = std::max({half, l.box_w / 2, widest_mark - kMarkOverlap});
  l.col_gap = std::clamp(std::max(widest_text + 48, l.box_w + 24), kMinGap, kMaxGap);
  l.first_x = kMargin + kGutter + half;
  int title_w = kMargin * 2 + std::max(text_width(d.title, 15, true), text_width(d.note, 12));
  int section_w = 0;
  for (const auto& s : d.sections)
    section_w = std::max(section_w, kMargin * 2 + 16 + text_width(s.title, 13, true) + text_width("  " + s.subtitle, 13));
  l.width = std::max({l.first_x + (max_cols - 1) * l.col_gap + half + kMargin, title_w, section_w,
                      kMargin * 2 + legend_w, 560});
  return l;
}

// Draws the legend from x = kMargin; returns its width.
int legend(Svg& svg, int y) {
  int x = kMargin;
  using L = world::MessageLayer;
  for (L layer : {L::Tcp, L::Clc, L::Llc, L::Cdc, L::Rdma, L::App}) {
    auto st = style_of(layer);
    svg.line(x, y - 4, x + 22, y - 4, st.colour, 2.5);
    svg.text(x + 27, y, st.name, "font-size=\"11\" fill=\"" + std::string(st.colour) + "\"");
    x += 27 + text_width(st.name, 11) + 16;
  }
  const std::pair<MarkKind, const char*> marks[] = {{MarkKind::Alert, "fallback / error"},
                                                     {MarkKind::Established, "SMC established"},
                                                     {MarkKind::Timer, "timer"}};
  for (const auto& [kind, name] : marks) {
    auto st = style_of(kind);
    svg.rect(x, y - 11, 14, 14,
             "rx=\"3\" fill=\"" + std::string(st.fill) + "\" stroke=\"" + st.stroke + "\" stroke-width=\"1.2\"");
    svg.text(x + 19, y, name, "font-size=\"11\" fill=\"" + std::string(st.text) + "\"");
    x += 19 + text_width(name, 11) + 16;
  }
  return x - kMargin;
}

// Draws one section from y = top; returns the y below it.
int draw_section(Svg& svg, const LadderSection& s, const Layout& l, int top) {
  auto cols = columns_of(s);
  auto col_x = [&](std::size_t i) { return l.first_x + static_cast<int>(i) * l.col_gap; };

  // Title band.
  svg.rect(kMargin, top, l.width - 2 * kMargin, 24, "fill=\"#eef1f6\"");
  svg.raw("<text x=\"" + num(kMargin + 8) + "\" y=\"" + num(top + 16) + "\" font-size=\"13\"><tspan font-weight=\"bold\">" +
          xml_escape(s.title) + "</tspan>" +
          (s.subtitle.empty() ? "" : "<tspan fill=\"#555555\">  " + xml_escape(s.subtitle) + "</tspan>") + "</text>\n");
  int y = top + 34;

  // Host header boxes.
  std::size_t lines = 0;
  for (const auto& c : cols) lines = std::max(lines, header_lines(c).size());
  int box_h = 24 + static_cast<int>(lines) * 14;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    int x = col_x(i) - l.box_w / 2;
    svg.raw("<g class=\"host\">\n");
    svg.rect(x, y, l.box_w, box_h, "rx=\"5\" fill=\"#fafafa\" stroke=\"#37474f\" stroke-width=\"1.2\"");
    svg.text(col_x(i), y + 17, cols[i].name, "font-size=\"13\" font-weight=\"bold\" text-anchor=\"middle\"");
    int ly = y + 17;
    for (const auto& line : header_lines(cols[i])) {
      ly += 14;
      svg.text(col_x(i), ly, line, "font-size=\"11\" fill=\"#455a64\" text-anchor=\"middle\"");
    }
    svg.raw("</g>\n");
  }
  int life_top = y + box_h;

  // Rows per time point.
  std::vector<Placed> placed;
  std::map<std::int64_t, int> starts, arrivals;
  TimeAxis axis;
  for (const auto& m : s.messages) {
    Placed p{&m};
    if (is_mark(m)) {
      // A mark gets a row of its own, below the arrows that arrive at its time point, so a
      // box never hides an arrowhead.
      int& s_rows = starts[m.sent_ns];
      int& a_rows = arrivals[m.sent_ns];
      p.start_row = std::max(s_rows, a_rows);
      s_rows = a_rows = p.start_row + 1;
    } else {
      p.start_row = starts[m.sent_ns]++;
    }
    axis.reserve(m.sent_ns, p.start_row + 1);
    if (!is_mark(m) && !m.lost() && m.arrived_ns > m.sent_ns) {
      p.arrive_row = arrivals[m.arrived_ns]++;
      axis.reserve(m.arrived_ns, p.arrive_row + 1);
    }
    placed.push_back(p);
  }
  axis.layout(life_top + 30);
  int bottom = s.messages.empty() ? life_top + 60 : axis.bottom();

  for (std::size_t i = 0; i < cols.size(); ++i)
    svg.line(col_x(i), life_top, col_x(i), bottom + 8, "#90a4ae", 1.2, " stroke-dasharray=\"6,4\"");
  if (s.messages.empty())
    svg.text(l.first_x + l.col_gap / 2.0, life_top + 40, "no messages recorded",
             "font-size=\"12\" fill=\"#777777\" text-anchor=\"middle\" font-style=\"italic\"");

  // Time labels, guides and gap notes.
  int step = 0;
  for (const auto& tick : axis.ticks()) {
    ++step;
    std::string label = s.timed ? format_sim_time(tick.t) : "step " + std::to_string(step);
    svg.text(kMargin + kGutter - 8, tick.y + 4, label, "font-size=\"10\" fill=\"#546e7a\" text-anchor=\"end\"");
    svg.line(kMargin + kGutter - 4, tick.y, l.width - kMargin, tick.y, "#eceff1", 1);
    if (s.timed && tick.gap_before >= kGapNoteNs) {
      int mid = (tick.gap_top + tick.y) / 2;
      svg.text(kMargin + kGutter - 8, mid + 4, "+" + format_sim_time(tick.gap_before),
               "font-size=\"10\" fill=\"#90a4ae\" font-style=\"italic\" text-anchor=\"end\"");
    }
  }

  // Arrows and marks, in log order (marks last would hide nothing: they never share a row).
  for (const auto& p : placed) {
    const auto& m = *p.m;
    double y1 = axis.y(m.sent_ns, p.start_row);
    double x1 = col_x(column_index(cols, m.from));
    std::string when = s.timed ? format_sim_time(m.sent_ns) : "step";
    if (is_mark(m)) {
      MarkKind kind = mark_kind(m.label, m.detail);
      auto st = style_of(kind);
      int w = mark_width(m);
      svg.raw(std::string("<g class=\"mark mark-") + kind_name(kind) + "\"><title>" +
              xml_escape(when + " " + m.from + ": " + mark_text(m)) + "</title>\n");
      double left = mark_left(w, column_index(cols, m.from), cols.size(), x1);
      svg.rect(left, y1 - 11, w, 22,
               "rx=\"4\" fill=\"" + std::string(st.fill) + "\" stroke=\"" + st.stroke + "\" stroke-width=\"1.4\"");
      svg.raw("<text x=\"" + num(left + w / 2.0) + "\" y=\"" + num(y1 + 4) + "\" font-size=\"11\" text-anchor=\"middle\" fill=\"" +
              st.text + "\"><tspan font-weight=\"bold\">" + xml_escape(m.label) + "</tspan>" +
              (m.detail.empty() ? "" : "<tspan>  " + xml_escape(m.detail) + "</tspan>") + "</text>\n");
      svg.raw("</g>\n");
      continue;
    }
    auto st = style_of(m.layer);
    std::string colour = st.colour;
    double x2 = col_x(column_index(cols, m.to));
    double y2 = y1;
    if (m.lost()) {
      x2 = x1 + (x2 - x1) * 0.62;
      y2 = y1 + 20;
    } else if (m.arrived_ns > m.sent_ns) {
      y2 = axis.y(m.arrived_ns, p.arrive_row);
    }
    std::string detail = arrow_detail(m);
    std::string tip = when + " " + m.from + " -> " + m.to + ": " + m.label + (detail.empty() ? "" : " (" + detail + ")");
    if (!m.lost() && m.arrived_ns >= 0 && s.timed) tip += ", arrived " + format_sim_time(m.arrived_ns);
    svg.raw("<g class=\"msg msg-" + lower(to_string(m.layer)) + (m.lost() ? " lost" : "") + "\"><title>" +
            xml_escape(tip) + "</title>\n");
    svg.line(x1, y1, x2, y2, colour, 1.6, m.lost() ? " stroke-dasharray=\"5,3\"" : "");
    if (m.lost()) {
      svg.line(x2 - 5, y2 - 5, x2 + 5, y2 + 5, colour, 2);
      svg.line(x2 - 5, y2 + 5, x2 + 5, y2 - 5, colour, 2);
    } else {
      arrowhead(svg, x1, y1, x2, y2, colour);
    }
    double mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
    int tw = std::max(text_width(m.label, kFont), text_width(detail, kDetailFont)) + 8;
    svg.rect(mx - tw / 2.0, my - 14, tw, detail.empty() ? 15 : 27, "rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.85\"");
    svg.text(mx, my - 3, m.label, "font-size=\"11\" text-anchor=\"middle\" fill=\"" + colour + "\"");
    if (!detail.empty()) svg.text(mx, my + 9, detail, "font-size=\"10\" text-anchor=\"middle\" fill=\"#555555\"");
    svg.raw("</g>\n");
  }
  return bottom + 28;
}

}  // namespace

std::string render_svg(const LadderDiagram& d) {
  Svg legend_svg;
  int legend_w = legend(legend_svg, kMargin + 36);
  Layout l = layout_of(d, legend_w);
  Svg body;
  body.text(kMargin, kMargin + 14, d.title, "font-size=\"15\" font-weight=\"bold\"");
  body.raw(legend_svg.str());
  int y = kMargin + 52;
  for (const auto& s : d.sections) y = draw_section(body, s, l, y);
  if (d.sections.empty() || !d.note.empty()) {
    body.text(kMargin, y + 20, d.note.empty() ? "no connections" : d.note,
              "font-size=\"12\" fill=\"#777777\" font-style=\"italic\"");
    y += 40;
  }
  int height = y + kMargin;

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + std::to_string(l.width) + "\" height=\"" +
         std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(l.width) + " " + std::to_string(height) +
         "\" font-family=\"DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif\">\n";
  out += "<title>" + xml_escape(d.title) + "</title>\n";
  out += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(l.width) + "\" height=\"" + std::to_string(height) +
         "\" fill=\"#ffffff\"/>\n";
  out += body.str();
  out += "</svg>\n";
  return out;
}

}  // namespace smc::ladder
