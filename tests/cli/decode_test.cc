// `smcsim decode` end to end: the real binary on the vectors of wire-format.md §9, the
// real captures, concatenated raw files, garbage and bad arguments; output and exit codes
// (0 ok, 1 malformed bytes, 2 usage / input error).
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Run {
  int exit_code = -1;
  bool signaled = false;
  std::string out;
  std::string err;
};

fs::path scratch(const std::string& name) {
  return fs::temp_directory_path() / ("smcsim_cli_test_" + std::to_string(getpid()) + "_" + name);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// args are passed through the shell: callers quote them.
Run smcsim(const std::string& args) {
  fs::path err = scratch("stderr");
  std::string cmd = std::string("'") + SMCSIM_PATH + "' " + args + " 2>'" + err.string() + "'";
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  // The shell reports a child killed by a signal as 128 + signal.
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
    r.signaled = r.exit_code > 128;
  } else {
    r.signaled = true;
  }
  r.err = slurp(err);
  fs::remove(err);
  return r;
}

std::string capture(const char* name) {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return std::string(d ? d : ".") + "/tests/data/captures/" + name;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> v;
  std::stringstream ss(s);
  for (std::string l; std::getline(ss, l);) v.push_back(l);
  return v;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// wire-format.md §9: CLC Decline v2, reason 0x03030008 (peer sent no UEID), OS Linux.
const char* kDeclineV2 =
    "e2 d4 c3 d9 04 00 2c 20 c3 d4 02 00 00 00 00 02 03 03 00 08 20 00 00 00 00 00 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 e2 d4 c3 d9";
// shared/captures/README.md: CDC frame 27 and LLC v2 Test Link request frame 55 (44 bytes each).
const char* kCdc27 =
    "fe 2c 00 01 00 00 00 01 00 00 00 00 00 00 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 00 00 00 00";
const char* kTestLink55 =
    "27 2c 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 "
    "00 00 00 00 00 00 00 00 00 00 00 00";

}  // namespace

TEST_CASE("a Decline vector decodes as a tree with the code in smcss form and by name") {
  auto r = smcsim(std::string("decode --hex '") + kDeclineV2 + "'");
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(contains(r.out, "0x03030008"));
  CHECK(contains(r.out, "peer sent no UEID"));
  CHECK(contains(r.out, "(44 bytes)"));
}

TEST_CASE("JSON: one object per message with type and length") {
  auto r = smcsim(std::string("decode --format json --hex '") + kDeclineV2 + "'");
  CHECK(r.exit_code == 0);
  auto l = lines(r.out);
  REQUIRE(l.size() == 1);
  CHECK(l[0].front() == '{');
  CHECK(l[0].back() == '}');
  CHECK(contains(l[0], "\"type\":\"clc_decline\""));
  CHECK(contains(l[0], "\"length\":44"));
  CHECK(contains(l[0], "0x03030008"));
}

TEST_CASE("--kind auto: 0xFE is CDC, other bytes LLC; --kind forces a codec") {
  auto cdc = smcsim(std::string("decode --format json --hex '") + kCdc27 + "'");
  CHECK(cdc.exit_code == 0);
  CHECK(contains(cdc.out, "\"type\":\"cdc\""));
  auto llc = smcsim(std::string("decode --format json --hex '") + kTestLink55 + "'");
  CHECK(llc.exit_code == 0);
  CHECK(contains(llc.out, "\"type\":\"llc_test_link\""));
  // A CLC message read as LLC is malformed: exit 1, error printed.
  auto forced = smcsim(std::string("decode --kind llc --hex '") + kDeclineV2 + "'");
  CHECK(forced.exit_code == 1);
  CHECK(contains(forced.out, "malformed llc message"));
  auto opts = smcsim("decode --kind tcp-options --format json --hex '02 04 05 b4 01 01 fe 06 e2 d4 c3 d9'");
  CHECK(opts.exit_code == 0);
  CHECK(contains(opts.out, "\"type\":\"tcp_options\""));
}

TEST_CASE("--file with several messages back to back") {
  fs::path f = scratch("concat.bin");
  {
    std::string hex = std::string(kCdc27) + " " + kTestLink55 + " " + kDeclineV2;
    std::ofstream out(f, std::ios::binary);
    std::stringstream ss(hex);
    for (std::string byte; ss >> byte;) out.put(static_cast<char>(std::stoi(byte, nullptr, 16)));
  }
  auto r = smcsim("decode --format json --file '" + f.string() + "'");
  fs::remove(f);
  CHECK(r.exit_code == 0);
  auto l = lines(r.out);
  REQUIRE(l.size() == 3);
  CHECK(contains(l[0], "\"offset\":0,"));
  CHECK(contains(l[0], "\"type\":\"cdc\""));
  CHECK(contains(l[1], "\"offset\":44,"));
  CHECK(contains(l[1], "\"type\":\"llc_test_link\""));
  CHECK(contains(l[2], "\"offset\":88,"));
  CHECK(contains(l[2], "\"type\":\"clc_decline\""));
}

TEST_CASE("--pcap on the first-contact capture: every SMC message with its frame") {
  auto r = smcsim("decode --format json --pcap '" + capture("linux-6.12-rxe-smcr-v2-first-contact.pcap") + "'");
  CHECK(r.exit_code == 0);
  auto l = lines(r.out);
  // README: 2 SYNs, 3 CLC, 31 LLC/CDC SENDs, 2 RDMA WRITEs.
  REQUIRE(l.size() == 38);
  CHECK(contains(l[0], "\"frame\":3,"));
  CHECK(contains(l[2], "\"frame\":6,"));
  CHECK(contains(l[2], "\"type\":\"clc_proposal\""));
  CHECK(contains(l[2], "\"length\":156"));
  CHECK(contains(l[2], "\"src\":\"10.0.0.1:43472\""));
  for (const auto& line : l) CHECK(contains(line, "\"frame\":"));
  auto tree = smcsim("decode --pcap '" + capture("linux-6.12-rxe-smcr-v2-decline-no-ueid.pcap") + "'");
  CHECK(tree.exit_code == 0);
  CHECK(contains(tree.out, "frame 8 "));
  CHECK(contains(tree.out, "0x03030000"));
}

TEST_CASE("malformed bytes: the typed error with its offset, exit 1") {
  // Header claims 255 bytes; only 8 are there.
  auto r = smcsim("decode --hex 'e2 d4 c3 d9 01 00 ff 20'");
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "offset"));
  auto j = smcsim("decode --format json --hex '21 2c 00'");
  CHECK(j.exit_code == 1);
  CHECK(contains(j.out, "\"error\":{\"kind\":"));
  CHECK(contains(j.out, "\"offset\":"));
}

TEST_CASE("usage and input errors: one line on stderr, exit 2") {
  for (const char* args : {"decode --hex 'zz'", "decode --hex 'e2 d'", "decode --file /nonexistent/x.bin",
                           "decode --pcap /nonexistent/x.pcap", "decode", "decode --hex 00 --file x",
                           "decode --format xml --hex 00", "decode --kind pcap --hex 00"}) {
    auto r = smcsim(args);
    CHECK_MESSAGE(r.exit_code == 2, args);
    CHECK_MESSAGE(lines(r.err).size() == 1, args, ": ", r.err);
    CHECK_MESSAGE(r.out.empty(), args);
  }
  // A file that is not a capture.
  fs::path f = scratch("not.pcap");
  { std::ofstream(f) << "hello, not a capture\n"; }
  auto r = smcsim("decode --pcap '" + f.string() + "'");
  fs::remove(f);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "bad magic"));
}

TEST_CASE("garbage never crashes: exit 0 or 1 for any bytes and any kind") {
  std::uint32_t state = 12345;  // fixed seed: the same inputs every run
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 24;
  };
  const char* kinds[] = {"auto", "clc", "llc", "cdc", "smcd-cdc", "tcp-options"};
  // Some inputs start like real messages so the decoders get past their first checks.
  const char* prefixes[] = {"", "e2 d4 c3 d9 ", "fe 2c ", "21 2c 00 ", "e2 d4 c3 d9 01 00 "};
  static constexpr char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < 60; ++i) {
    std::string hex = prefixes[i % 5];
    std::size_t len = 1 + next() % 120;
    for (std::size_t k = 0; k < len; ++k) {
      unsigned b = next();
      hex += kDigits[b >> 4 & 0xf];
      hex += kDigits[b & 0xf];
      hex += ' ';
    }
    const char* kind = kinds[i % 6];
    auto r = smcsim(std::string("decode --kind ") + kind + " --hex '" + hex + "'");
    CHECK_MESSAGE(!r.signaled, kind, " ", hex);
    CHECK_MESSAGE((r.exit_code == 0 || r.exit_code == 1), kind, " ", hex);
  }
}
