#pragma once
// Loads a golden hex vector kept next to the tests ("# comment" lines, then a hexdump).
// Tests run from the source root (smc_add_test sets the working directory).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "protocol/wire/bytes.h"

namespace smc::test {

inline wire::Bytes load_vector(const std::string& relative_path) {
  std::ifstream in(relative_path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << relative_path);
  std::string line, hex;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') hex += line + "\n";
  wire::Bytes out;
  std::string err;
  REQUIRE_MESSAGE(wire::parse_hex(hex, out, &err), relative_path << ": " << err);
  return out;
}

}  // namespace smc::test
