#pragma once
// `smcsim conform --backend kernel-lab [--differential]`: the conformance catalogue (plus the
// lab's own cases in hw/lab/cases) run on real Linux 6.12 SMC over soft-RoCE in a qemu guest
// (hw/lab/, scripts/lab/). Available when smcsim links smc_hw_lab (SMC_HAVE_LAB).
#include <string>
#include <vector>

namespace smc::cli {

// Loads `catalogue` (and hw/lab/cases), keeps the cases whose id starts with one of
// `prefixes` (all when empty), runs them in the lab and writes the report in `format`
// (table | json | junit) to `out` (stdout when empty). With `differential`, each case the
// lab ran also runs in the simulator at linux-6.12; a disagreement fails the case, and the
// table report ends with the side-by-side comparison. Returns the exit code (kExitOk or
// kExitFailed); throws UsageError for a bad catalogue, format or output file.
int conform_on_kernel_lab(const std::string& catalogue, const std::vector<std::string>& prefixes,
                          const std::string& format, const std::string& out, bool differential);

}  // namespace smc::cli
