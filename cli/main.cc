#include <cstdio>
#include <exception>

#include "cli/command.h"

int main(int argc, char** argv) {
  using namespace smc::cli;
  CLI::App app{"smcsim: a deterministic simulator and conformance suite for SMC (SMC-R, SMC-D; v1, v2, v2.1)",
               "smcsim"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "help for every subcommand");
  CommandContext ctx;
  add_run_command(app, ctx);
  add_conform_command(app, ctx);
  add_list_command(app, ctx);
  add_explain_command(app, ctx);
  add_decode_command(app, ctx);
  add_fuzz_command(app, ctx);
  add_replay_command(app, ctx);
  add_perf_command(app, ctx);
  add_rxe_command(app, ctx);
  add_version_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "smcsim: %s (see smcsim --help)\n", e.what());
    return kExitUsage;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smcsim: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smcsim: internal error: %s\n", e.what());
    return kExitUsage;
  }
  return ctx.exit_code;
}
