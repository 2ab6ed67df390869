#include "hw/lab/lab_case.h"

#include <cstdlib>
#include <type_traits>

namespace smc::lab {

const char* to_string(LabTopology t) {
  switch (t) {
    case LabTopology::Rdma: return "rdma";
    case LabTopology::NoDevice: return "nodev";
    case LabTopology::RxeNetns: return "rxe-netns";
  }
  return "?";
}

std::optional<LabTopology> parse_topology(const std::string& s) {
  for (auto t : {LabTopology::Rdma, LabTopology::NoDevice, LabTopology::RxeNetns})
    if (s == to_string(t)) return t;
  return std::nullopt;
}

const char* to_string(LabSocket s) {
  switch (s) {
    case LabSocket::AfSmc: return "af_smc";
    case LabSocket::IpprotoSmc: return "ipproto_smc";
    case LabSocket::Tcp: return "tcp";
  }
  return "?";
}

std::optional<LabSocket> parse_socket(const std::string& s) {
  for (auto k : {LabSocket::AfSmc, LabSocket::IpprotoSmc, LabSocket::Tcp})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string::size_type start = 0;
  for (;;) {
    auto at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::string opts_text(const std::vector<LabSockopt>& opts) {
  std::vector<std::string> v;
  for (const auto& o : opts)
    v.push_back(std::to_string(o.level) + ":" + std::to_string(o.name) + ":" + std::to_string(o.value));
  return join(v);
}

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0') return false;
  out = v;
  return true;
}

bool parse_opts(const std::string& s, std::vector<LabSockopt>& out) {
  for (const auto& item : split(s, ',')) {
    auto f = split(item, ':');
    std::int64_t l = 0, n = 0, v = 0;
    if (f.size() != 3 || !parse_int(f[0], l) || !parse_int(f[1], n) || !parse_int(f[2], v)) return false;
    out.push_back(LabSockopt{static_cast<int>(l), static_cast<int>(n), static_cast<int>(v)});
  }
  return true;
}

}  // namespace

std::string to_line(const LabCase& c) {
  std::vector<std::string> sysctls;
  for (const auto& [k, v] : c.sysctls) sysctls.push_back(k + ":" + v);
  std::string s = "id=" + c.id;
  s += std::string(" topo=") + to_string(c.topology);
  s += std::string(" cfamily=") + (c.client_ipv6 ? "ipv6" : "ipv4");
  s += std::string(" sfamily=") + (c.server_ipv6 ? "ipv6" : "ipv4");
  s += std::string(" mapped=") + (c.mapped ? "1" : "0");
  s += std::string(" csock=") + to_string(c.client_socket);
  s += std::string(" ssock=") + to_string(c.server_socket);
  s += " ueids=" + join(c.ueids);
  if (c.server_ueids) s += " sueids=" + (c.server_ueids->empty() ? std::string("-") : join(*c.server_ueids));
  s += " sysctl=" + join(sysctls);
  s += " conns=" + std::to_string(c.connections);
  s += " concurrency=" + std::to_string(c.concurrency);
  s += " bytes=" + std::to_string(c.bytes);
  s += " chunk=" + std::to_string(c.chunk);
  s += " copts=" + opts_text(c.client_opts);
  s += " sopts=" + opts_text(c.server_opts);
  s += std::string(" fastopen=") + (c.fastopen ? "1" : "0");
  s += " port=" + std::to_string(c.port);
  s += " timeout=" + std::to_string(c.timeout_s);
  return s;
}

std::optional<LabCase> parse_line(const std::string& line, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<LabCase> {
    if (error) *error = why;
    return std::nullopt;
  };
  LabCase c;
  bool have_id = false;
  for (const auto& tok : split(line, ' ')) {
    if (tok.empty()) continue;
    auto eq = tok.find('=');
    if (eq == std::string::npos) return fail("no '=' in '" + tok + "'");
    std::string k = tok.substr(0, eq), v = tok.substr(eq + 1);
    std::int64_t n = 0;
    auto number = [&](auto& field, std::int64_t lo) {
      if (!parse_int(v, n) || n < lo) return false;
      field = static_cast<std::remove_reference_t<decltype(field)>>(n);
      return true;
    };
    bool ok = true;
    if (k == "id") {
      c.id = v;
      have_id = !v.empty();
    } else if (k == "topo") {
      auto t = parse_topology(v);
      ok = t.has_value();
      if (ok) c.topology = *t;
    } else if (k == "cfamily" || k == "sfamily") {
      ok = v == "ipv4" || v == "ipv6";
      (k == "cfamily" ? c.client_ipv6 : c.server_ipv6) = v == "ipv6";
    } else if (k == "csock" || k == "ssock") {
      auto s = parse_socket(v);
      ok = s.has_value();
      if (ok) (k == "csock" ? c.client_socket : c.server_socket) = *s;
    } else if (k == "ueids") {
      c.ueids = split(v, ',');
    } else if (k == "sueids") {
      // "-" is the empty table (an empty value would mean the key's default).
      c.server_ueids = v == "-" ? std::vector<std::string>{} : split(v, ',');
    } else if (k == "sysctl") {
      for (const auto& item : split(v, ',')) {
        auto colon = item.find(':');
        if (colon == std::string::npos || colon == 0) return fail("bad sysctl '" + item + "'");
        c.sysctls.emplace_back(item.substr(0, colon), item.substr(colon + 1));
      }
    } else if (k == "conns") {
      ok = number(c.connections, 1);
    } else if (k == "concurrency") {
      ok = number(c.concurrency, 1);
    } else if (k == "bytes") {
      ok = number(c.bytes, 0);
    } else if (k == "chunk") {
      ok = number(c.chunk, 1);
    } else if (k == "copts") {
      ok = parse_opts(v, c.client_opts);
    } else if (k == "sopts") {
      ok = parse_opts(v, c.server_opts);
    } else if (k == "mapped") {
      ok = v == "0" || v == "1";
      c.mapped = v == "1";
    } else if (k == "fastopen") {
      ok = v == "0" || v == "1";
      c.fastopen = v == "1";
    } else if (k == "port") {
      ok = number(c.port, 1) && c.port < 65536;
    } else if (k == "timeout") {
      ok = number(c.timeout_s, 1);
    } else {
      return fail("unknown key '" + k + "'");
    }
    if (!ok) return fail("bad value for '" + k + "': '" + v + "'");
  }
  if (!have_id) return fail("no id");
  return c;
}

}  // namespace smc::lab
