#include "scenarios/scenario_parser.h"

#include <fstream>
#include <limits>
#include <sstream>

#include "scenarios/scenario_validator.h"
#include "scenarios/toml_reader.h"

namespace smc::scenarios {

namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<std::int64_t>::max();

std::optional<std::uint32_t> parse_code(TableReader& r, const std::string& key) {
  auto s = r.opt_string(key);
  if (!s) {
    if (r.has(key) && !r.sink().failed()) r.fail(key, "'" + key + "' must be a code string such as \"0x03030000\"");
    return std::nullopt;
  }
  const std::string& t = *s;
  if (t.size() < 3 || t.size() > 10 || t[0] != '0' || (t[1] != 'x' && t[1] != 'X')) {
    r.fail(key, "'" + key + "' = \"" + t + "\" is not a code such as \"0x03030000\"");
    return std::nullopt;
  }
  std::uint32_t v = 0;
  for (std::size_t i = 2; i < t.size(); ++i) {
    char c = t[i];
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (d < 0) {
      r.fail(key, "'" + key + "' = \"" + t + "\" is not a hex code");
      return std::nullopt;
    }
    v = v << 4 | static_cast<std::uint32_t>(d);
  }
  return v;
}

void read_scenario_table(TableReader& r, Scenario& s) {
  s.id = r.required_string("id");
  s.title = r.string("title");
  s.reference = r.string("reference");
  s.description = r.string("description");
  s.seed = static_cast<std::uint64_t>(r.integer("seed", 1, 0, kMaxInt));
  s.duration_ns = r.duration_ns("duration", s.duration_ns);
  s.profile = r.string("profile", s.profile);
  s.deviation = r.string("deviation");
  s.backends = r.strings("backends");
  r.finish();
}

InterfaceSpec read_interface(TableReader& r) {
  InterfaceSpec i;
  i.line = r.line();
  i.key_lines = r.key_lines();
  i.name = r.required_string("name");
  i.segment = r.string("segment");
  i.mac = r.opt_string("mac");
  i.mtu = r.integer("mtu", i.mtu, 68, 65535);
  i.addresses = r.strings("addresses");
  i.vlan = r.integer("vlan", 0, 0, 4094);
  i.lower = r.string("lower");
  i.pnetid = r.string("pnetid");
  i.netns = r.string("netns", i.netns);
  r.finish();
  return i;
}

RouteSpec read_route(TableReader& r) {
  RouteSpec rt;
  rt.line = r.line();
  rt.key_lines = r.key_lines();
  rt.to = r.required_string("to");
  rt.via = r.string("via");
  rt.dev = r.string("dev");
  rt.unreachable = r.boolean("unreachable", false);
  rt.netns = r.string("netns", rt.netns);
  r.finish();
  return rt;
}

RnicSpec read_rnic(TableReader& r) {
  RnicSpec n;
  n.line = r.line();
  n.key_lines = r.key_lines();
  n.name = r.required_string("name");
  n.kind = r.choice("kind", {"rxe", "erdma", "roce-express", "mlx5"}, n.kind);
  n.netdev = r.string("netdev");
  n.pnetid = r.string("pnetid");
  n.gid_types = r.strings("gids");
  n.port_up = r.boolean("port_up", true);
  n.netns = r.string("netns", n.netns);
  n.netns_mode = r.choice("netns_mode", {"shared", "exclusive"}, n.netns_mode);
  n.limits = r.scalar_map("limits");
  r.finish();
  return n;
}

IsmSpec read_ism(TableReader& r) {
  IsmSpec m;
  m.line = r.line();
  m.key_lines = r.key_lines();
  m.name = r.required_string("name");
  m.kind = r.choice("kind", {"ism", "loopback-ism"}, m.kind);
  m.version = r.integer("version", m.version, 1, 2);
  m.chid = r.integer("chid", m.kind == "loopback-ism" ? 0xFFFF : 0, 0, 0xFFFF);
  m.gid = r.opt_int("gid", 0, kMaxInt);
  m.pnetid = r.string("pnetid");
  m.vlan_slots = r.integer("vlan_slots", m.vlan_slots, 0, 4096);
  m.dmb_slots = r.integer("dmb_slots", m.dmb_slots, 0, 1 << 20);
  r.finish();
  return m;
}

PnetEntrySpec read_pnet(TableReader& r) {
  PnetEntrySpec p;
  p.line = r.line();
  p.key_lines = r.key_lines();
  p.pnetid = r.required_string("pnetid");
  p.netdev = r.string("netdev");
  p.device = r.string("device");
  if (p.netdev.empty() == p.device.empty()) r.fail("pnetid", "a pnet entry names exactly one of 'netdev' or 'device'");
  r.finish();
  return p;
}

HostSpec read_host(TableReader& r) {
  HostSpec h;
  h.line = r.line();
  h.key_lines = r.key_lines();
  h.name = r.required_string("name");
  h.profile = r.string("profile");
  h.smc_module = r.boolean("smc_module", true);
  h.arch = r.choice("arch", {"x86_64", "aarch64", "s390x"}, h.arch);
  h.sysctls = r.scalar_map("sysctl");
  h.ueids = r.strings("ueids");
  h.seid = r.opt_string("seid");
  h.forwarding = r.boolean("forwarding", false);
  h.syncookies = r.boolean("syncookies", false);
  h.ipsec_global = r.boolean("ipsec_global", false);
  h.bpf_policy = r.scalar_map("bpf");
  for (auto& t : r.tables("pnet", "host '" + h.name + "' pnet entry")) h.pnet.push_back(read_pnet(t));
  for (auto& t : r.tables("interface", "host '" + h.name + "' interface")) h.interfaces.push_back(read_interface(t));
  for (auto& t : r.tables("route", "host '" + h.name + "' route")) h.routes.push_back(read_route(t));
  for (auto& t : r.tables("rnic", "host '" + h.name + "' rnic")) h.rnics.push_back(read_rnic(t));
  for (auto& t : r.tables("ism", "host '" + h.name + "' ism")) h.isms.push_back(read_ism(t));
  r.finish();
  return h;
}

SegmentSpec read_segment(TableReader& r) {
  SegmentSpec s;
  s.line = r.line();
  s.key_lines = r.key_lines();
  s.name = r.required_string("name");
  s.bandwidth_bps = r.opt_bandwidth_bps("bandwidth");
  s.delay_ns = r.duration_ns("delay", s.delay_ns);
  s.pps = r.opt_int("pps", 1, kMaxInt);
  s.mtu = r.integer("mtu", s.mtu, 68, 65535);
  r.finish();
  return s;
}

MiddleboxSpec read_middlebox(TableReader& r) {
  MiddleboxSpec m;
  m.line = r.line();
  m.key_lines = r.key_lines();
  m.kind = r.choice("kind",
                    {"echo-syn-options", "strip-smc-option", "drop-smc-syn", "drop", "delay"}, "");
  if (m.kind.empty() && !r.sink().failed()) r.fail("kind", "missing required key 'kind'");
  m.direction = r.choice("direction", {"syn", "syn-ack", "both", "client-to-server", "server-to-client"}, m.direction);
  m.on = r.required_string("on");
  r.finish();
  return m;
}

FaultSpec read_fault(TableReader& r) {
  FaultSpec f;
  f.line = r.line();
  f.key_lines = r.key_lines();
  f.at_ns = r.opt_duration_ns("at");
  f.probability = r.opt_probability("probability");
  f.kind = r.choice("kind",
                    {"loss-mask", "loss", "delay", "reorder", "duplicate", "partition", "heal", "link-down",
                     "link-up", "rdma-blackhole", "qp-create-fail", "qp-modify-fail", "mr-reg-fail",
                     "cq-overflow", "port-down", "port-up", "qp-error", "device-removal", "alloc-fail", "route-vanish",
                     "drop-lgr-silently", "sysctl-change", "llc-drop", "llc-fail", "crafted-confirm-link",
                     "rtoken-fill", "lgr-link-race"},
                    "");
  if (f.kind.empty() && !r.sink().failed()) r.fail("kind", "missing required key 'kind'");
  f.target = r.required_string("target");
  f.packets = r.integers("packets", 1, kMaxInt);
  f.direction = r.choice("direction", {"both", "client-to-server", "server-to-client", "tx", "rx"}, f.direction);
  f.delay_ns = r.opt_duration_ns("delay");
  f.count = r.opt_int("count", 0, kMaxInt);
  f.sysctl = r.string("sysctl");
  f.value = r.opt_int("value", 0, 0xffffffffLL);
  f.message = r.string("message");
  if ((f.kind == "llc-drop" || f.kind == "llc-fail") && f.message.empty() && !r.sink().failed())
    r.fail("kind", "an " + f.kind + " fault needs 'message' (an LLC message: \"confirm-rkey-response\")");
  if (f.kind == "sysctl-change" && (f.sysctl.empty() || !f.value || !f.at_ns) && !r.sink().failed())
    r.fail("kind", "a sysctl-change fault needs 'sysctl', 'value' and 'at'");
  if (f.kind == "loss-mask" && f.packets.empty()) r.fail("kind", "a loss-mask fault needs 'packets' (1-based numbers)");
  r.finish();
  return f;
}

SockoptSpec read_sockopt(TableReader& r) {
  SockoptSpec o;
  o.line = r.line();
  o.key_lines = r.key_lines();
  o.level = r.choice("level", {"SOL_SOCKET", "SOL_TCP", "SOL_IP", "SOL_IPV6", "SOL_SMC"}, "");
  if (o.level.empty() && !r.sink().failed()) r.fail("level", "missing required key 'level'");
  o.name = r.required_string("name");
  o.value = r.integer("value", 1, std::numeric_limits<std::int64_t>::min(), kMaxInt);
  o.when = r.choice("when", {"before-connect", "before-listen", "after-connect", "after-accept"}, o.when);
  r.finish();
  return o;
}

AppSpec read_app(TableReader& r) {
  AppSpec a;
  a.line = r.line();
  a.key_lines = r.key_lines();
  a.name = r.required_string("name");
  a.host = r.required_string("host");
  a.role = r.choice("role", {"server", "client"}, "");
  if (a.role.empty() && !r.sink().failed()) r.fail("role", "missing required key 'role' (server or client)");
  a.socket = r.choice("socket", {"af_smc", "ipproto_smc", "smc_run", "tcp2smc", "tcp"}, a.socket);
  a.binary = r.choice("binary", {"dynamic", "static"}, a.binary);
  a.family = r.choice("family", {"ipv4", "ipv6"}, a.family);
  a.bind = r.string("bind");
  a.port = r.integer("port", 0, 0, 65535);
  a.connect = r.string("connect");
  a.start_ns = r.opt_duration_ns("start");
  a.connections = r.integer("connections", 1, 1, 10'000'000);
  a.concurrency = r.integer("concurrency", 1, 1, 1'000'000);
  a.send_bytes = r.opt_size_bytes("send").value_or(0);
  a.chunk_bytes = r.opt_size_bytes("chunk").value_or(a.chunk_bytes);
  a.echo = r.boolean("echo", false);
  a.fastopen = r.boolean("fastopen", false);
  a.behaviour = r.choice("behaviour", {"smc", "speaks-first", "own-protocol", "silent"}, a.behaviour);
  for (auto& t : r.tables("sockopt", "app '" + a.name + "' sockopt")) a.sockopts.push_back(read_sockopt(t));
  a.close = r.choice("close", {"after-data", "never", "abort", "shutdown-write", "after-eof"}, a.close);
  a.close_at_ns = r.opt_duration_ns("close_at");
  if (a.role == "client" && a.connect.empty() && !r.sink().failed())
    r.fail("role", "a client app needs 'connect' (\"server:5000\")");
  if (a.role == "server" && a.port == 0 && !r.sink().failed()) r.fail("role", "a server app needs 'port'");
  if (a.chunk_bytes <= 0 && !r.sink().failed()) r.fail("chunk", "'chunk' must be positive");
  r.finish();
  return a;
}

ScriptStepSpec read_step(TableReader& r) {
  ScriptStepSpec s;
  s.line = r.line();
  s.key_lines = r.key_lines();
  s.at_ns = r.opt_duration_ns("at");
  s.action = r.choice("action", {"expect", "send", "send-raw", "silent", "close", "reset"}, "");
  if (s.action.empty() && !r.sink().failed()) r.fail("action", "missing required key 'action'");
  s.message = r.string("message");
  s.fields = r.scalar_map("fields");
  s.hex = r.string("hex");
  s.duration_ns = r.opt_duration_ns("duration");
  if ((s.action == "expect" || s.action == "send") && s.message.empty() && !r.sink().failed())
    r.fail("action", "'" + s.action + "' needs 'message'");
  if (s.action == "send-raw" && s.hex.empty() && !r.sink().failed()) r.fail("action", "'send-raw' needs 'hex'");
  r.finish();
  return s;
}

ScriptedPeerSpec read_peer(TableReader& r) {
  ScriptedPeerSpec p;
  p.line = r.line();
  p.key_lines = r.key_lines();
  p.name = r.required_string("name");
  p.host = r.required_string("host");
  p.role = r.choice("role", {"server", "client"}, "");
  if (p.role.empty() && !r.sink().failed()) r.fail("role", "missing required key 'role' (server or client)");
  p.port = r.integer("port", 0, 0, 65535);
  p.connect = r.string("connect");
  for (auto& t : r.tables("step", "peer '" + p.name + "' step")) p.steps.push_back(read_step(t));
  r.finish();
  return p;
}

ExpectSpec read_expect(TableReader& r) {
  ExpectSpec e;
  e.line = r.line();
  e.key_lines = r.key_lines();
  e.app = r.required_string("app");
  e.connection = r.opt_int("connection", 1, kMaxInt);
  e.mode = r.choice("mode", {"SMCR", "SMCD", "TCP", "plain", "dropped", "failed", "INIT", ""}, "");
  e.local_code = parse_code(r, "local");
  e.peer_code = parse_code(r, "peer");
  e.error = r.string("error");
  e.data_intact = r.boolean("data_intact", false);
  e.wire = r.strings("wire");
  e.counters = r.scalar_map("counters");
  e.link_groups = r.opt_int("link_groups", 0, kMaxInt);
  e.state = r.choice("state", {"ACTIVE", "PEERCLW1", "PEERCLW2", "APPLCLW1", "APPLCLW2", "APPFINCLW", "PEERFINCLW",
                               "PEERABORTW", "PROCESSABORT", "CLOSED", ""}, "");
  r.finish();
  return e;
}

PerfSpec read_perf(TableReader& r) {
  PerfSpec p;
  p.line = r.line();
  p.key_lines = r.key_lines();
  p.client = r.string("client");
  p.workload = r.choice("workload", {"request-response", "bulk", "short-lived"}, p.workload);
  p.requests = r.integer("requests", p.requests, 1, 10'000'000);
  p.request_bytes = r.opt_size_bytes("request_bytes").value_or(p.request_bytes);
  p.response_bytes = r.opt_size_bytes("response_bytes").value_or(p.response_bytes);
  p.concurrency = r.integer("concurrency", p.concurrency, 1, 100'000);
  p.compute_ns = r.duration_ns("compute", p.compute_ns);
  p.bytes = r.opt_size_bytes("bytes").value_or(p.bytes);
  p.chunk_bytes = r.opt_size_bytes("chunk").value_or(p.chunk_bytes);
  p.connections = r.integer("connections", p.connections, 0, 10'000'000);
  p.metric = r.choice("metric", {"qps", "throughput", "latency", ""}, "");
  p.expect = r.choice("expect", {"smc-faster", "tcp-faster", "same"}, "");
  if (p.expect.empty() && !r.sink().failed()) r.fail("expect", "missing required key 'expect' (smc-faster, tcp-faster or same)");
  p.tolerance = r.opt_probability("tolerance").value_or(p.tolerance);
  p.model = r.scalar_map("model");
  if (p.workload == "bulk" && p.bytes <= 0 && !r.sink().failed()) r.fail("workload", "a bulk workload needs 'bytes'");
  if (p.workload == "short-lived" && p.connections <= 0 && !r.sink().failed())
    r.fail("workload", "a short-lived workload needs 'connections'");
  if ((p.request_bytes < 0 || p.response_bytes < 0 || p.chunk_bytes <= 0) && !r.sink().failed())
    r.fail("request_bytes", "message sizes must be positive");
  r.finish();
  return p;
}

}  // namespace

ScenarioResult<Scenario> parse_scenario_text(const std::string& text, const std::string& file) {
  auto doc = parse_toml(text, file);
  if (!doc) return unexpected(doc.error());
  ErrorSink sink(file);
  TableReader root(*doc, "scenario file", sink);
  Scenario s;
  s.file = file;
  if (auto head = root.table("scenario", "[scenario]")) read_scenario_table(*head, s);
  else sink.fail(1, "missing the [scenario] table (id, title, ...)");
  for (auto& t : root.tables("segment", "segment")) s.segments.push_back(read_segment(t));
  for (auto& t : root.tables("host", "host")) s.hosts.push_back(read_host(t));
  for (auto& t : root.tables("middlebox", "middlebox")) s.middleboxes.push_back(read_middlebox(t));
  for (auto& t : root.tables("fault", "fault")) s.faults.push_back(read_fault(t));
  for (auto& t : root.tables("app", "app")) s.apps.push_back(read_app(t));
  for (auto& t : root.tables("peer", "peer")) s.scripted_peers.push_back(read_peer(t));
  for (auto& t : root.tables("expect", "expect")) s.expectations.push_back(read_expect(t));
  if (auto perf = root.table("perf", "[perf]")) s.perf = read_perf(*perf);
  root.finish();
  if (sink.failed()) return unexpected(*sink.error());
  if (auto err = validate_scenario(s)) return unexpected(*err);
  return s;
}

ScenarioResult<Scenario> load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected(ScenarioError{path, 0, "cannot open the file"});
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_scenario_text(ss.str(), path);
}

}  // namespace smc::scenarios
