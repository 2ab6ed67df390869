#pragma once
// Loads the golden vectors of tests/clc/vectors/ (hexdump text, '#' comment lines).
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "protocol/wire/bytes.h"

namespace smc::clc::test {

inline std::string vector_dir() {
  const char* src = std::getenv("SMC_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/clc/vectors/";
}

inline wire::Bytes load_vector(const std::string& name) {
  std::ifstream in(vector_dir() + name + ".hex");
  if (!in) throw std::runtime_error("no vector " + name);
  std::string line, text;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') text += line + "\n";
  wire::Bytes b;
  std::string err;
  if (!wire::parse_hex(text, b, &err)) throw std::runtime_error(name + ": " + err);
  return b;
}

inline const char* const kAllVectors[] = {
    "proposal_v1_r_52", "proposal_v2_r_164", "proposal_v2_d_190", "accept_smcr_v1_fc_68",
    "confirm_smcr_v1_fc_68", "accept_smcr_v2_fc_160", "confirm_smcr_v2_fc_180", "accept_smcr_v2_108",
    "accept_smcd_v1_fc_48", "accept_smcd_v2_fc_rel1_130", "accept_smcd_v2_fc_rel0_114", "decline_v1_28",
    "decline_v1_out_of_sync_28", "decline_v2_44", "capture_proposal_v2_rv2_only_156",
    "capture_accept_smcr_v2_fc_160", "capture_confirm_smcr_v2_fc_k2_196", "capture_accept_smcr_v2_108",
    "capture_confirm_smcr_v2_108", "capture_accept_smcr_v2_256k_108", "capture_decline_v1_28",
    "own_accept_smcd_v2_78", "own_confirm_smcd_v2_78", "own_proposal_v2_r_ipv6_198", "own_proposal_v1_r_ipv6_69",
    "own_proposal_v1_rd_92",
};

}  // namespace smc::clc::test
