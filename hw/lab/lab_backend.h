#pragma once
// The kernel-lab backend: runs catalogue scenarios on real Linux 6.12 SMC (soft-RoCE in a
// qemu guest, scripts/lab/run) and judges them like the simulator's backend does; with
// `differential`, also runs the simulator on the same setup and puts both side by side.
#include <string>
#include <vector>

#include "conformance/case_result.h"
#include "hw/lab/lab_result.h"
#include "scenarios/scenario.h"

namespace smc::lab {

struct LabOptions {
  std::string agent;          // the static guest agent; default: the one this build made
  std::string scripts_dir;    // scripts/lab; default: this source tree's
  std::string work_dir;       // case list, result, console log; default: a fresh temp dir
  std::string result_file;    // non-empty: judge this earlier lab result instead of booting
  int timeout_s = 540;        // the whole guest run (the ctest budget is 10 minutes)
  bool differential = false;  // also run the simulator on each lab case
};

// One side of one connection, simulator and kernel in smcss words.
struct LabSideView {
  std::string who;            // "cli#1", "srv#1"
  std::string sim;            // "TCP 0x05000000/0x03030000", "SMCR", "-", "dropped", "failed", "INIT"
  std::string kernel;         // same vocabulary; "missing" when the guest never reported it
  bool agree = false;
};

struct LabCaseResult {
  conformance::CaseResult result;   // the kernel judged against the scenario's [[expect]]
  std::string lab_line;             // the case as sent to the guest ("" when not run)
  std::string status;               // ok | hung | error | not-run | unsupported
  std::vector<std::string> adaptations;  // what the lab changed (rxe for mlx5, the profile ...)
  std::vector<LabSocketResult> sockets;  // raw, for the JSON report
  // Differential (options.differential):
  bool compared = false;            // both sides ran
  bool agree = false;               // every side view equal
  std::vector<LabSideView> sides;
  std::string sim_note;             // why the simulator did not run it, if it did not
};

struct LabRunInfo {
  std::string kernel;
  double wall_s = 0;
  bool complete = false;
  std::string error;                // the guest could not be run or its result not read
  std::string console_log;
};

// Translates every case, runs the expressible ones in one guest boot, judges them.
// Cases the lab cannot express come back unsupported-on-backend with the reason.
std::vector<LabCaseResult> run_lab_catalogue(const std::vector<scenarios::Scenario>& cases,
                                             const LabOptions& options, LabRunInfo* info = nullptr);

// Judges one case from an already parsed lab run (run_lab_catalogue's second half; tests
// use it with recorded results). `run` may be null: the case was not run.
LabCaseResult judge_lab_case(const scenarios::Scenario& s, const LabCaseRun* run, const LabOptions& options,
                             int port);

// A differential case fails when it was compared and disagrees, or the lab did not finish it.
bool differential_failed(const LabCaseResult& r);

// "id | side | simulator | kernel | verdict" lines, then a summary line.
std::string format_differential(const std::vector<LabCaseResult>& results);

}  // namespace smc::lab
