// smcsim list: the conformance cases of the catalogue, one per line (id, title).
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/command.h"
#include "conformance/case_runner.h"

namespace smc::cli {

// --catalogue DIR if given; else ./scenarios/catalogue when it exists; else $SMC_SOURCE_DIR's;
// else the source tree this binary was built from. Shared with cmd_conform.cc.
std::string catalogue_dir(const std::string& option);

std::string catalogue_dir(const std::string& option) {
  if (!option.empty()) return option;
  if (std::filesystem::is_directory("scenarios/catalogue")) return "scenarios/catalogue";
  if (const char* src = std::getenv("SMC_SOURCE_DIR")) {
    std::string d = std::string(src) + "/scenarios/catalogue";
    if (std::filesystem::is_directory(d)) return d;
  }
#ifdef SMC_CATALOGUE_DIR
  return SMC_CATALOGUE_DIR;
#else
  // The build-time location of the source tree: this file is cli/cmd_list.cc in it.
  return (std::filesystem::path(__FILE__).parent_path().parent_path() / "scenarios" / "catalogue").string();
#endif
}

void add_list_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("list", "list the conformance cases (id, title)");
  auto dir = std::make_shared<std::string>();
  cmd->add_option("--catalogue", *dir, "catalogue directory (default: scenarios/catalogue)");
  cmd->callback([dir, &ctx] {
    auto cat = conformance::load_catalogue(catalogue_dir(*dir));
    if (!cat) throw UsageError(cat.error().to_string());
    for (const auto& s : cat->cases) std::printf("%-48s %s\n", s.id.c_str(), s.title.c_str());
    ctx.exit_code = kExitOk;
  });
}

}  // namespace smc::cli
