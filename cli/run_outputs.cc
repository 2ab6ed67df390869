#include "cli/run_outputs.h"

#include "cli/command.h"
#include "cli/ladder_output.h"

namespace smc::cli {

void RunOutputs::add_options(CLI::App* cmd) {
  cmd->add_option("--trace", trace_path_, "write the trace to F (F.jsonl: JSON lines)");
  add_ladder_option(cmd, ladder_path_);
  cmd->add_option("--pcap", pcap_path_,
                  "write what the hosts send (TCP: SYN options, CLC, fallback data) as a pcap file; RDMA is not in it, "
                  "as tcpdump on a real host does not see it");
}

conformance::RunOptions RunOutputs::open() {
  conformance::RunOptions opt;
  if (!trace_path_.empty()) {
    trace_file_.open(trace_path_, std::ios::binary);
    if (!trace_file_) throw UsageError("cannot write " + trace_path_);
    if (trace_path_.ends_with(".jsonl")) sink_ = std::make_unique<sim::JsonTraceSink>(trace_file_);
    else sink_ = std::make_unique<sim::TextTraceSink>(trace_file_);
    opt.trace = sink_.get();
  }
  if (!pcap_path_.empty()) opt.capture = &capture_;
  return opt;
}

void RunOutputs::finish(const scenarios::Scenario& s, const std::vector<world::ConnectionOutcome>& conns) {
  if (!pcap_path_.empty()) {
    std::string err;
    if (!capture_.save(pcap_path_, &err)) throw UsageError("cannot write " + pcap_path_ + ": " + err);
  }
  if (!ladder_path_.empty()) write_ladder_file(ladder_path_, s, conns);
}

}  // namespace smc::cli
