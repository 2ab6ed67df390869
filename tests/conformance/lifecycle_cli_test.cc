// smcsim run --smcss all|details|rdma and --linkgroups (docs/cli.md): the lines smcss -d, -R
// and an `smcr linkgroup show`-style listing print at the end of a lifecycle run.
#include <doctest/doctest.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
};

Run smcsim(const std::string& args) {
  std::string cmd = std::string("'") + SMCSIM_PATH + "' " + args + " 2>&1";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

// The line after the first one starting with `prefix` under the section `section`.
std::string first_row_after(const std::string& out, const std::string& section) {
  auto ls = lines(out);
  for (std::size_t i = 0; i + 2 < ls.size(); ++i)
    if (ls[i] == section && ls[i + 1].rfind("State ", 0) == 0) return ls[i + 2];
  return {};
}

bool has_line_starting(const std::string& out, const std::string& prefix) {
  for (const auto& l : lines(out))
    if (l.rfind(prefix, 0) == 0) return true;
  return false;
}

const std::string kCat = std::string(SMC_SOURCE_DIR_STR) + "/scenarios/catalogue/lifecycle/";
const std::string kHere = std::string(SMC_SOURCE_DIR_STR) + "/tests/conformance/";

}  // namespace

TEST_CASE("--smcss details: CLOSED, both directions shut (R-W), 64 KiB each way in the cursors") {
  auto r = smcsim("run '" + kCat + "close-client-first.toml' --smcss details");
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Shutd Token    Sndbuf   Rcvbuf   Peerbuf  rxprod-Cursor") != std::string::npos);
  const std::string row = first_row_after(r.out, "== client app cli ==");
  INFO(row);
  CHECK(row.rfind("CLOSED ", 0) == 0);
  CHECK(row.find(" SMCR  R-W ") != std::string::npos);
  // 64 KiB into a 64 KiB RMBE: one wrap, count 0 (smcss prints wrap:count, %04x:%08x).
  CHECK(row.find("0001:00000000 0001:00000000") != std::string::npos);
  // Connection-state flags: peer_conn_closed (0x40) received and sent.
  CHECK(row.find(":40 ") != std::string::npos);
}

TEST_CASE("--smcss rdma: an ACTIVE socket shows its link group's role, device and link") {
  auto r = smcsim("run '" + kHere + "lifecycle_never_closed.toml' --smcss rdma");
  REQUIRE(r.exit_code == 0);
  const std::string cli = first_row_after(r.out, "== client app cli ==");
  const std::string srv = first_row_after(r.out, "== server app srv ==");
  INFO(cli);
  INFO(srv);
  CHECK(cli.rfind("ACTIVE ", 0) == 0);
  CHECK(cli.find(" SMCR CLNT roce0 ") != std::string::npos);
  CHECK(srv.find(" SMCR SERV roce0 ") != std::string::npos);
}

TEST_CASE("--smcss all lists the same CLOSED sockets") {
  auto r = smcsim("run '" + kCat + "abort-unread-data.toml' --smcss all");
  REQUIRE(r.exit_code == 0);
  CHECK(first_row_after(r.out, "== client app cli ==").rfind("CLOSED ", 0) == 0);
  CHECK(first_row_after(r.out, "== server app srv ==").rfind("CLOSED ", 0) == 0);
}

TEST_CASE("--linkgroups after a failover: one group per host, one link left, on the second device") {
  auto r = smcsim("run '" + kCat + "failover-two-links.toml' --linkgroups");
  REQUIRE(r.exit_code == 0);
  CHECK(has_line_starting(r.out, "== host client: link groups =="));
  CHECK(has_line_starting(r.out, "LG-ID    LG-Role LG-Type #Conns #Links"));
  CHECK(r.out.find(" CLNT    SYM          0      1\n") != std::string::npos);
  CHECK(r.out.find(" SERV    SYM          0      1\n") != std::string::npos);
  CHECK(has_line_starting(r.out, "  link 02 roce1      port 1 ACTIVE"));
  CHECK_FALSE(has_line_starting(r.out, "  link 01 roce0"));
  CHECK(r.out.find("counters: link_groups=1 links=1 smcr.connections=1") != std::string::npos);
}

TEST_CASE("--linkgroups after the only link died: no link group left") {
  auto r = smcsim("run '" + kCat + "one-link-killed.toml' --linkgroups");
  REQUIRE(r.exit_code == 0);
  auto ls = lines(r.out);
  for (std::size_t i = 0; i + 2 < ls.size(); ++i)
    if (ls[i].rfind("== host ", 0) == 0) CHECK(ls[i + 2].rfind("counters:", 0) == 0);
}

TEST_CASE("--smcss rejects an unknown view") {
  auto r = smcsim("run '" + kCat + "close-client-first.toml' --smcss bogus");
  CHECK(r.exit_code == 2);
}
