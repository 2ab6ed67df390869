#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "conformance/case_runner.h"
#include "hw/lab/scenario_translation.h"
#include "scenarios/scenario_parser.h"

using namespace smc::lab;
using smc::scenarios::Scenario;

namespace {

std::string source_dir() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return d ? d : ".";
}

Scenario load(const std::string& rel) {
  auto s = smc::scenarios::load_scenario_file(source_dir() + "/" + rel);
  REQUIRE_MESSAGE(s.ok(), rel);
  return *s;
}

LabTranslation translate(const std::string& rel) { return translate_scenario(load(rel), 5001); }

bool mentions(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// Two hosts on one segment; `client_extra`/`server_extra` go into each [[host]] table.
std::string pair_text(const std::string& client_host, const std::string& server_host, const std::string& apps) {
  return R"([scenario]
id = "t/x"
[[segment]]
name = "lan0"
[[host]]
name = "client"
)" + client_host + R"(
  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.1/24"]
  [[host.rnic]]
  name = "r0"
  kind = "rxe"
  netdev = "eth0"
[[host]]
name = "server"
)" + server_host + R"(
  [[host.interface]]
  name = "eth0"
  segment = "lan0"
  addresses = ["10.0.0.2/24"]
  [[host.rnic]]
  name = "r0"
  kind = "rxe"
  netdev = "eth0"
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
)" + apps;
}

LabTranslation translate_text(const std::string& text) {
  auto s = smc::scenarios::parse_scenario_text(text, "t.toml");
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().to_string()));
  return translate_scenario(*s, 5001);
}

}  // namespace

TEST_CASE("translation: the baseline pair runs on rxe in the initial namespace, compared at 6.12") {
  auto t = translate("scenarios/catalogue/success/row-00a-smcr-v2.toml");
  REQUIRE(t.lab.has_value());
  CHECK(t.lab->topology == LabTopology::Rdma);
  CHECK(t.lab->ueids == std::vector<std::string>{"SMC-TEST-UEID"});
  CHECK(t.lab->client_socket == LabSocket::AfSmc);
  CHECK(t.lab->server_socket == LabSocket::AfSmc);
  CHECK(t.lab->bytes == 64 * 1024);
  CHECK(t.lab->port == 5001);
  CHECK(t.client_app == "cli");
  CHECK(t.server_app == "srv");
  CHECK(t.as_run.profile == "linux-6.12");
  for (const auto& h : t.as_run.hosts)
    for (const auto& r : h.rnics) {
      CHECK(r.kind == "rxe");
      CHECK(r.gid_types == std::vector<std::string>{"roce-v2"});
    }
  bool said_rxe = false;
  for (const auto& a : t.adaptations) said_rxe = said_rxe || mentions(a, "rxe");
  CHECK(said_rxe);
}

TEST_CASE("translation: catalogue rows the one-guest lab expresses") {
  auto nodev = translate("scenarios/catalogue/decline/row-23-no-device.toml");
  REQUIRE(nodev.lab.has_value());
  CHECK(nodev.lab->topology == LabTopology::NoDevice);

  auto plain_server = translate("scenarios/catalogue/fallback/row-10-peer-no-smc.toml");
  REQUIRE(plain_server.lab.has_value());
  CHECK(plain_server.lab->server_socket == LabSocket::Tcp);
  CHECK(plain_server.lab->client_socket == LabSocket::AfSmc);

  // smc_run cannot preload a static binary: the client is plain TCP.
  auto static_client = translate("scenarios/catalogue/fallback/row-11-client-static-binary.toml");
  REQUIRE(static_client.lab.has_value());
  CHECK(static_client.lab->client_socket == LabSocket::Tcp);

  auto v6 = translate("scenarios/catalogue/decline/row-26-ipv6-v2-only.toml");
  REQUIRE(v6.lab.has_value());
  CHECK(v6.lab->client_ipv6);
}

TEST_CASE("translation: different UEID tables run as a table swap in the rdma topology") {
  // §12 row 31: client UEID, server another; row 27: client none, server one.
  auto mismatch = translate("scenarios/catalogue/decline/row-31-ueid-mismatch.toml");
  REQUIRE_MESSAGE(mismatch.lab.has_value(), mismatch.unsupported);
  CHECK(mismatch.lab->topology == LabTopology::Rdma);
  REQUIRE(mismatch.lab->server_ueids.has_value());
  CHECK(*mismatch.lab->server_ueids != mismatch.lab->ueids);
  auto no_ueid = translate("scenarios/catalogue/decline/row-27-client-no-ueid.toml");
  REQUIRE_MESSAGE(no_ueid.lab.has_value(), no_ueid.unsupported);
  CHECK(no_ueid.lab->ueids.empty());
  REQUIRE(no_ueid.lab->server_ueids.has_value());
  CHECK(!no_ueid.lab->server_ueids->empty());
  // Equal tables need no swap.
  CHECK(!translate("scenarios/catalogue/success/row-00a-smcr-v2.toml").lab->server_ueids.has_value());
}

TEST_CASE("translation: unsupported rows say why") {
  struct Row {
    const char* file;
    const char* reason;
  };
  for (const Row& r : {Row{"scenarios/catalogue/success/row-00b-smcr-v1.toml", "SMC-Rv1"},
                       Row{"scenarios/catalogue/success/row-00c-smcd-loopback.toml", "ISM"},
                       Row{"scenarios/catalogue/decline/row-04-rdma-dead.toml", "fault rdma-blackhole"},
                       Row{"scenarios/catalogue/fallback/row-16-strip-synack.toml", "middlebox"},
                       Row{"scenarios/catalogue/decline/row-25-netns-exclusive.toml", "exclusive"},
                       Row{"scenarios/catalogue/decline/row-28-port-down.toml", "down"}}) {
    auto t = translate(r.file);
    CHECK_MESSAGE(!t.lab.has_value(), r.file);
    CHECK_MESSAGE(mentions(t.unsupported, r.reason), r.file, ": ", t.unsupported);
  }
}

TEST_CASE("translation: every hw/lab/cases scenario is expressible") {
  auto files = smc::conformance::catalogue_files(source_dir() + "/hw/lab/cases");
  CHECK(files.size() >= 8);
  for (const auto& f : files) {
    auto s = smc::scenarios::load_scenario_file(f);
    REQUIRE_MESSAGE(s.ok(), f);
    auto t = translate_scenario(*s, 5001);
    CHECK_MESSAGE(t.lab.has_value(), f, ": ", t.unsupported);
  }
}

TEST_CASE("translation: lab cases' topologies, families, options and sysctls") {
  auto netns = translate("hw/lab/cases/lab-07-rxe-two-netns.toml");
  REQUIRE(netns.lab);
  CHECK(netns.lab->topology == LabTopology::RxeNetns);

  auto v6 = translate("hw/lab/cases/lab-05-ipv6.toml");
  REQUIRE(v6.lab);
  CHECK(v6.lab->client_ipv6);
  CHECK(v6.lab->server_ipv6);
  CHECK(!v6.lab->mapped);

  auto mapped = translate("hw/lab/cases/lab-17-v4-mapped.toml");
  REQUIRE(mapped.lab);
  CHECK(mapped.lab->client_ipv6);
  CHECK(!mapped.lab->server_ipv6);
  CHECK(mapped.lab->mapped);

  auto tfo = translate("hw/lab/cases/lab-09-fastopen-connect.toml");
  REQUIRE(tfo.lab);
  // SOL_TCP = 6, TCP_FASTOPEN_CONNECT = 30 (linux/tcp.h).
  CHECK(tfo.lab->client_opts == std::vector<LabSockopt>{{6, 30, 1}});

  auto conns = translate("hw/lab/cases/lab-16-max-conns-16.toml");
  REQUIRE(conns.lab);
  CHECK(conns.lab->sysctls == std::vector<std::pair<std::string, std::string>>{{"smcr_max_conns_per_lgr", "16"}});
  CHECK(conns.lab->connections == 20);
  CHECK(conns.lab->concurrency == 20);

  auto ipproto = translate("hw/lab/cases/lab-08-ipproto-smc.toml");
  REQUIRE(ipproto.lab);
  CHECK(ipproto.lab->client_socket == LabSocket::IpprotoSmc);
}

TEST_CASE("translation: one kernel's state and the lab's devices bound what it expresses") {
  CHECK(translate_text(pair_text("ueids = [\"A\"]", "ueids = [\"A\"]", "")).lab.has_value());
  auto differ = translate_text(pair_text("ueids = [\"A\"]", "ueids = [\"B\"]", ""));
  REQUIRE(differ.lab.has_value());
  CHECK(differ.lab->ueids == std::vector<std::string>{"A"});
  CHECK(differ.lab->server_ueids == std::vector<std::string>{"B"});
  CHECK(mentions(translate_text(pair_text("sysctl = { \"net.smc.limit_smc_hs\" = 1 }", "", "")).unsupported,
                 "sysctls differ"));
  CHECK(mentions(translate_text(pair_text("profile = \"linux-5.10\"", "", "")).unsupported, "linux-5.10"));
  // No UEID and devices with a RoCEv1 GID on both ends: only SMC-Rv1 could be negotiated, rxe has none.
  std::string v1 = pair_text("", "", "");
  for (int i = 0; i < 2; ++i) v1.replace(v1.find("kind = \"rxe\""), 12, "kind = \"mlx5\"");
  CHECK(mentions(translate_text(v1).unsupported, "SMC-Rv1"));
  // No UEID but rxe only: nothing needs SMC-Rv1's GID, so the lab runs it (0x03030000).
  CHECK(translate_text(pair_text("", "", "")).lab.has_value());
  auto scripted = translate_text(pair_text("", "", R"(
[[peer]]
name = "p"
host = "server"
role = "server"
port = 6000
  [[peer.step]]
  action = "silent"
  duration = "1s"
)"));
  CHECK(mentions(scripted.unsupported, "scripted peer"));
  auto xfrm = translate_text(pair_text("", "", R"(
  [[app.sockopt]]
  level = "SOL_IP"
  name = "IP_XFRM_POLICY"
)"));
  CHECK(!xfrm.lab.has_value());
}

TEST_CASE("translation: symbolic socket options") {
  CHECK(sockopt_level("SOL_SOCKET") == 1);
  CHECK(sockopt_level("SOL_TCP") == 6);
  CHECK(sockopt_level("SOL_IPV6") == 41);
  CHECK(sockopt_name("SO_RCVBUF") == 8);
  CHECK(sockopt_name("TCP_FASTOPEN") == 23);
  CHECK(sockopt_name("34") == 34);
  CHECK(!sockopt_name("NO_SUCH_OPTION").has_value());
}
