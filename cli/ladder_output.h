#pragma once
// `--ladder F.svg` for every command that runs a scenario (run, and fuzz / replay): one helper
// adds the option with the same wording everywhere, one writes the file.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "scenarios/scenario.h"
#include "sim/world/connection_outcome.h"

namespace smc::cli {

// Adds "--ladder F.svg" to cmd, storing the path in `path`.
CLI::Option* add_ladder_option(CLI::App* cmd, std::string& path);

// Writes the ladder diagram (conformance/ladder) of a run of `s` — every connection, one
// section each — to `path`. Throws UsageError when the file cannot be written.
void write_ladder_file(const std::string& path, const scenarios::Scenario& s,
                       const std::vector<world::ConnectionOutcome>& conns);

}  // namespace smc::cli
