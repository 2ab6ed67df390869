#include <cstdlib>
#include <filesystem>

#include "cli/command.h"

namespace smc::cli {

// --catalogue DIR if given; else ./scenarios/catalogue when it exists; else $SMC_SOURCE_DIR's;
// else the source tree this binary was built from.
std::string catalogue_dir(const std::string& option) {
  if (!option.empty()) return option;
  if (std::filesystem::is_directory("scenarios/catalogue")) return "scenarios/catalogue";
  if (const char* src = std::getenv("SMC_SOURCE_DIR")) {
    std::string d = std::string(src) + "/scenarios/catalogue";
    if (std::filesystem::is_directory(d)) return d;
  }
  return SMC_CATALOGUE_DIR;  // the source tree this binary was built from (cli/CMakeLists.txt)
}

}  // namespace smc::cli
