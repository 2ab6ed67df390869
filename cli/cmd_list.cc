// smcsim list: the conformance cases of the catalogue, one per line (id, title).
#include <cstdio>

#include "cli/command.h"
#include "conformance/case_runner.h"

namespace smc::cli {

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
