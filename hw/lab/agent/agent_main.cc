// smc-lab-agent: runs a case list inside the kernel-lab guest and prints one line per case,
// "SMCLAB-CASE {json}", on stdout (the serial console). A line that does not parse is
// reported as an error case rather than stopping the run.
#include <signal.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "hw/lab/agent/guest_case.h"
#include "hw/lab/lab_case.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CASE-LIST\n", argv[0]);
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ++n;
    std::string error;
    auto c = smc::lab::parse_line(line, &error);
    std::string json = c ? smc::lab::agent::run_guest_case(*c)
                         : "{\"id\":\"line-" + std::to_string(n) + "\",\"status\":\"error\",\"detail\":\"" + error +
                               "\",\"sockets\":[]}";
    std::printf("SMCLAB-CASE %s\n", json.c_str());
    std::fflush(stdout);
  }
  return 0;
}
