#include <doctest/doctest.h>

#include "scenarios/scenario_parser.h"
#include "scenarios/toml_reader.h"

using namespace smc::scenarios;

namespace {

const char* kBaseline = R"([scenario]
id = "success/v2"
title = "baseline pair B: SMC-Rv2"
reference = "fallback-causes.md §12 row 0a"
seed = 7
duration = "20s"
profile = "linux-6.18"

[[segment]]
name = "lan0"
delay = "5us"
bandwidth = "25Gbit"

[[host]]
name = "client"
ueids = ["SMC-TEST-UEID"]
sysctl = { "net.smc.limit_smc_hs" = 0 }
  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.1/24"]
  [[host.rnic]]
  name = "rxe0"
  netdev = "eth0"
  gids = ["roce-v2"]
  limits = { max_qp = 64 }

[[host]]
name = "server"
ueids = ["SMC-TEST-UEID"]
  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.2/24"]
  [[host.route]]
  to = "10.0.1.0/24"
  via = "10.0.0.254"

[[app]]
name = "srv"
host = "server"
role = "server"
port = 5000
echo = true

[[app]]
name = "cli"
host = "client"
role = "client"
connect = "server:5000"
send = "64KiB"

[[expect]]
app = "cli"
mode = "SMCR"
data_intact = true

[[expect]]
app = "srv"
mode = "TCP"
local = "0x05000000"
peer = "0x03030000"
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// The error as the CLI prints it.
std::string error_of(const std::string& text) {
  auto r = parse_scenario_text(text, "case.toml");
  REQUIRE_FALSE(r.ok());
  return r.error().to_string();
}

}  // namespace

TEST_CASE("a complete scenario parses into its values") {
  auto r = parse_scenario_text(kBaseline, "case.toml");
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().to_string()));
  const Scenario& s = *r;
  CHECK(s.id == "success/v2");
  CHECK(s.seed == 7);
  CHECK(s.duration_ns == 20'000'000'000LL);
  REQUIRE(s.segments.size() == 1);
  CHECK(s.segments[0].delay_ns == 5000);
  CHECK(s.segments[0].bandwidth_bps == 25'000'000'000LL);
  REQUIRE(s.hosts.size() == 2);
  CHECK(s.hosts[0].ueids == std::vector<std::string>{"SMC-TEST-UEID"});
  REQUIRE(s.hosts[0].rnics.size() == 1);
  CHECK(s.hosts[0].rnics[0].limits == KeyValues{{"max_qp", "64"}});
  CHECK(s.hosts[0].sysctls == KeyValues{{"net.smc.limit_smc_hs", "0"}});
  CHECK(s.hosts[1].routes[0].via == "10.0.0.254");
  REQUIRE(s.apps.size() == 2);
  CHECK(s.apps[1].send_bytes == 65536);
  CHECK(s.expectations[1].local_code == 0x05000000u);
  CHECK(s.expectations[1].peer_code == 0x03030000u);
  CHECK(s.expectations[0].line == 53);
  CHECK(line_of(s.apps[1], "connect") == 50);
}

TEST_CASE("unknown keys are errors with their line") {
  auto unknown = error_of(replaced(kBaseline, "echo = true", "echo = true\necho_bytes = 5"));
  CHECK(unknown.rfind("case.toml:45: app #1: unknown key 'echo_bytes' (known keys: behaviour, binary, bind,", 0) == 0);
  CHECK(error_of(replaced(kBaseline, "[[segment]]", "[[segmnet]]")).rfind("case.toml:9: scenario file: unknown key 'segmnet'", 0) == 0);
}

TEST_CASE("wrong types name the key and the line") {
  CHECK(error_of(replaced(kBaseline, "port = 5000", "port = \"5000\"")) ==
        "case.toml:43: app #1: 'port' must be an integer, not a string");
  CHECK(error_of(replaced(kBaseline, "duration = \"20s\"", "duration = \"20 fortnights\"")) ==
        "case.toml:6: [scenario]: 'duration' = \"20 fortnights\" is not a duration such as \"6s\", \"250ms\" or \"10us\"");
  CHECK(error_of(replaced(kBaseline, "local = \"0x05000000\"", "local = \"SMCR\"")) ==
        "case.toml:61: expect #2: 'local' = \"SMCR\" is not a code such as \"0x03030000\"");
  CHECK(error_of(replaced(kBaseline, "port = 5000", "port = 70000")) ==
        "case.toml:43: app #1: 'port' = 70000 is outside [0, 65535]");
}

TEST_CASE("missing references are errors") {
  CHECK(error_of(replaced(kBaseline, "connect = \"server:5000\"", "connect = \"srvr:5000\"")) ==
        "case.toml:50: app 'cli': 'srvr' is neither an address nor a declared host");
  CHECK(error_of(replaced(kBaseline, "app = \"cli\"", "app = \"client-app\"")) ==
        "case.toml:54: expect: no app or peer named 'client-app'");
  CHECK(error_of(replaced(kBaseline, "netdev = \"eth0\"", "netdev = \"eth9\"")) ==
        "case.toml:24: host 'client' rnic 'rxe0': no interface named 'eth9'");
  CHECK(error_of(replaced(kBaseline, "segment = \"lan0\"", "segment = \"lan1\"")) ==
        "case.toml:20: host 'client' interface 'eth0': no segment named 'lan1'");
}

TEST_CASE("impossible topologies are errors") {
  CHECK(error_of(replaced(kBaseline, "via = \"10.0.0.254\"", "via = \"192.168.1.1\"")) ==
        "case.toml:37: host 'server' route: gateway 192.168.1.1 is not on a connected subnet of the host");
  CHECK(error_of(replaced(kBaseline, "addresses = [\"10.0.0.1/24\"]", "addresses = [\"10.0.0.300/24\"]")) ==
        "case.toml:21: host 'client' interface 'eth0': '10.0.0.300/24' is not an address/prefix");
  CHECK(error_of(replaced(kBaseline, "name = \"server\"", "name = \"client\"")).find("host 'client' is declared twice") !=
        std::string::npos);
}

TEST_CASE("syntax errors keep file and line") {
  auto e = error_of(replaced(kBaseline, "seed = 7", "seed = = 7"));
  CHECK(e.rfind("case.toml:5: TOML syntax:", 0) == 0);
  CHECK(e.find('\n') == std::string::npos);
}

TEST_CASE("a missing file is reported without a line") {
  auto r = load_scenario_file("/nonexistent/x.toml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().to_string() == "/nonexistent/x.toml: cannot open the file");
}

TEST_CASE("durations, sizes and bandwidths are exact") {
  CHECK(parse_duration_ns("1.5s") == 1'500'000'000LL);
  CHECK(parse_duration_ns("6s") == 6'000'000'000LL);
  CHECK(parse_duration_ns("250ms") == 250'000'000LL);
  CHECK(parse_duration_ns("0.000000001s") == 1);
  CHECK_FALSE(parse_duration_ns("6"));
  CHECK_FALSE(parse_duration_ns("s"));
  CHECK(parse_size_bytes("64KiB") == 65536);
  CHECK(parse_size_bytes("16384") == 16384);
  CHECK(parse_bandwidth_bps("100Mbit") == 100'000'000);
}
