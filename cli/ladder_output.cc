#include "cli/ladder_output.h"

#include <fstream>

#include "cli/command.h"
#include "conformance/ladder/ladder_builder.h"
#include "conformance/ladder/ladder_svg.h"

namespace smc::cli {

CLI::Option* add_ladder_option(CLI::App* cmd, std::string& path) {
  return cmd->add_option("--ladder", path, "write the run's ladder (sequence) diagram to F.svg")->type_name("F.svg");
}

void write_ladder_file(const std::string& path, const scenarios::Scenario& s,
                       const std::vector<world::ConnectionOutcome>& conns) {
  std::string svg = ladder::render_svg(ladder::ladder_of_run(s, conns));
  std::ofstream f(path, std::ios::binary);
  if (!f) throw UsageError("cannot write " + path);
  f << svg;
  f.close();
  if (!f) throw UsageError("cannot write " + path);
}

}  // namespace smc::cli
