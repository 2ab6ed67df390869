#include <doctest/doctest.h>

#include "hw/lab/lab_case.h"

using namespace smc::lab;

TEST_CASE("lab case line: every field survives to_line and parse_line") {
  LabCase c;
  c.id = "lab/0x03060000-msg-fastopen";
  c.topology = LabTopology::NoDevice;
  c.client_ipv6 = true;
  c.mapped = true;
  c.client_socket = LabSocket::IpprotoSmc;
  c.server_socket = LabSocket::Tcp;
  c.ueids = {"SMC-TEST-UEID", "OTHER"};
  c.server_ueids = std::vector<std::string>{};
  c.sysctls = {{"smcr_max_conns_per_lgr", "16"}};
  c.connections = 20;
  c.concurrency = 5;
  c.bytes = 1048576;
  c.chunk = 4096;
  c.client_opts = {{6, 30, 1}, {1, 8, 4096}};
  c.server_opts = {{0, 34, 1}};
  c.fastopen = true;
  c.port = 5017;
  c.timeout_s = 45;
  std::string error;
  auto back = parse_line(to_line(c), &error);
  REQUIRE_MESSAGE(back.has_value(), error);
  CHECK(*back == c);
  c.server_ueids = std::vector<std::string>{"B"};
  back = parse_line(to_line(c), &error);
  REQUIRE(back.has_value());
  CHECK(*back == c);
}

TEST_CASE("lab case line: defaults for keys not written") {
  auto c = parse_line("id=x");
  REQUIRE(c.has_value());
  CHECK(c->topology == LabTopology::Rdma);
  CHECK(c->client_socket == LabSocket::AfSmc);
  CHECK(c->ueids.empty());
  CHECK(!c->server_ueids.has_value());
  CHECK(c->connections == 1);
  CHECK(c->bytes == 65536);
}

TEST_CASE("lab case line: unknown keys and bad values are errors") {
  std::string error;
  CHECK(!parse_line("id=x colour=blue", &error));
  CHECK(error.find("colour") != std::string::npos);
  CHECK(!parse_line("id=x topo=mesh", &error));
  CHECK(!parse_line("id=x conns=0", &error));
  CHECK(!parse_line("id=x port=70000", &error));
  CHECK(!parse_line("id=x copts=6:30", &error));
  CHECK(!parse_line("id=x sysctl=novalue", &error));
  CHECK(!parse_line("topo=rdma", &error));
  CHECK(error == "no id");
  CHECK(!parse_line("id=x fastopen=yes", &error));
}
