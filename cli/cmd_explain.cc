// `smcsim explain <code | smcss mode | smcss row>`: what a cause code means, who detects it
// and where, which kernels have it, its causes and fixes, and the catalogue cases that
// reproduce it. Exit 0 when every code is known, 1 when one is not, 2 for input that is
// neither a code nor an smcss Mode.
#include <fmt/core.h>

#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "protocol/knowledge/explain.h"

namespace smc::cli {

void add_explain_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("explain", "explain a cause code (0x03030004) or an smcss Mode (\"TCP 0x05000000/0x03030000\")");
  struct Args {
    std::vector<std::string> words;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("code", args->words, "a code, an smcss Mode string or a whole smcss row")->required();
  cmd->add_option("--format", args->format, "output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([args, &ctx] {
    // Unquoted `explain TCP 0x05000000/0x03030000` arrives as two words.
    std::string input;
    for (const auto& w : args->words) input += (input.empty() ? "" : " ") + w;
    auto req = knowledge::parse_explain_input(input);
    if (!req) {
      throw UsageError("explain: \"" + input + "\" is neither a cause code (0x03030004) nor an smcss Mode (SMCR, "
                       "TCP 0x05000000/0x03030000)");
    }
    auto result = args->format == "json" ? knowledge::explain_json(*req) : knowledge::explain_text(*req);
    fmt::print("{}", result.output);
    ctx.exit_code = result.all_known ? kExitOk : kExitFailed;
  });
}

}  // namespace smc::cli
