#pragma once
// A scenario file problem, reported as `file:line: what is wrong` (the CLI exits 2).
#include <string>

#include "protocol/common/result.h"

namespace smc::scenarios {

struct ScenarioError {
  std::string file;
  unsigned line = 0;  // 1-based; 0 when the problem is not tied to a line (unreadable file)
  std::string message;

  std::string to_string() const {
    return line ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
  }
};

template <typename T>
using ScenarioResult = Result<T, ScenarioError>;

}  // namespace smc::scenarios
