#pragma once
// Each subcommand lives in its own cmd_<name>.cc and registers itself on the app.
// Exit codes are a contract with users' scripts: 0 success, 1 a failed expectation
// (or malformed bytes for `decode`), 2 bad arguments or bad input files.
#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>

namespace smc::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Thrown by a command for bad arguments or unreadable/invalid input files: main prints
// the one line and exits 2. Exceptions stop at this edge; the libraries return values.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A command's callback writes its exit code here.
struct CommandContext {
  int exit_code = kExitOk;
};

// The catalogue directory: --catalogue DIR if given; else ./scenarios/catalogue when it
// exists; else $SMC_SOURCE_DIR/scenarios/catalogue; else the source tree of this build.
std::string catalogue_dir(const std::string& option);

void add_version_command(CLI::App& app, CommandContext& ctx);
void add_decode_command(CLI::App& app, CommandContext& ctx);
void add_run_command(CLI::App& app, CommandContext& ctx);
void add_conform_command(CLI::App& app, CommandContext& ctx);
void add_list_command(CLI::App& app, CommandContext& ctx);
void add_explain_command(CLI::App& app, CommandContext& ctx);
void add_fuzz_command(CLI::App& app, CommandContext& ctx);
void add_replay_command(CLI::App& app, CommandContext& ctx);
void add_perf_command(CLI::App& app, CommandContext& ctx);
void add_rxe_command(CLI::App& app, CommandContext& ctx);

}  // namespace smc::cli
