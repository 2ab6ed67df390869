#pragma once
// The files a command that runs one scenario can write (`run`, `replay`): --trace F (text, or
// JSON lines for F.jsonl), --ladder F.svg and --pcap F. One place adds the options with the
// same wording, opens them before the run and writes them after it.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "conformance/case_runner.h"
#include "scenarios/scenario.h"
#include "sim/kernel/trace_sink.h"
#include "sim/pcap/pcap_writer.h"
#include "sim/world/connection_outcome.h"

namespace smc::cli {

class RunOutputs {
 public:
  void add_options(CLI::App* cmd);
  // Opens the trace file; the returned options send the trace and the capture to them.
  // Throws UsageError when the trace file cannot be written.
  conformance::RunOptions open();
  // Writes the capture and the ladder of the run (also of a run that could not happen: its
  // diagram says so). Throws UsageError when a file cannot be written.
  void finish(const scenarios::Scenario& s, const std::vector<world::ConnectionOutcome>& conns);

 private:
  std::string trace_path_, ladder_path_, pcap_path_;
  std::ofstream trace_file_;
  std::unique_ptr<sim::TraceSink> sink_;
  pcap::PcapWriter capture_;
};

}  // namespace smc::cli
