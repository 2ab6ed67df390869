#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/lab_backend.h"

namespace {

std::string catalogue() {
  const char* d = std::getenv("SMC_SOURCE_DIR");
  return std::string(d ? d : ".") + "/scenarios/catalogue";
}

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("lab cli: cases the lab cannot express are reported unsupported, without booting") {
  std::string out = "lab_cli_test.out.txt";
  // SMC-D over loopback-ism: one host, an ISM device; nothing to run in the guest.
  int rc = smc::cli::conform_on_kernel_lab(catalogue(), {"success/smcd"}, "table", out, true);
  CHECK(rc == smc::cli::kExitOk);
  std::string text = slurp(out);
  CHECK(text.find("success/smcd-loopback") != std::string::npos);
  CHECK(text.find("unsupported-on-backend") != std::string::npos);
  CHECK(text.find("ISM") != std::string::npos);
  CHECK(text.find("differential: 0 compared") != std::string::npos);
  std::remove(out.c_str());
}

TEST_CASE("lab cli: bad selections and formats are usage errors") {
  CHECK_THROWS_AS(smc::cli::conform_on_kernel_lab(catalogue(), {"no/such/case"}, "table", "", false),
                  smc::cli::UsageError);
  CHECK_THROWS_AS(smc::cli::conform_on_kernel_lab(catalogue(), {}, "html", "", false), smc::cli::UsageError);
  CHECK_THROWS_AS(smc::cli::conform_on_kernel_lab("/nonexistent", {}, "table", "", false), smc::cli::UsageError);
}
