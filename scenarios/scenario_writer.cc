#include "scenarios/scenario_writer.h"

#include <charconv>
#include <cstdio>
#include <sstream>

namespace smc::scenarios {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string string_array(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + quoted(v[i]);
  return out + "]";
}

std::string int_array(const std::vector<std::int64_t>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "]";
}

// The parser keeps scalar-map values as text; write each back as the TOML type that gives the
// same text (an integer literal as an integer, true/false as a boolean, the rest as a string).
std::string scalar(const std::string& text) {
  if (text == "true" || text == "false") return text;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc{} && end == text.data() + text.size() && std::to_string(v) == text) return text;
  return quoted(text);
}

std::string inline_table(const KeyValues& kv) {
  std::string out = "{ ";
  for (std::size_t i = 0; i < kv.size(); ++i) out += (i ? ", " : "") + quoted(kv[i].first) + " = " + scalar(kv[i].second);
  return out + " }";
}

std::string real(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, ec == std::errc{} ? end : buf);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string code(std::uint32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", c);
  return buf;
}

class Writer {
 public:
  explicit Writer(std::ostringstream& out) : out_(out) {}

  void table(const char* header, const std::string& indent = "") {
    out_ << "\n" << indent << header << "\n";
    indent_ = indent;
  }
  void str(const char* key, const std::string& v) { line(key, quoted(v)); }
  void str_if(const char* key, const std::string& v, const std::string& dflt = {}) {
    if (v != dflt) str(key, v);
  }
  void num(const char* key, std::int64_t v) { line(key, std::to_string(v)); }
  void num_if(const char* key, std::int64_t v, std::int64_t dflt) {
    if (v != dflt) num(key, v);
  }
  void opt_num(const char* key, const std::optional<std::int64_t>& v) {
    if (v) num(key, *v);
  }
  void flag_if(const char* key, bool v, bool dflt) {
    if (v != dflt) line(key, v ? "true" : "false");
  }
  void strs_if(const char* key, const std::vector<std::string>& v) {
    if (!v.empty()) line(key, string_array(v));
  }
  void map_if(const char* key, const KeyValues& kv) {
    if (!kv.empty()) line(key, inline_table(kv));
  }
  void line(const char* key, const std::string& value) { out_ << indent_ << key << " = " << value << "\n"; }

 private:
  std::ostringstream& out_;
  std::string indent_;
};

void write_host(Writer& w, const HostSpec& h) {
  w.table("[[host]]");
  w.str("name", h.name);
  w.str_if("profile", h.profile);
  w.flag_if("smc_module", h.smc_module, true);
  w.str_if("arch", h.arch, "x86_64");
  w.map_if("sysctl", h.sysctls);
  w.strs_if("ueids", h.ueids);
  if (h.seid) w.str("seid", *h.seid);
  w.flag_if("forwarding", h.forwarding, false);
  w.flag_if("syncookies", h.syncookies, false);
  w.flag_if("ipsec_global", h.ipsec_global, false);
  w.map_if("bpf", h.bpf_policy);
  for (const auto& p : h.pnet) {
    w.table("[[host.pnet]]", "  ");
    w.str("pnetid", p.pnetid);
    w.str_if("netdev", p.netdev);
    w.str_if("device", p.device);
  }
  for (const auto& i : h.interfaces) {
    w.table("[[host.interface]]", "  ");
    w.str("name", i.name);
    w.str_if("segment", i.segment);
    if (i.mac) w.str("mac", *i.mac);
    w.num_if("mtu", i.mtu, 1500);
    w.strs_if("addresses", i.addresses);
    w.num_if("vlan", i.vlan, 0);
    w.str_if("lower", i.lower);
    w.str_if("pnetid", i.pnetid);
    w.str_if("netns", i.netns, "init");
  }
  for (const auto& r : h.routes) {
    w.table("[[host.route]]", "  ");
    w.str("to", r.to);
    w.str_if("via", r.via);
    w.str_if("dev", r.dev);
    w.flag_if("unreachable", r.unreachable, false);
    w.str_if("netns", r.netns, "init");
  }
  for (const auto& n : h.rnics) {
    w.table("[[host.rnic]]", "  ");
    w.str("name", n.name);
    w.str_if("kind", n.kind, "rxe");
    w.str_if("netdev", n.netdev);
    w.str_if("pnetid", n.pnetid);
    w.strs_if("gids", n.gid_types);
    w.flag_if("port_up", n.port_up, true);
    w.str_if("netns", n.netns, "init");
    w.str_if("netns_mode", n.netns_mode, "shared");
    w.map_if("limits", n.limits);
  }
  for (const auto& m : h.isms) {
    w.table("[[host.ism]]", "  ");
    w.str("name", m.name);
    w.str_if("kind", m.kind, "ism");
    w.num_if("version", m.version, 2);
    w.num("chid", m.chid);  // its default depends on the kind: always written
    w.opt_num("gid", m.gid);
    w.str_if("pnetid", m.pnetid);
    w.num_if("vlan_slots", m.vlan_slots, 64);
    w.num_if("dmb_slots", m.dmb_slots, 1920);
  }
}

void write_app(Writer& w, const AppSpec& a) {
  w.table("[[app]]");
  w.str("name", a.name);
  w.str("host", a.host);
  w.str("role", a.role);
  w.str_if("socket", a.socket, "af_smc");
  w.str_if("binary", a.binary, "dynamic");
  w.str_if("family", a.family, "ipv4");
  w.str_if("bind", a.bind);
  w.num_if("port", a.port, 0);
  w.str_if("connect", a.connect);
  w.opt_num("start", a.start_ns);
  w.num_if("connections", a.connections, 1);
  w.num_if("concurrency", a.concurrency, 1);
  w.num_if("send", a.send_bytes, 0);
  w.num_if("chunk", a.chunk_bytes, 16384);
  w.flag_if("echo", a.echo, false);
  w.flag_if("fastopen", a.fastopen, false);
  w.str_if("behaviour", a.behaviour, "smc");
  w.str_if("close", a.close, "after-data");
  w.opt_num("close_at", a.close_at_ns);
  for (const auto& o : a.sockopts) {
    w.table("[[app.sockopt]]", "  ");
    w.str("level", o.level);
    w.str("name", o.name);
    w.num_if("value", o.value, 1);
    w.str_if("when", o.when, "before-connect");
  }
}

void write_peer(Writer& w, const ScriptedPeerSpec& p) {
  w.table("[[peer]]");
  w.str("name", p.name);
  w.str("host", p.host);
  w.str("role", p.role);
  w.num_if("port", p.port, 0);
  w.str_if("connect", p.connect);
  for (const auto& st : p.steps) {
    w.table("[[peer.step]]", "  ");
    w.opt_num("at", st.at_ns);
    w.str("action", st.action);
    w.str_if("message", st.message);
    w.map_if("fields", st.fields);
    w.str_if("hex", st.hex);
    w.opt_num("duration", st.duration_ns);
  }
}

void write_expect(Writer& w, const ExpectSpec& e) {
  w.table("[[expect]]");
  w.str("app", e.app);
  w.opt_num("connection", e.connection);
  w.str_if("mode", e.mode);
  if (e.local_code) w.line("local", quoted(code(*e.local_code)));
  if (e.peer_code) w.line("peer", quoted(code(*e.peer_code)));
  w.str_if("error", e.error);
  w.flag_if("data_intact", e.data_intact, false);
  w.strs_if("wire", e.wire);
  w.map_if("counters", e.counters);
  w.opt_num("link_groups", e.link_groups);
  w.str_if("state", e.state);
}

void write_perf(Writer& w, const PerfSpec& p) {
  const PerfSpec d;
  w.table("[perf]");
  w.str_if("client", p.client);
  w.str("workload", p.workload);
  w.num_if("requests", p.requests, d.requests);
  w.num_if("request_bytes", p.request_bytes, d.request_bytes);
  w.num_if("response_bytes", p.response_bytes, d.response_bytes);
  w.num_if("concurrency", p.concurrency, d.concurrency);
  w.num_if("compute", p.compute_ns, d.compute_ns);
  w.num_if("bytes", p.bytes, d.bytes);
  w.num_if("chunk", p.chunk_bytes, d.chunk_bytes);
  w.num_if("connections", p.connections, d.connections);
  w.str_if("metric", p.metric);
  w.str("expect", p.expect);
  w.line("tolerance", real(p.tolerance));
  w.map_if("model", p.model);
}

}  // namespace

std::string write_scenario(const Scenario& s, const std::string& header) {
  std::ostringstream out;
  std::istringstream lines(header);
  for (std::string l; std::getline(lines, l);) out << (l.empty() ? "#" : "# " + l) << "\n";
  Writer w(out);
  out << "[scenario]\n";
  w.str("id", s.id);
  w.str_if("title", s.title);
  w.str_if("reference", s.reference);
  w.str_if("description", s.description);
  w.num("seed", static_cast<std::int64_t>(s.seed));
  w.num("duration", s.duration_ns);
  w.str("profile", s.profile);
  w.str_if("deviation", s.deviation);
  w.strs_if("backends", s.backends);
  for (const auto& seg : s.segments) {
    w.table("[[segment]]");
    w.str("name", seg.name);
    w.opt_num("bandwidth", seg.bandwidth_bps);
    w.num("delay", seg.delay_ns);
    w.opt_num("pps", seg.pps);
    w.num_if("mtu", seg.mtu, 9000);
  }
  for (const auto& h : s.hosts) write_host(w, h);
  for (const auto& m : s.middleboxes) {
    w.table("[[middlebox]]");
    w.str("kind", m.kind);
    w.str_if("direction", m.direction, "both");
    w.str("on", m.on);
  }
  for (const auto& f : s.faults) {
    w.table("[[fault]]");
    w.opt_num("at", f.at_ns);
    if (f.probability) w.line("probability", real(*f.probability));
    w.str("kind", f.kind);
    w.str("target", f.target);
    if (!f.packets.empty()) w.line("packets", int_array(f.packets));
    w.str_if("direction", f.direction, "both");
    w.opt_num("delay", f.delay_ns);
    w.opt_num("count", f.count);
    w.str_if("message", f.message, "");
    w.str_if("sysctl", f.sysctl, "");
    w.opt_num("value", f.value);
  }
  for (const auto& a : s.apps) write_app(w, a);
  for (const auto& p : s.scripted_peers) write_peer(w, p);
  for (const auto& e : s.expectations) write_expect(w, e);
  if (s.perf) write_perf(w, *s.perf);
  return out.str();
}

namespace {

// Field-by-field equality without the bookkeeping (line, key_lines, file).
template <typename T>
bool eq(const std::vector<T>& a, const std::vector<T>& b);
bool eq(const InterfaceSpec& a, const InterfaceSpec& b);
bool eq(const RouteSpec& a, const RouteSpec& b);
bool eq(const RnicSpec& a, const RnicSpec& b);
bool eq(const IsmSpec& a, const IsmSpec& b);
bool eq(const PnetEntrySpec& a, const PnetEntrySpec& b);
bool eq(const HostSpec& a, const HostSpec& b);
bool eq(const SegmentSpec& a, const SegmentSpec& b);
bool eq(const MiddleboxSpec& a, const MiddleboxSpec& b);
bool eq(const FaultSpec& a, const FaultSpec& b);
bool eq(const SockoptSpec& a, const SockoptSpec& b);
bool eq(const AppSpec& a, const AppSpec& b);
bool eq(const ScriptStepSpec& a, const ScriptStepSpec& b);
bool eq(const ScriptedPeerSpec& a, const ScriptedPeerSpec& b);
bool eq(const ExpectSpec& a, const ExpectSpec& b);

bool eq(const InterfaceSpec& a, const InterfaceSpec& b) {
  return a.name == b.name && a.segment == b.segment && a.mac == b.mac && a.mtu == b.mtu && a.addresses == b.addresses &&
         a.vlan == b.vlan && a.lower == b.lower && a.pnetid == b.pnetid && a.netns == b.netns;
}
bool eq(const RouteSpec& a, const RouteSpec& b) {
  return a.to == b.to && a.via == b.via && a.dev == b.dev && a.unreachable == b.unreachable && a.netns == b.netns;
}
bool eq(const RnicSpec& a, const RnicSpec& b) {
  return a.name == b.name && a.kind == b.kind && a.netdev == b.netdev && a.pnetid == b.pnetid &&
         a.gid_types == b.gid_types && a.port_up == b.port_up && a.netns == b.netns && a.netns_mode == b.netns_mode &&
         a.limits == b.limits;
}
bool eq(const IsmSpec& a, const IsmSpec& b) {
  return a.name == b.name && a.kind == b.kind && a.version == b.version && a.chid == b.chid && a.gid == b.gid &&
         a.pnetid == b.pnetid && a.vlan_slots == b.vlan_slots && a.dmb_slots == b.dmb_slots;
}
bool eq(const PnetEntrySpec& a, const PnetEntrySpec& b) {
  return a.pnetid == b.pnetid && a.netdev == b.netdev && a.device == b.device;
}
template <typename T>
bool eq(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!eq(a[i], b[i])) return false;
  return true;
}
bool eq(const HostSpec& a, const HostSpec& b) {
  return a.name == b.name && a.profile == b.profile && a.smc_module == b.smc_module && a.arch == b.arch &&
         a.sysctls == b.sysctls && a.ueids == b.ueids && a.seid == b.seid && a.forwarding == b.forwarding &&
         a.syncookies == b.syncookies && eq(a.pnet, b.pnet) && eq(a.interfaces, b.interfaces) &&
         eq(a.routes, b.routes) && eq(a.rnics, b.rnics) && eq(a.isms, b.isms) && a.bpf_policy == b.bpf_policy &&
         a.ipsec_global == b.ipsec_global;
}
bool eq(const SegmentSpec& a, const SegmentSpec& b) {
  return a.name == b.name && a.bandwidth_bps == b.bandwidth_bps && a.delay_ns == b.delay_ns && a.pps == b.pps &&
         a.mtu == b.mtu;
}
bool eq(const MiddleboxSpec& a, const MiddleboxSpec& b) {
  return a.kind == b.kind && a.direction == b.direction && a.on == b.on;
}
bool eq(const FaultSpec& a, const FaultSpec& b) {
  return a.at_ns == b.at_ns && a.probability == b.probability && a.kind == b.kind && a.target == b.target &&
         a.packets == b.packets && a.direction == b.direction && a.delay_ns == b.delay_ns && a.count == b.count &&
         a.message == b.message && a.sysctl == b.sysctl && a.value == b.value;
}
bool eq(const SockoptSpec& a, const SockoptSpec& b) {
  return a.level == b.level && a.name == b.name && a.value == b.value && a.when == b.when;
}
bool eq(const AppSpec& a, const AppSpec& b) {
  return a.name == b.name && a.host == b.host && a.role == b.role && a.socket == b.socket && a.binary == b.binary &&
         a.family == b.family && a.bind == b.bind && a.port == b.port && a.connect == b.connect &&
         a.start_ns == b.start_ns && a.connections == b.connections && a.concurrency == b.concurrency &&
         a.send_bytes == b.send_bytes && a.chunk_bytes == b.chunk_bytes && a.echo == b.echo &&
         a.fastopen == b.fastopen && a.behaviour == b.behaviour && eq(a.sockopts, b.sockopts) && a.close == b.close &&
         a.close_at_ns == b.close_at_ns;
}
bool eq(const ScriptStepSpec& a, const ScriptStepSpec& b) {
  return a.at_ns == b.at_ns && a.action == b.action && a.message == b.message && a.fields == b.fields &&
         a.hex == b.hex && a.duration_ns == b.duration_ns;
}
bool eq(const ScriptedPeerSpec& a, const ScriptedPeerSpec& b) {
  return a.name == b.name && a.host == b.host && a.role == b.role && a.port == b.port && a.connect == b.connect &&
         eq(a.steps, b.steps);
}
bool eq(const std::optional<PerfSpec>& a, const std::optional<PerfSpec>& b) {
  if (!a || !b) return !a && !b;
  return a->client == b->client && a->workload == b->workload && a->requests == b->requests &&
         a->request_bytes == b->request_bytes && a->response_bytes == b->response_bytes &&
         a->concurrency == b->concurrency && a->compute_ns == b->compute_ns && a->bytes == b->bytes &&
         a->chunk_bytes == b->chunk_bytes && a->connections == b->connections && a->metric == b->metric &&
         a->expect == b->expect && a->tolerance == b->tolerance && a->model == b->model;
}
bool eq(const ExpectSpec& a, const ExpectSpec& b) {
  return a.app == b.app && a.connection == b.connection && a.mode == b.mode && a.local_code == b.local_code &&
         a.peer_code == b.peer_code && a.error == b.error && a.data_intact == b.data_intact && a.wire == b.wire &&
         a.counters == b.counters && a.link_groups == b.link_groups && a.state == b.state;
}

}  // namespace

bool same_scenario(const Scenario& a, const Scenario& b) {
  return a.id == b.id && a.title == b.title && a.reference == b.reference && a.description == b.description &&
         a.seed == b.seed && a.duration_ns == b.duration_ns && a.profile == b.profile && a.deviation == b.deviation &&
         a.backends == b.backends && eq(a.hosts, b.hosts) && eq(a.segments, b.segments) &&
         eq(a.middleboxes, b.middleboxes) && eq(a.faults, b.faults) && eq(a.apps, b.apps) &&
         eq(a.scripted_peers, b.scripted_peers) && eq(a.expectations, b.expectations) && eq(a.perf, b.perf);
}

}  // namespace smc::scenarios
