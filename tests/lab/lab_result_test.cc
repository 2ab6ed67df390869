#include <doctest/doctest.h>

#include <cerrno>

#include "hw/lab/lab_result.h"

using namespace smc::lab;

// The shape scripts/lab/run writes, with the values kernel-lab.md records for 6.12:
// no UEID → client TCP 0x03030000, server TCP 0x05000000 with peer diagnosis 0x03030000;
// a plain server → client TCP 0x03010000; TCP_FASTOPEN_CONNECT → client INIT 0x03060000.
static const char* kRun = R"({"kernel":"6.12.95+deb12-amd64","complete":true,"qemu_rc":0,"wall_s":40.1,"cases":[
{"id":"no-ueid","status":"ok","detail":"","elapsed_ms":67,"sockets":[
 {"role":"server","conn":1,"kind":"smc","diag":true,"state":1,"mode":1,"reason":"0x05000000","peer":"0x03030000","sndbuf":0,"rmbe":0,"peer_rmbe":0,"data":"echo"},
 {"role":"client","conn":1,"kind":"smc","diag":true,"state":1,"mode":1,"reason":"0x03030000","peer":"0x00000000","sndbuf":0,"rmbe":0,"peer_rmbe":0,"data":"ok"}]},
{"id":"plain-server","status":"ok","detail":"","elapsed_ms":143,"sockets":[
 {"role":"server","conn":1,"kind":"plain","data":"echo"},
 {"role":"client","conn":1,"kind":"smc","diag":true,"state":1,"mode":1,"reason":"0x03010000","peer":"0x00000000","data":"ok"}]},
{"id":"fastopen","status":"ok","detail":"","elapsed_ms":100,"sockets":[
 {"role":"client","conn":1,"kind":"smc","diag":true,"state":2,"mode":1,"reason":"0x03060000","peer":"0x00000000","data":"ok"},
 {"role":"server","conn":1,"kind":"smc","diag":true,"state":1,"mode":1,"reason":"0x03010000","peer":"0x00000000","data":"echo"}]},
{"id":"smcr","status":"ok","elapsed_ms":2620,"sockets":[
 {"role":"server","conn":1,"kind":"smc","diag":true,"state":1,"mode":0,"reason":"0x00000000","peer":"0x00000000","sndbuf":65536,"rmbe":65536,"peer_rmbe":65536,"data":"echo"},
 {"role":"client","conn":1,"kind":"smc","diag":true,"state":1,"mode":0,"reason":"0x00000000","peer":"0x00000000","sndbuf":65536,"rmbe":65536,"peer_rmbe":65536,"data":"ok"}]},
{"id":"stripped-synack","status":"ok","sockets":[
 {"role":"client","conn":1,"kind":"smc","diag":true,"state":1,"mode":1,"reason":"0x03010000","peer":"0x00000000","errno":"ECONNRESET","data":"read-failed"},
 {"role":"server","conn":1,"kind":"dropped","data":"none"}]},
{"id":"hung","status":"hung","sockets":[
 {"role":"client","conn":1,"kind":"smc","diag":true,"state":1,"mode":0,"reason":"0x00000000","peer":"0x00000000","data":"ok"}]}
]})";

TEST_CASE("lab result: the run's header and every case are read") {
  auto run = parse_lab_run(kRun);
  REQUIRE(run.ok());
  CHECK(run->kernel == "6.12.95+deb12-amd64");
  CHECK(run->complete);
  CHECK(run->wall_s == doctest::Approx(40.1));
  REQUIRE(run->cases.size() == 6);
  CHECK(run->cases[0].id == "no-ueid");
  REQUIRE(run->cases[0].sockets.size() == 2);
  CHECK(run->cases[0].sockets[0].peer == 0x03030000u);
  CHECK(run->cases[3].sockets[1].rmbe == 65536u);
  CHECK(run->cases[5].status == "hung");
}

TEST_CASE("lab result: sockets map to the simulator's smcss vocabulary") {
  auto run = parse_lab_run(kRun);
  REQUIRE(run.ok());
  auto mode = [&](std::size_t i, bool client) {
    auto o = to_outcomes(run->cases[i], "cli", "srv", 1);
    REQUIRE(o.size() == 1);
    return client ? o[0].client_mode() : o[0].server_mode();
  };
  CHECK(mode(0, true) == "TCP 0x03030000");
  CHECK(mode(0, false) == "TCP 0x05000000/0x03030000");
  CHECK(mode(1, true) == "TCP 0x03010000");
  CHECK(mode(1, false) == "-");
  CHECK(mode(2, true) == "INIT");
  CHECK(mode(2, false) == "TCP 0x03010000");
  CHECK(mode(3, true) == "SMCR");
  CHECK(mode(3, false) == "SMCR");
  CHECK(mode(4, false) == "dropped");
  auto o = to_outcomes(run->cases[4], "cli", "srv", 1);
  REQUIRE(o[0].client_errno.has_value());
  CHECK(*o[0].client_errno == ECONNRESET);
  CHECK(!o[0].data_intact);
  CHECK(to_outcomes(run->cases[3], "cli", "srv", 1)[0].data_intact);
}

TEST_CASE("lab result: a socket the guest never reported is listed as missing") {
  auto run = parse_lab_run(kRun);
  REQUIRE(run.ok());
  std::vector<std::string> missing;
  auto o = to_outcomes(run->cases[5], "cli", "srv", 2, &missing);
  CHECK(o.size() == 2);
  CHECK(missing == std::vector<std::string>{"srv#1", "cli#2", "srv#2"});
}

TEST_CASE("lab result: a result without cases or with a broken case list is an error") {
  CHECK(!parse_lab_run("{\"kernel\":\"x\"}").ok());
  CHECK(!parse_lab_run("[]").ok());
  CHECK(!parse_lab_run("{\"cases\":[{\"status\":\"ok\"}]}").ok());
  CHECK(!parse_lab_run("{\"cases\":[1]}").ok());
  CHECK(parse_lab_run("{\"cases\":[]}").ok());
}

TEST_CASE("lab result: errno names") {
  CHECK(errno_from_name("") == 0);
  CHECK(errno_from_name("ETIMEDOUT") == ETIMEDOUT);
  CHECK(errno_from_name("EPROTO") == EPROTO);
  CHECK(errno_from_name("ESOMETHING") == EIO);
}
