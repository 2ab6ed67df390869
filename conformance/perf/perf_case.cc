#include "conformance/perf/perf_case.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "conformance/perf/packet_model.h"
#include "conformance/perf/setup_probe.h"

namespace smc::perf {

namespace {

double metric_value(const PerfFigures& f, const std::string& metric) {
  if (metric == "throughput") return f.throughput_bps;
  if (metric == "latency") return f.mean_latency_ns;
  return f.qps;
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}

std::string figures_json(const PerfFigures& f) {
  return fmt::format(
      "{{\"requests\": {}, \"bytes\": {}, \"elapsed_ns\": {}, \"qps\": {:.1f}, \"throughput_bps\": {:.0f}, "
      "\"mean_latency_ns\": {:.0f}, \"mean_setup_ns\": {:.0f}, \"client_frames\": {}, \"server_frames\": {}, "
      "\"client_cpu_ns\": {}, \"server_cpu_ns\": {}}}",
      f.requests, f.bytes, f.elapsed_ns, f.qps, f.throughput_bps, f.mean_latency_ns, f.mean_setup_ns, f.client_frames,
      f.server_frames, f.client_cpu_ns, f.server_cpu_ns);
}

std::string setup_json(const SetupScript& sc) {
  return fmt::format("{{\"source\": \"{}\", \"messages\": {}, \"measured_ns\": {}}}", json_escape(sc.source),
                     sc.steps.size(), sc.measured_ns);
}

std::string human(double v, const char* unit) {
  if (v >= 1e9) return fmt::format("{:.3f} G{}", v / 1e9, unit);
  if (v >= 1e6) return fmt::format("{:.3f} M{}", v / 1e6, unit);
  if (v >= 1e3) return fmt::format("{:.3f} k{}", v / 1e3, unit);
  return fmt::format("{:.1f} {}", v, unit);
}

std::string usec(double ns) { return fmt::format("{:.2f} us", ns / 1000.0); }

}  // namespace

Result<PerfParams, std::string> params_from_scenario(const scenarios::Scenario& s) {
  PerfParams p;
  const scenarios::AppSpec* client = perf_client(s);
  if (!client) return smc::unexpected(std::string("no client app"));
  const scenarios::HostSpec* host = nullptr;
  for (const auto& h : s.hosts)
    if (h.name == client->host) host = &h;
  if (!host) return smc::unexpected("client app '" + client->name + "' is on no declared host");
  const scenarios::InterfaceSpec* iface = nullptr;
  for (const auto& i : host->interfaces)
    if (!iface && !i.segment.empty()) iface = &i;
  if (!iface) return smc::unexpected("host '" + host->name + "' has no interface on a segment");
  std::int64_t mtu = iface->mtu;
  for (const auto& seg : s.segments) {
    if (seg.name != iface->segment) continue;
    if (seg.bandwidth_bps) p.net.bandwidth_bps = static_cast<std::uint64_t>(*seg.bandwidth_bps);
    p.net.one_way_delay_ns = seg.delay_ns;
    if (seg.pps) p.net.pps_cap = static_cast<std::uint64_t>(*seg.pps);
    mtu = std::min(mtu, seg.mtu);
  }
  p.net.mtu = static_cast<std::size_t>(mtu);
  if (s.perf) {
    for (const auto& [k, v] : s.perf->model) {
      char* end = nullptr;
      long long n = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0') return smc::unexpected("[perf] model." + k + " = '" + v + "' is not an integer");
      if (auto ok = set_param(p.cpu, k, n); !ok) return smc::unexpected("[perf] " + ok.error());
    }
  }
  return p;
}

Workload workload_from_spec(const scenarios::PerfSpec& p) {
  Workload w;
  w.kind = p.workload == "bulk" ? WorkloadKind::Bulk
           : p.workload == "short-lived" ? WorkloadKind::ShortLived
                                         : WorkloadKind::RequestResponse;
  w.requests = p.requests;
  w.request_bytes = p.request_bytes;
  w.response_bytes = p.response_bytes;
  w.concurrency = p.concurrency;
  w.compute_ns = p.compute_ns;
  w.bytes = p.bytes;
  w.chunk_bytes = p.chunk_bytes;
  w.connections = p.connections;
  return w;
}

std::string classify(double ratio, double tolerance) {
  if (ratio > 1.0 + tolerance) return "smc-faster";
  if (ratio < 1.0 - tolerance) return "tcp-faster";
  return "same";
}

Result<PerfReport, std::string> run_perf(const scenarios::Scenario& s) {
  if (!s.perf) return smc::unexpected(std::string("the scenario has no [perf] table"));
  PerfReport r;
  r.id = s.id;
  r.title = s.title;
  auto params = params_from_scenario(s);
  if (!params) return smc::unexpected(params.error());
  r.params = *params;
  r.workload = workload_from_spec(*s.perf);
  auto setup = probe_setup(s);
  if (!setup) return smc::unexpected(setup.error());
  r.setup = *setup;
  r.tcp = simulate(Transport::Tcp, r.workload, r.params, r.setup);
  r.smc = simulate(Transport::Smc, r.workload, r.params, r.setup);
  if (!r.tcp.error.empty()) return smc::unexpected("TCP: " + r.tcp.error);
  if (!r.smc.error.empty()) return smc::unexpected("SMC-R: " + r.smc.error);
  r.metric = s.perf->metric.empty() ? (r.workload.kind == WorkloadKind::Bulk ? "throughput" : "qps") : s.perf->metric;
  r.tcp_value = metric_value(r.tcp, r.metric);
  r.smc_value = metric_value(r.smc, r.metric);
  if (r.metric == "latency") r.ratio = r.smc_value > 0 ? r.tcp_value / r.smc_value : 0;
  else r.ratio = r.tcp_value > 0 ? r.smc_value / r.tcp_value : 0;
  r.tolerance = s.perf->tolerance;
  r.observed = classify(r.ratio, r.tolerance);
  r.expected = s.perf->expect;
  r.pass = r.observed == r.expected;
  return r;
}

conformance::ExpectVerdict perf_verdict(const scenarios::Scenario& s) {
  conformance::ExpectVerdict v;
  v.line = s.perf ? s.perf->line : 0;
  v.expected = "perf " + (s.perf ? s.perf->expect : std::string("?"));
  auto r = run_perf(s);
  if (!r) {
    v.observed = "perf error: " + r.error();
    return v;
  }
  v.observed = fmt::format("perf {} ({} SMC-R/TCP {:.3f})", r->observed, r->metric, r->ratio);
  v.pass = r->pass;
  return v;
}

std::string format_perf_table(const PerfReport& r) {
  std::string o;
  o += fmt::format("{}: {}\n", r.id, r.title);
  const Workload& w = r.workload;
  o += fmt::format("workload {}", to_string(w.kind));
  if (w.kind == WorkloadKind::Bulk) o += fmt::format(": {} bytes in {}-byte writes", w.bytes, w.chunk_bytes);
  else if (w.kind == WorkloadKind::ShortLived)
    o += fmt::format(": {} connections, {} at a time, {} B request / {} B response", w.connections, w.concurrency,
                     w.request_bytes, w.response_bytes);
  else
    o += fmt::format(": {} requests, {} connections, {} B request / {} B response", w.requests, w.concurrency,
                     w.request_bytes, w.response_bytes);
  if (w.compute_ns > 0) o += fmt::format(", compute {}", usec(static_cast<double>(w.compute_ns)));
  o += "\n";
  o += fmt::format("network {}, one-way delay {}, PPS cap {}, MTU {} (TCP payload {} B/segment, RoCE path MTU {})\n",
                   human(static_cast<double>(r.params.net.bandwidth_bps), "b/s"), usec(static_cast<double>(r.params.net.one_way_delay_ns)),
                   r.params.net.pps_cap ? std::to_string(r.params.net.pps_cap) + "/s" : std::string("none"),
                   r.params.net.mtu, tcp_segment_payload(r.params.net.mtu), roce_path_mtu(r.params.net.mtu));
  auto setup_line = [&](const char* name, const SetupScript& sc) {
    o += fmt::format("set-up {:<17} {:>2} messages ({}{})\n", name, sc.steps.size(), sc.source,
                     sc.measured_ns >= 0 ? ", " + usec(static_cast<double>(sc.measured_ns)) + " there" : std::string());
  };
  setup_line("TCP", r.setup.tcp);
  setup_line("SMC-R first contact", r.setup.smc_first);
  setup_line("SMC-R LGR reuse", r.setup.smc_reuse);
  o += fmt::format("{:<22} {:>16} {:>16} {:>9}\n", "", "TCP", "SMC-R", "SMC/TCP");
  auto row = [&](const char* name, double t, double m, const std::string& ts, const std::string& ms) {
    o += fmt::format("{:<22} {:>16} {:>16} {:>9}\n", name, ts, ms, t > 0 ? fmt::format("{:.3f}", m / t) : "-");
  };
  row("QPS", r.tcp.qps, r.smc.qps, human(r.tcp.qps, "/s"), human(r.smc.qps, "/s"));
  row("throughput", r.tcp.throughput_bps, r.smc.throughput_bps, human(r.tcp.throughput_bps, "b/s"),
      human(r.smc.throughput_bps, "b/s"));
  row("mean latency", r.tcp.mean_latency_ns, r.smc.mean_latency_ns, usec(r.tcp.mean_latency_ns), usec(r.smc.mean_latency_ns));
  if (w.kind == WorkloadKind::ShortLived)
    row("mean set-up", r.tcp.mean_setup_ns, r.smc.mean_setup_ns, usec(r.tcp.mean_setup_ns), usec(r.smc.mean_setup_ns));
  auto frames = [](const PerfFigures& f) { return static_cast<double>(f.client_frames + f.server_frames); };
  row("frames (both NICs)", frames(r.tcp), frames(r.smc), fmt::format("{}", r.tcp.client_frames + r.tcp.server_frames),
      fmt::format("{}", r.smc.client_frames + r.smc.server_frames));
  if (r.tcp.requests > 0)
    row("frames per request", frames(r.tcp) / static_cast<double>(r.tcp.requests),
        frames(r.smc) / static_cast<double>(r.smc.requests),
        fmt::format("{:.2f}", frames(r.tcp) / static_cast<double>(r.tcp.requests)),
        fmt::format("{:.2f}", frames(r.smc) / static_cast<double>(r.smc.requests)));
  row("server CPU", static_cast<double>(r.tcp.server_cpu_ns), static_cast<double>(r.smc.server_cpu_ns),
      usec(static_cast<double>(r.tcp.server_cpu_ns)), usec(static_cast<double>(r.smc.server_cpu_ns)));
  o += fmt::format("{}: SMC-R/TCP {:.3f} (tolerance {:.3f}) -> {}; expected {}: {}\n", r.metric, r.ratio, r.tolerance,
                   r.observed, r.expected, r.pass ? "PASS" : "FAIL");
  return o;
}

std::string format_perf_json(const PerfReport& r) {
  std::string params;
  for (const auto& [k, v] : list_params(r.params.cpu)) params += fmt::format("{}\"{}\": {}", params.empty() ? "" : ", ", k, v);
  return fmt::format(
      "{{\"id\": \"{}\", \"workload\": \"{}\", \"network\": {{\"bandwidth_bps\": {}, \"one_way_delay_ns\": {}, "
      "\"pps_cap\": {}, \"mtu\": {}, \"tcp_segment_payload\": {}, \"roce_path_mtu\": {}}}, "
      "\"setup\": {{\"tcp\": {}, \"smc_first_contact\": {}, \"smc_reuse\": {}}}, "
      "\"cpu\": {{{}}}, \"tcp\": {}, \"smc\": {}, \"metric\": \"{}\", \"ratio\": {:.4f}, \"tolerance\": {}, "
      "\"observed\": \"{}\", \"expected\": \"{}\", \"pass\": {}}}\n",
      json_escape(r.id), to_string(r.workload.kind), r.params.net.bandwidth_bps, r.params.net.one_way_delay_ns,
      r.params.net.pps_cap, r.params.net.mtu, tcp_segment_payload(r.params.net.mtu), roce_path_mtu(r.params.net.mtu),
      setup_json(r.setup.tcp), setup_json(r.setup.smc_first), setup_json(r.setup.smc_reuse),
      params, figures_json(r.tcp), figures_json(r.smc), r.metric, r.ratio, r.tolerance, r.observed, r.expected,
      r.pass ? "true" : "false");
}

}  // namespace smc::perf
