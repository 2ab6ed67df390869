// Subcommands whose engine has not landed yet. Each says so in one line and exits 2,
// so a script never mistakes a missing feature for a pass. Remove an entry here when
// its cmd_<name>.cc lands.
#include "cli/command.h"

namespace smc::cli {

namespace {
[[maybe_unused]] void add_pending(CLI::App& app, CommandContext& ctx, const char* name, const char* what, const char* issue) {
  auto* cmd = app.add_subcommand(name, what);
  cmd->allow_extras();
  cmd->callback([name, issue, &ctx] {
    (void)ctx;
    throw UsageError(std::string(name) + " is not available in this build yet (" + issue + ")");
  });
}
}  // namespace

}  // namespace smc::cli
