#include <fmt/core.h>

#include "cli/command.h"

namespace smc::cli {

void add_version_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("version", "print smcsim's version");
  cmd->callback([&ctx] {
    fmt::print("smcsim {}\n", SMCSIM_VERSION);
    ctx.exit_code = kExitOk;
  });
}

}  // namespace smc::cli
